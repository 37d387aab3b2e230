"""Case files: the date key ``date`` (``on`` deprecated, TB060) and ``tools/migrate_cases.py``."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import yaml

from tongban_rules import load_rules, validate
from tongban_rules.decide.cases import run_cases

from .patching import locate, patch

ROOT = Path(__file__).resolve().parent.parent
CASES = "cases/demo-item.yaml"


def _migrate_module():
    spec = importlib.util.spec_from_file_location("migrate_cases", ROOT / "tools" / "migrate_cases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


migrate = _migrate_module()


def found(rules: Path) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in validate(rules)]


def test_old_key_on_is_read_with_a_warning_at_the_key(rules: Path) -> None:
    text = patch(rules, CASES, "    date: 2025-06-02\n    region", "    on: 2025-06-02\n    region")
    assert found(rules) == [("TB060", *locate(text, "on: 2025"))]
    [diag] = validate(rules)
    assert diag.severity == "warning" and "date" in diag.message
    ruleset = load_rules(rules)
    assert all(result.ok for result in run_cases(ruleset))
    first, second = ruleset.cases["demo-item"].cases
    assert (first.legacy_on, first.date, first.on) == (date(2025, 6, 2),) * 3
    assert (second.legacy_on, second.on) == (None, second.date)  # ``on``: the date, by its old name


def test_both_keys_are_an_error_at_the_case(rules: Path) -> None:
    text = patch(rules, CASES, "    date: 2025-06-02\n", "    date: 2025-06-02\n    on: 2025-06-03\n")
    [diag] = validate(rules)
    assert (diag.code, diag.line) == ("TB204", locate(text, "name: 成年人换领")[0])
    assert "on" in diag.message


def test_missing_date_is_a_missing_key(rules: Path) -> None:
    patch(rules, CASES, "    date: 2025-06-02\n", "")
    [diag] = validate(rules)
    assert diag.code == "TB202" and "date" in diag.message


def test_bundled_case_files_keep_their_date_under_a_yaml_1_1_loader() -> None:
    files = sorted((ROOT / "rules" / "cases").glob("*.yaml"))
    assert files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert all("date" in case and True not in case for case in data["cases"]), path.name


LEGACY = """# yaml-language-server: $schema=../../schema/cases.schema.json
item: demo-item   # on: in a comment stays
cases:
  # on: a comment line stays
  - name: 成年人换领
    on: 2025-06-02     # 申请日
    facts: {on: 1, age: 30}
    expect:
      on: kept
  - on: 2025-06-03
    name: 第二个
  - {name: "逗号, on: 引号内", on: 2025-06-04, facts: {on: 2}}
  -   name: 缩进不同
      on: 2025-06-05
"""


def test_migration_renames_only_the_case_keys_and_keeps_the_rest() -> None:
    new = migrate.migrate_text(LEGACY)
    assert new == (LEGACY.replace("    on: 2025-06-02", "    date: 2025-06-02")
                   .replace("  - on: 2025-06-03", "  - date: 2025-06-03")
                   .replace(", on: 2025-06-04", ", date: 2025-06-04")
                   .replace("      on: 2025-06-05", "      date: 2025-06-05"))
    assert migrate.migrate_text(new) == new


def test_migration_leaves_files_without_cases_alone() -> None:
    text = "item: x\nother:\n  - on: 2025-01-01\n"
    assert migrate.migrate_text(text) == text


def test_migration_script_edits_files_in_place(tmp_path: Path, capsys) -> None:
    path = tmp_path / "cases" / "x.yaml"
    path.parent.mkdir()
    path.write_text(LEGACY, encoding="utf-8")
    assert migrate.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(path)
    assert migrate.main([str(tmp_path)]) == 0 and capsys.readouterr().out == ""
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    assert [str(c["date"]) for c in cases] == ["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05"]


def test_bundled_case_files_are_migrated() -> None:
    for path in sorted((ROOT / "rules" / "cases").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert migrate.migrate_text(text) == text, path.name
