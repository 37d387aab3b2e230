"""``tongban validate`` and ``tongban schema``: output formats, languages, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tongban_rules.cli.main import main
from tongban_rules.model.schemas import SCHEMA_FILES, schema_text

from .conftest import ROOT


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def break_item(rules: Path) -> None:
    path = rules / "items/demo/demo-item.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("department: police", "departmnt: police"), encoding="utf-8")


def test_clean_rules_exit_0(capsys, rules: Path) -> None:
    code, out, err = run(capsys, "validate", str(rules))
    assert (code, out) == (0, "")
    assert "0 个错误" in err


def test_text_format_zh_and_en(capsys, rules: Path) -> None:
    break_item(rules)
    code, out, _ = run(capsys, "validate", str(rules))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].endswith(":1:1: TB202 缺少必填的键: department")  # sorted by position
    assert any(ln.endswith(":6:1: TB201 未知的键: departmnt") for ln in lines)
    assert "提示: 是不是想写 “department”？" in out
    code, out, _ = run(capsys, "validate", str(rules), "--lang", "en")
    assert "TB201 unknown key: departmnt" in out and "hint: did you mean 'department'?" in out


def test_json_format_has_exactly_the_fields(capsys, rules: Path) -> None:
    break_item(rules)
    code, out, _ = run(capsys, "validate", str(rules), "--format", "json")
    data = json.loads(out)
    assert code == 1 and len(data) == 2
    assert set(data[0]) == {"code", "severity", "file", "line", "column", "message", "hint", "key_path"}
    assert [(d["code"], d["key_path"], d["line"]) for d in data] == [
        ("TB202", "department", 1), ("TB201", "departmnt", 6)]


def test_github_format(capsys, rules: Path) -> None:
    break_item(rules)
    _, out, _ = run(capsys, "validate", str(rules), "--format", "github")
    line = out.splitlines()[1]
    assert line.startswith("::error file=") and ",line=6,col=1,title=TB201::TB201 未知的键" in line
    assert "%0A" in line  # the hint is on a second line, escaped


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["validate", "--format", "xml"])
    assert caught.value.code == 2
    assert main([]) == 2


def test_missing_path_is_a_diagnostic_not_a_traceback(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(tmp_path / "nope"))
    assert code == 1 and "TB008" in out


def test_python_m_entry_point(rules: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tongban_rules", "validate", str(rules)], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_schema_command_writes_every_kind(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "schema", "-o", str(tmp_path))
    assert code == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([*SCHEMA_FILES.values(), "decision.schema.json", "diff.schema.json"])
    item = json.loads((tmp_path / "item.schema.json").read_text(encoding="utf-8"))
    assert item["additionalProperties"] is False and "department" in item["required"]


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_committed_schemas_are_current(kind: str) -> None:
    committed = ROOT / "schema" / SCHEMA_FILES[kind]
    assert committed.read_text(encoding="utf-8") == schema_text(kind), "run: tongban schema"


def test_bundled_files_declare_their_schema() -> None:
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.exists(), f"{path}: {target}"


def test_schema_validates_a_bundled_item_with_jsonschema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads(schema_text("item"))
    text = (ROOT / "tests/fixtures/minimal/items/demo/demo-item.yaml").read_text(encoding="utf-8")
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    jsonschema.validate(data, schema)


def test_readme_authoring_example_is_valid(tmp_path: Path) -> None:
    """The commented example in the README validates against the bundled registries."""
    import shutil

    from tongban_rules import validate

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "items/id-card/id-card-renewal-replacement.yaml").write_text(example, encoding="utf-8")
    assert [(d.code, d.line, d.message) for d in validate(rules)] == []
