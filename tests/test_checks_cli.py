"""``tongban check``: formats, SARIF validity, selection, dates, exit status; the check list;
the runner (positions, broken rule sets); the bundled rules."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from tongban_rules.checks import CHECKS, check, check_report
from tongban_rules.checks.docs import markdown
from tongban_rules.checks.runner import parse_codes
from tongban_rules.cli.main import main
from tongban_rules.diagnostics import locate
from tongban_rules.load.loader import discover
from tongban_rules.source.read import read_source

from .check_fixtures import CASES, DRAFT, LIST, MINOR_CASE, PHONES, PRESENCE_BASIS, TRACING
from .conftest import MINIMAL, ROOT
from .patching import ITEM, Patch

SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


#: one error (TB601 presence without basis) and four warnings (TB621, TB803, TB850, TB910)
FLAWS = (Patch(ITEM, PRESENCE_BASIS, ""), Patch(ITEM, TRACING, ""), Patch(LIST, PHONES, ""), DRAFT,
         Patch(CASES, MINOR_CASE, ""))


def break_rules(rules: Path, patches: tuple[Patch, ...] = FLAWS) -> None:
    for patch in patches:
        patch.apply(rules)


# ------------------------------------------------------------------ the command


def test_clean_rules_exit_0_and_print_the_date(capsys, rules: Path) -> None:
    code, out, err = run(capsys, "check", str(rules), "--as-of", "2026-01-05")
    assert (code, out) == (0, "")
    assert "检查日期: 2026-01-05" in err
    assert "用例覆盖: 1/1" in err and "0 个错误, 0 个警告" in err


def test_warnings_alone_exit_0(capsys, rules: Path) -> None:
    break_rules(rules, (DRAFT,))
    code, out, err = run(capsys, "check", str(rules), "--as-of", "2026-01-05")
    assert code == 0
    assert "TB850 [warning]" in out  # the task of 2020 is overdue: a warning by default
    assert "0 个错误, 1 个警告" in err


def test_default_date_is_today_in_china(capsys, rules: Path) -> None:
    before = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    _, _, err = run(capsys, "check", str(rules))
    after = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert f"检查日期: {before.isoformat()}" in err or f"检查日期: {after.isoformat()}" in err


def test_error_exit_1_and_english(capsys, rules: Path) -> None:
    break_rules(rules)
    code, out, err = run(capsys, "check", str(rules), "--lang", "en", "--as-of", "2026-01-05")
    assert code == 1
    assert "TB601 presence is required but no provision requiring it is cited" in out
    assert "as of 2026-01-05" in err and "1 error(s)" in err


def test_deadlines_error_turns_tb850_into_an_error(capsys, rules: Path) -> None:
    break_rules(rules, (DRAFT,))
    code, out, _ = run(capsys, "check", str(rules), "--deadlines", "error", "--as-of", "2026-01-05")
    assert code == 1 and "TB850 任务 t1" in out
    code, out, _ = run(capsys, "check", str(rules), "--deadlines", "error", "--as-of", "2020-12-31")
    assert code == 0 and "TB850" not in out  # the deadline day itself has not passed


@pytest.mark.parametrize("argv", [
    ["--as-of", "2026-02-30"], ["--as-of", "tomorrow"], ["--select", "XX1"], ["--ignore", "TB6a"],
    ["--format", "markdown"],
])
def test_usage_errors_exit_2(capsys, rules: Path, argv: list[str]) -> None:
    code, out, err = run(capsys, "check", str(rules), *argv)
    assert (code, out) == (2, "")
    assert "error" in err


def test_select_and_ignore_take_codes_and_prefixes(capsys, rules: Path) -> None:
    break_rules(rules)
    base = ["check", str(rules), "--format", "json", "--as-of", "2026-01-05"]
    every = {d["code"] for d in json.loads(run(capsys, *base)[1])}
    assert {"TB601", "TB621", "TB803", "TB850", "TB910"} <= every
    assert {d["code"] for d in json.loads(run(capsys, *base, "--select", "TB6")[1])} == {"TB601", "TB621"}
    assert {d["code"] for d in json.loads(run(capsys, *base, "--select", "TB60,TB8")[1])} == {"TB601", "TB803", "TB850"}
    assert {d["code"] for d in json.loads(run(capsys, *base, "--ignore", "TB62,TB9")[1])} == {"TB601", "TB803", "TB850"}
    code, out, _ = run(capsys, *base, "--ignore", "TB601")
    assert code == 0 and "TB601" not in out


def test_json_shape(capsys, rules: Path) -> None:
    break_rules(rules)
    _, out, _ = run(capsys, "check", str(rules), "--format", "json", "--as-of", "2026-01-05")
    first = json.loads(out)[0]
    assert set(first) == {"code", "severity", "file", "line", "column", "message", "hint", "key_path"}


def test_github_annotations(capsys, rules: Path) -> None:
    break_rules(rules)
    _, out, _ = run(capsys, "check", str(rules), "--format", "github", "--as-of", "2026-01-05")
    assert any(line.startswith("::error file=") and "title=TB601::TB601" in line for line in out.splitlines())
    assert any(line.startswith("::warning file=") for line in out.splitlines())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_validates_against_the_official_schema(capsys, rules: Path, lang: str) -> None:
    break_rules(rules)
    (rules / "items/demo/broken.yaml").write_text("id: broken\nname: [\n", encoding="utf-8")  # TB0 too
    code, out, _ = run(capsys, "check", str(rules), "--format", "sarif", "--lang", lang, "--as-of", "2026-01-05")
    log = json.loads(out)
    validator = jsonschema.Draft7Validator(SARIF_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(log)] == []
    run_ = log["runs"][0]
    rules_meta = run_["tool"]["driver"]["rules"]
    for result in run_["results"]:
        assert rules_meta[result["ruleIndex"]]["id"] == result["ruleId"]
    by_id = {r["ruleId"]: r for r in run_["results"]}
    assert by_id["TB601"]["level"] == "error" and by_id["TB621"]["level"] == "warning"
    assert code == 1


def test_sarif_of_a_clean_run_is_valid(capsys, tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "r")
    _, out, _ = run(capsys, "check", str(tmp_path / "r"), "--format", "sarif", "--select", "TB5")
    log = json.loads(out)
    assert log["runs"][0]["results"] == []
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_list_checks(capsys, fmt: str) -> None:
    code, out, _ = run(capsys, "check", "--list-checks", "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert [c["code"] for c in json.loads(out)] == [c.code for c in CHECKS]
    elif fmt == "markdown":
        assert out == markdown()
    else:
        assert len(out.splitlines()) == len(CHECKS)



# ------------------------------------------------------------------ the library


def test_python_api(rules: Path) -> None:
    break_rules(rules)
    diags = check(rules, date(2026, 1, 5), select=["TB6"])
    assert sorted(d.code for d in diags) == ["TB601", "TB621"]
    assert check(rules, date(2026, 1, 5), select="TB601", ignore="TB60") == []
    with pytest.raises(ValueError):
        check(rules, select="6")
    with pytest.raises(ValueError):
        check(rules, deadlines="fatal")
    with pytest.raises(ValueError):
        check(rules, as_of="2026-01-05")  # type: ignore[arg-type]


def test_parse_codes() -> None:
    assert parse_codes(None) == ()
    assert parse_codes("tb6, TB701,") == ("TB6", "TB701")
    assert parse_codes(["TB6,TB7", "TB9"]) == ("TB6", "TB7", "TB9")


def test_no_rule_set_returns_the_validation_diagnostics(tmp_path: Path) -> None:
    [d] = check(tmp_path / "missing")
    assert d.code == "TB008"


def test_broken_files_are_reported_and_the_rest_is_still_checked(rules: Path) -> None:
    (rules / "registries/departments.yaml").write_text("departments: [\n", encoding="utf-8")
    break_rules(rules)
    codes = {d.code for d in check(rules, date(2026, 1, 5))}
    assert "TB001" in codes or any(c.startswith("TB0") for c in codes)
    assert "TB601" in codes  # the item itself still loaded and was checked
    assert not codes & {"TB313"}  # with a broken registry, unused entries are not judged


def test_report_has_coverage_and_timings(rules: Path) -> None:
    report = check_report(rules, date(2026, 1, 5))
    assert (report.coverage.conditions, report.coverage.covered) == (1, 1)
    assert {"load", "cases", "TB5", "TB9"} <= set(report.timings)


def _top_level_keys() -> list[tuple[Path, str]]:
    out = []
    for root in (ROOT / "rules", MINIMAL):
        for path in map(Path, discover(root)):
            parsed = read_source(path.read_bytes(), str(path))
            if isinstance(parsed.value, dict):
                out += [(path, key) for key in parsed.value]
    return out


def test_fast_positions_agree_with_the_source_map() -> None:
    keys = _top_level_keys()
    assert len(keys) > 100
    sources = {}
    for path, key in keys:
        source = sources.setdefault(path, read_source(path.read_bytes(), str(path)).source)
        for at_key in (False, True):
            assert locate(source, (key,), at_key) == source.position((key,), at_key=at_key), (path, key)


# ------------------------------------------------------------------ the bundled rules

#: real problems in rule files, reported to the lead (the checks are right; the files need fixing)
def test_bundled_rules_have_no_errors(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    errors = [(d.code, d.file, d.line) for d in check("rules", date(2026, 11, 28)) if d.severity.value == "error"]
    assert errors == []
