"""TB414 on every path a region code enters by: decision requests, facts, the CLI, decision
cases, regional lists (file names and offices); and the compact registry form's diagnostics.

Each test patches a copy of the minimal rule set, to which ``registries/regions/dated.yaml``
adds codes with days of use (in the registry's compact form, beside the written-out one).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tongban_rules import DecisionError, load_rules, validate

from .patching import locate, patch, put, with_item
from .test_cli_decide import run

DATED = """sources:
  - title: 测试用区划
codes:
  "510105": 青羊区
  "510107":
    name: 武侯区
    valid_from: 2025-07-01
  "500105":
    name: 江北区
    valid_until: 2025-03-31
"""
ON = date(2025, 6, 2)
MADE_UP = ["449999", "510199", "51０104", "999999", "abc"]


@pytest.fixture
def dated(rules: Path) -> Path:
    put(rules, "registries/regions/dated.yaml", DATED)
    return rules


def found(rules: Path) -> list[tuple[str, str, int, int, str]]:
    return [(d.code, Path(d.file).name, d.line, d.column, d.message) for d in validate(rules)]


# ------------------------------------------------------------------ decisions and facts


def test_days_of_use_in_decisions(dated: Path) -> None:
    ruleset = load_rules(dated)
    assert ruleset.decide("demo-item", {"hukou_region": "510105"}, region="510107", on=date(2025, 7, 1)).outcome
    assert ruleset.decide("demo-item", {}, region="500105", on=date(2025, 3, 31)).routing["accepting_region_name"]
    refused = [("510107", ON, "not-yet", "2025-07-01"), ("500105", date(2025, 4, 1), "expired", "2025-03-31")]
    for code, on, variant, day in refused:
        for facts, region in (({}, code), ({"hukou_region": code}, "510104")):
            with pytest.raises(DecisionError) as caught:
                ruleset.decide("demo-item", facts, region=region, on=on)
            assert (caught.value.code, caught.value.variant) == ("TB414", variant) and day in caught.value.message


@pytest.mark.parametrize("code", MADE_UP)
def test_cli_refuses_made_up_codes(capsys, monkeypatch, dated: Path, code: str) -> None:
    base = ["decide", "demo-item", "--rules", str(dated), "--on", "2025-06-02", "--format", "text"]
    status, out, err = run(capsys, monkeypatch, [*base, "--region", code, "--facts", "-"], "{}")
    assert (status, out) == (1, "") and "TB414" in err and repr(code) in err
    facts = f'{{"hukou_region": "{code}"}}'
    status, out, err = run(capsys, monkeypatch, [*base, "--region", "510104", "--facts", "-"], facts)
    assert (status, out) == (1, "") and "TB414" in err and "hukou_region" in err


def test_cli_refuses_an_abolished_code_after_its_last_day(capsys, monkeypatch, dated: Path) -> None:
    argv = ["decide", "demo-item", "--rules", str(dated), "--region", "500105", "--facts", "-", "--format", "text"]
    assert run(capsys, monkeypatch, [*argv, "--on", "2025-03-31"], "{}")[0] == 0
    status, _, err = run(capsys, monkeypatch, [*argv, "--on", "2025-04-01"], "{}")
    assert status == 1 and "TB414" in err and "2025-03-31" in err


def test_conditions_refuse_made_up_codes(rules: Path) -> None:
    text = with_item(rules, "when: age >= 16", 'when: age >= 16 and hukou_region in region("510199")')
    [problem] = validate(rules)
    assert problem.code == "TB406" and "510199" in problem.message and problem.line == locate(text, "510199")[0]


# ------------------------------------------------------------------ decision cases


@pytest.mark.parametrize("code", MADE_UP)
def test_case_with_made_up_region(dated: Path, code: str) -> None:
    text = patch(dated, "cases/demo-item.yaml", 'region: "510104"', f'region: "{code}"')
    line, column = locate(text, f'"{code}"')
    assert found(dated) == [("TB414", "demo-item.yaml", line, column, f"无效或未登记的行政区划代码: {code!r}")]


def test_case_on_a_day_its_region_is_not_in_use(dated: Path, capsys, monkeypatch) -> None:
    text = patch(dated, "cases/demo-item.yaml", 'region: "510104"', 'region: "500105"')
    [(code, _, line, column, message)] = found(dated)
    assert (code, line, column) == ("TB414", *locate(text, '"500105"')) and "2025-03-31" in message
    status, out, err = run(capsys, monkeypatch, ["test", str(dated)])
    assert status == 1 and "TB414" in out + err
    patch(dated, "cases/demo-item.yaml", "date: 2025-06-02", "date: 2025-03-31")
    assert found(dated) == []


# ------------------------------------------------------------------ regional lists


@pytest.mark.parametrize("code", ["449999", "51０104"])
def test_regional_list_named_by_a_made_up_code(dated: Path, code: str) -> None:
    text = (dated / "regions/510104.yaml").read_text(encoding="utf-8").replace('"510104"', f'"{code}"')
    (dated / "regions/510104.yaml").unlink()
    put(dated, f"regions/{code}.yaml", text)
    codes = [(c, f, line, col) for c, f, line, col, _ in found(dated)]
    assert ("TB414", f"{code}.yaml", *locate(text, f'"{code}"')) in codes
    assert {c for c, *_ in codes} == {"TB414"}


@pytest.mark.parametrize(("code", "variant"), [("510199", "无效"), ("51０104", "无效"), ("500105", "已停用")])
def test_office_in_a_made_up_or_abolished_region(dated: Path, code: str, variant: str) -> None:
    text = patch(dated, "regions/510104.yaml", '    region: "510104"', f'    region: "{code}"')
    problems = [(c, line, col, msg) for c, _, line, col, msg in found(dated) if c == "TB414"]
    assert [p[:3] for p in problems] == [("TB414", *locate(text, f'"{code}"'))] and variant in problems[0][3]


def test_regional_list_of_an_abolished_region(dated: Path) -> None:
    text = (dated / "regions/510104.yaml").read_text(encoding="utf-8").replace('"510104"', '"500105"')
    (dated / "regions/510104.yaml").unlink()
    put(dated, "regions/500105.yaml", text)
    tb414 = [(line, col) for c, _, line, col, _ in found(dated) if c == "TB414"]
    assert tb414 == [locate(text, '"500105"'), locate(text, '"500105"', 1)]


# ------------------------------------------------------------------ the registry's own diagnostics


@pytest.mark.parametrize(("old", "new", "code", "token"), [
    ("valid_until: 2025-03-31", "valid_until: 2025-02-30", "TB204", "2025-02-30"),
    ("valid_from: 2025-07-01", "valid_from: 2025-07-01\n    valid_until: 2025-01-01", "TB204", "武侯区"),
    ('"510105": 青羊区', '"510105": 510105', "TB203", "510105\n"),
    ('"510105": 青羊区', '"51０105": 青羊区', "TB204", '"51０105"'),
    ('"510105": 青羊区', '"510104": 锦江区', "TB209", '"510104"'),
    ('"510105": 青羊区', '"510105": 青羊区\n  "440106": 天河区', "TB303", '"440106"'),
])
def test_compact_codes_are_validated_in_place(dated: Path, old, new, code, token) -> None:
    text = patch(dated, "registries/regions/dated.yaml", old, new)
    problems = [(c, f, line, col) for c, f, line, col, _ in found(dated)]
    line, column = locate(text, token)
    assert problems[0][:2] == (code, "dated.yaml") and problems[0][2] == line
    assert token == "武侯区" or problems[0][3] == column


def test_group_member_must_be_listed(rules: Path) -> None:
    text = patch(rules, "registries/regions.yaml", 'members: ["510000", "500000"]', 'members: ["510000", "530000"]')
    assert found(rules)[0][:4] == ("TB303", "regions.yaml", *locate(text, '"530000"'))


def test_code_written_out_and_compact_in_one_file(rules: Path) -> None:
    patch(rules, "registries/regions.yaml", "groups:", 'codes:\n  "510104": 锦江区\ngroups:')
    assert [(c, msg) for c, _, _, _, msg in found(rules) if "510104" in msg][0][0] == "TB204"
