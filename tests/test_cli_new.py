"""``tongban new``: a skeleton item and case file that validate and pass at once; refusals coded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tongban_rules.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_item_validates_and_its_case_passes_at_once(capsys, rules: Path) -> None:
    code, out, _ = run(capsys, "new", "hukou-move-in", "--theme", "hukou", "--rules", str(rules))
    item, case = rules / "items/hukou/hukou-move-in.yaml", rules / "cases/hukou-move-in.yaml"
    assert code == 0 and out.split() == [str(item), str(case)]
    assert run(capsys, "validate", str(rules), "--format", "json")[:2] == (0, "[]\n")
    code, out, _ = run(capsys, "test", str(rules), "--item", "hukou-move-in")
    assert code == 0 and "1 passed, 0 failed" in out
    item_text, case_text = item.read_text(encoding="utf-8"), case.read_text(encoding="utf-8")
    assert item_text.startswith("# yaml-language-server: $schema=../../../schema/item.schema.json\n")
    assert case_text.startswith("# yaml-language-server: $schema=../../schema/cases.schema.json\n")
    assert "status: draft" in item_text and "department: police" in item_text and "law: demo-law" in item_text
    assert re.search(r"^    date: \d{4}-\d{2}-\d{2} ", case_text, re.M)
    for text in (item_text, case_text):  # every comment line is Chinese
        comments = [line.split("#", 1)[1] for line in text.splitlines() if "# " in line and "$schema" not in line]
        assert comments and all(re.search(r"[\u4e00-\u9fff]", c) for c in comments)


def test_schema_lines_point_at_the_committed_schemas() -> None:
    from tongban_rules.cli.skeleton import CASES, ITEM

    for text, folder in ((ITEM, ROOT / "rules/items/hukou"), (CASES, ROOT / "rules/cases")):
        target = text.splitlines()[0].split("$schema=")[1]
        assert (folder / target).resolve().is_file()


@pytest.mark.parametrize(("argv", "code", "message"), [
    (("Hukou_Move",), "TB061", "Hukou_Move"),
    (("身份证换领",), "TB061", "身份证换领"),
    (("x" * 81,), "TB061", "x" * 81),
    (("hukou-move-in", "--theme", "hukuo"), "TB062", "hukuo"),
    (("hukou-move-in", "--theme", "户籍"), "TB062", "户籍"),
    (("hukou-move-in", "--theme", "space"), "TB062", "travel-documents 出入境"),
    (("demo-item", "--theme", "hukou"), "TB063", "cases/demo-item.yaml"),
])
def test_refusals_are_coded_and_write_nothing(capsys, rules: Path, argv: tuple, code: str, message: str) -> None:
    argv = (*argv, "--theme", "hukou") if "--theme" not in argv else argv
    before = sorted(rules.rglob("*"))
    status, _, err = run(capsys, "new", *argv, "--rules", str(rules))
    assert status == 1 and f" {code} " in err and message in err
    assert sorted(rules.rglob("*")) == before


def test_theme_suggestion_by_id_or_by_name(capsys, rules: Path) -> None:
    assert "hukou" in run(capsys, "new", "x", "--theme", "hukuo", "--rules", str(rules))[2].splitlines()[-1]
    assert "hukou" in run(capsys, "new", "x", "--theme", "户籍", "--rules", str(rules))[2].splitlines()[-1]
    assert "是不是" not in run(capsys, "new", "x", "--theme", "space", "--rules", str(rules))[2]


def test_an_item_defined_under_another_theme_is_not_redefined(capsys, rules: Path) -> None:
    (rules / "cases/demo-item.yaml").unlink()
    status, _, err = run(capsys, "new", "demo-item", "--theme", "hukou", "--rules", str(rules))
    assert status == 1 and " TB063 " in err and "items/demo/demo-item.yaml" in err
    assert not (rules / "items/hukou").exists() and not (rules / "cases/demo-item.yaml").exists()


def test_an_existing_case_file_alone_is_not_overwritten(capsys, rules: Path) -> None:
    (rules / "cases/hukou-move-in.yaml").write_text("# mine\n", encoding="utf-8")
    status, _, err = run(capsys, "new", "hukou-move-in", "--theme", "hukou", "--rules", str(rules))
    assert status == 1 and " TB063 " in err and "cases/hukou-move-in.yaml" in err
    assert (rules / "cases/hukou-move-in.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert not (rules / "items/hukou").exists()


def test_rules_that_do_not_load_are_refused(capsys, rules: Path, tmp_path: Path) -> None:
    status, _, err = run(capsys, "new", "x", "--theme", "hukou", "--rules", str(tmp_path / "missing"))
    assert status == 1 and " TB008 " in err and " TB064 " in err
    (rules / "registries/laws.yaml").write_text("laws: []\nbad: 1\n", encoding="utf-8")
    status, _, err = run(capsys, "new", "x", "--theme", "hukou", "--rules", str(rules))
    assert status == 1 and " TB201 " in err and " TB064 " in err and not (rules / "items/hukou").exists()


def test_registries_without_a_department_are_refused(capsys, tmp_path: Path) -> None:
    (tmp_path / "registries").mkdir()
    status, _, err = run(capsys, "new", "x", "--theme", "hukou", "--rules", str(tmp_path))
    assert status == 1 and " TB064 " in err and "登记表" in err and not (tmp_path / "items").exists()


def test_a_failed_write_leaves_nothing_behind(capsys, rules: Path, monkeypatch) -> None:
    real_open = Path.open

    def refuse_cases(self: Path, *args, **kwargs):
        if self.parent.name == "cases" and self.name == "hukou-move-in.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_cases)
    status, _, err = run(capsys, "new", "hukou-move-in", "--theme", "hukou", "--rules", str(rules))
    assert status == 1 and " TB064 " in err and "Permission denied" in err
    assert not (rules / "items/hukou/hukou-move-in.yaml").exists()
