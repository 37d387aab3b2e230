"""Files are checked in their tree (``load.scope``) and every independent problem shows in one
pass (``load.partial``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tongban_rules.cli.main import main
from tongban_rules.load.scope import find_root, validate

ITEM = "items/demo/demo-item.yaml"


def edit(rules: Path, old: str, new: str, rel: str = ITEM) -> Path:
    path = rules / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def found(diags) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in diags]


def test_a_file_is_checked_against_its_registries(rules: Path) -> None:
    path = edit(rules, "when: age >= 16", "when: agee >= 16")
    assert found(validate(path)) == [("TB403", 26, 11)]
    assert find_root(path) == rules


def test_only_the_given_files_unless_all(rules: Path) -> None:
    edit(rules, "when: age >= 16", "when: agee >= 16")
    laws = edit(rules, "id: demo-law", "id: demo-law\n    bogus: 1", "registries/laws.yaml")
    item = rules / ITEM
    assert {d.file for d in validate(item)} == {str(item)}
    assert {d.file for d in validate(item, whole=True)} == {str(item), str(laws)}


def test_a_file_outside_any_tree_is_tb050(tmp_path: Path, rules: Path) -> None:
    lone = tmp_path / "lone.yaml"
    shutil.copy(rules / ITEM, lone)
    [d] = validate(lone)
    assert (d.code, d.file, d.line, d.column) == ("TB050", str(lone), 1, 1)
    [d] = validate(lone, rules=rules)
    assert (d.code, d.message) == ("TB050", f"{lone} 不在规则目录 {rules} 中")


def test_rules_option_names_the_tree(rules: Path) -> None:
    path = edit(rules, "when: age >= 16", "when: agee >= 16")
    assert found(validate(path, rules=rules)) == [("TB403", 26, 11)]
    [d] = validate(path, rules=rules / "nope")
    assert d.code == "TB008"


def test_missing_file_and_non_rule_file(rules: Path) -> None:
    [d] = validate(rules / "items/demo/nope.yaml")
    assert (d.code, d.message) == ("TB008", f"文件不存在: {rules / 'items/demo/nope.yaml'}")
    notes = rules / "items/demo/notes.txt"
    notes.write_text("x", encoding="utf-8")
    hidden = rules / "items/.drafts/x.yaml"
    hidden.parent.mkdir()
    shutil.copy(rules / ITEM, hidden)
    assert [(d.code, d.file) for d in validate(notes, hidden)] == [("TB206", str(hidden)), ("TB206", str(notes))]


def test_a_registry_file_is_read_with_the_whole_tree(rules: Path) -> None:
    laws = edit(rules, "id: demo-law", "id: demo-law\n    bogus: 1", "registries/laws.yaml")
    assert [d.code for d in validate(laws)] == ["TB207", "TB201"]  # as in the tree: a broken registry is missing


def test_a_registry_file_reports_the_references_into_it(rules: Path) -> None:
    laws = edit(rules, "id: demo-pricing", "id: demo-pricing-renamed", "registries/laws.yaml")
    found = validate(laws)
    assert found and {(d.code, d.file) for d in found} == {("TB301", str(rules / ITEM))}


def test_check_of_one_file_reports_its_checks_only(capsys, rules: Path) -> None:
    edit(rules, "when: age >= 16", "when: agee >= 16")
    edit(rules, "status: reviewed", "status: reviewed\nbogus: 1", "tasklist.yaml") if "status: reviewed" in (
        rules / "tasklist.yaml").read_text(encoding="utf-8") else None
    code = main(["check", str(rules / ITEM), "--as-of", "2026-01-01", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1 and '"TB403"' in out and str(rules / "tasklist.yaml") not in out


def test_check_of_an_item_reports_its_failing_cases(capsys, rules: Path) -> None:
    cases = edit(rules, 'fee: "20"', 'fee: "25"', "cases/demo-item.yaml")
    code = main(["check", str(rules / ITEM), "--as-of", "2026-01-01", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and [(d["code"], d["file"]) for d in out] == [("TB420", str(cases))]


def test_rules_option_alone_names_the_tree(capsys, rules: Path, monkeypatch) -> None:
    edit(rules, "when: age >= 16", "when: agee >= 16")
    monkeypatch.chdir(rules.parent.parent)  # no rules/ here
    assert main(["validate", "--rules", str(rules)]) == 1
    assert "TB403" in capsys.readouterr().out


def test_cli_file_outside_tree(capsys, tmp_path: Path) -> None:
    lone = tmp_path / "x.yaml"
    lone.write_text("id: x\n", encoding="utf-8")
    assert main(["validate", str(lone)]) == 1
    assert "TB050" in capsys.readouterr().out
    assert main(["check", str(lone)]) == 1
    assert "TB050" in capsys.readouterr().out


def test_relative_paths_show_as_given(rules: Path, monkeypatch) -> None:
    edit(rules, "when: age >= 16", "when: agee >= 16")
    monkeypatch.chdir(rules.parent)
    [d] = validate(os.path.join("rules", ITEM))
    assert d.file == os.path.join("rules", ITEM)


# ------------------------------------------------------------------ one pass


def test_unknown_key_does_not_hide_a_condition_error(rules: Path) -> None:
    path = edit(rules, "when: age >= 16", "when: agee >= 16")
    edit(rules, "themes: [hukou]", "themes: [hukou]\nremarks: 备注")
    assert found(validate(path)) == [("TB201", 9, 1), ("TB403", 27, 11)]
    assert found(validate(rules)) == [("TB201", 9, 1), ("TB403", 27, 11)]


def test_a_misspelt_required_key_lends_its_value(rules: Path) -> None:
    edit(rules, "department: police", "departmnt: police")
    edit(rules, "material: application-form", "material: application-frm")
    codes = [d.code for d in validate(rules / ITEM)]
    assert codes == ["TB202", "TB201", "TB301"]  # the missing key, the misspelt one, the material


def test_a_cut_list_entry_keeps_the_positions_of_the_next(rules: Path) -> None:
    edit(rules, "  - material: id-card\n    licences: [e-id-card]", "  - licences: [e-id-card]")
    edit(rules, "material: application-form", "material: application-frm")
    diags = validate(rules / ITEM)
    assert found(diags) == [("TB202", 29, 5), ("TB301", 30, 15)]
    assert diags[1].key_path == ("materials", 1, "material")  # the file's own path, not the model's


def test_an_unknown_key_hides_nothing_beside_it(rules: Path) -> None:
    edit(rules, "basis: [{law: demo-law, article: 第一条}]", "basis: [{law: no-such-law, article: 第一条, x: 1}]")
    assert sorted(d.code for d in validate(rules / ITEM)) == ["TB201", "TB301"]


def test_findings_beside_a_cut_value_are_hidden(capsys, rules: Path) -> None:
    edit(rules, "  basis: {law: demo-law, article: 第二条}", "  basis: 5")
    assert main(["check", str(rules / ITEM), "--as-of", "2026-01-01", "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert '"TB203"' in out and '"TB601"' not in out  # presence.required without basis echoes the type error


def test_a_broken_fact_is_not_cut_around(rules: Path) -> None:
    edit(rules, "    type: int", "    type: integer")
    edit(rules, "material: application-form", "material: application-frm")
    assert [d.code for d in validate(rules / ITEM)] == ["TB204"]  # conditions would echo the fact


def test_an_unknown_key_in_a_fact_is_cut(rules: Path) -> None:
    edit(rules, "  - id: age\n", "  - id: age\n    bogus: 1\n")
    edit(rules, "material: application-form", "material: application-frm")
    assert sorted(d.code for d in validate(rules / ITEM)) == ["TB201", "TB301"]


def test_a_salvaged_item_runs_its_checks_but_not_its_cases(capsys, rules: Path) -> None:
    edit(rules, "themes: [hukou]", "themes: [hukou]\nremarks: 备注")
    code = main(["check", str(rules), "--as-of", "2026-01-01", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1 and '"TB201"' in out and '"TB42' not in out and '"TB91' not in out
