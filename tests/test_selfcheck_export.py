"""The self-check's data (``render/selfcheck.py``): the AST, the calendar, scopes and region names,
the files the renderer writes, and the evaluator on the value types the bundled items do not use
(decimals, sets, strings, literal number sets, day and month counts)."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tongban_rules.lang import expr
from tongban_rules.load.loader import load_rules
from tongban_rules.regions import scope_test
from tongban_rules.render import render
from tongban_rules.render.selfcheck import PROVISIONAL_YEARS, Exporter, ast

from .conftest import ROOT
from .patching import with_item
from .test_selfcheck_equal import NODE, RULES, STEADY, run_node

EXPORT = Exporter(RULES)


class _Spec:
    def __init__(self, id: str, type: str, values=None):
        self.id, self.type, self.values = id, type, values


FACTS = {"n": _Spec("n", "decimal"), "d": _Spec("d", "date"), "s": _Spec("s", "set", ("a", "b"))}


def test_the_ast_of_each_kind_of_node():
    cond, errors = expr.check('n in {1, 2.5} and d < date("2020-01-02") or not ("a" in s) and len(s) > 1', FACTS)
    assert not errors and cond is not None
    assert ast(cond.ir) == ["or", [
        ["and", [["cmp", "in", ["fact", "n"], ["numset", ["1", "2.5"]]],
                 ["cmp", "<", ["fact", "d"], ["date", "2020-01-02"]]]],
        ["and", [["not", ["cmp", "in", ["const", "a"], ["fact", "s"]]],
                 ["cmp", ">", ["call", "len", [["fact", "s"]]], ["const", 1]]]]]]


def test_an_unknown_node_is_refused():
    with pytest.raises(ValueError, match="no JSON form"):
        ast(("regions", ("510000",)))


def test_the_calendar_says_what_python_says_every_day():
    data = EXPORT.calendar
    years = range(data["first"], data["last"] + 1)
    assert data["published"] == list(RULES.calendar.years) and data["last"] == data["published"][-1] + PROVISIONAL_YEARS
    for year in years:
        entry = data["years"][str(year)]
        off, on = set(entry["off"].split()), set(entry["on"].split())
        day = date(year, 1, 1)
        while day.year == year:
            mmdd = day.strftime("%m%d")
            assert (mmdd in on or (day.weekday() < 5 and mmdd not in off)) == RULES.calendar.is_working_day(day), day
            day += timedelta(days=1)
        assert ("law" in entry) == (year not in data["published"])


def test_scopes_as_prefixes_test_as_the_engine_does():
    for item_id in RULES.item_ids():
        item = RULES.latest(item_id)
        prefixes = EXPORT.item(item_id)["versions"][-1]["scope"]
        inside = scope_test(item.scope, RULES.regions)
        for code in STEADY:
            assert (prefixes is None or code.startswith(tuple(prefixes))) == inside(code), (item_id, code)


def test_region_names_are_the_codes_in_use():
    names = json.loads(EXPORT.regions_json())
    assert names["510104"] == "锦江区" and names["110000"] == "北京市"
    assert all(RULES.regions.span(code)[1] is None for code in names)
    assert len([c for c in names if c.endswith("0000")]) == 34


def test_the_site_carries_the_data_of_every_item(tmp_path):
    site = tmp_path / "site"
    render(RULES, site, workers=1)
    for item_id in RULES.item_ids():
        assert json.loads((site / "assets" / "items" / f"{item_id}.json").read_text(encoding="utf-8")) == \
            json.loads(json.dumps(EXPORT.item(item_id)))
    assert (site / "assets" / "selfcheck.js").read_bytes() == (ROOT / "tongban_rules/static/selfcheck.js").read_bytes()
    page = (site / "items" / "id-card-renewal-replacement" / "index.html").read_text(encoding="utf-8")
    assert 'data-item="../../assets/items/id-card-renewal-replacement.json"' in page
    local = (site / "regions" / "510100" / "items" / "id-card-renewal-replacement" / "index.html")
    assert 'data-region="510100"' in local.read_text(encoding="utf-8")


# ---------------------------------------------------------------- other value types

TYPES = """  - id: hukou_region
    label: 户籍地
    type: region
  - {id: income, label: 月收入, type: decimal}
  - {id: kinds, label: 情形, type: set, values: {a: 甲, b: 乙, c: 丙}}
  - {id: birth, label: 出生日期, type: date}
  - {id: note, label: 备注, type: string}
"""
CONDITIONS = """conditions:
  - id: money
    text: 收入
    when: income >= 1234.5 or income in {0, 99.99} or (len(kinds) >= 2 and "a" in kinds)
  - id: born
    text: 出生
    when: days_since(birth) > 400 and months_since(birth) != 13 and note != "x" and city_of(hukou_region) != "510100"
"""


@pytest.mark.skipif(NODE is None, reason="no node")
def test_decimals_sets_strings_and_day_counts(rules: Path, tmp_path: Path):
    with_item(rules, "  - id: hukou_region\n    label: 户籍地\n    type: region\n", TYPES)
    with_item(rules, "conditions:\n", CONDITIONS)
    with_item(rules, "amount: 20,", 'amount: "12.50",')
    ruleset = load_rules(rules)
    data = Exporter(ruleset).item("demo-item")
    on = date(2025, 6, 2)
    grid = itertools.product([None, "0", "99.99", "1234.49", "1234.50", "-3"], [None, [], ["a"], ["a", "b"], ["b", "c"]],
                             [None, "2024-05-02", "2024-05-03", "2024-04-30", "2024-05-31", "2020-06-02"],
                             [None, "x", "y"], [None, "510104", "500112", "510100"], [None, "expired", "lost"])
    cases = [{"item": "demo-item", "date": on.isoformat(), "region": "510104",
              "facts": {"age": 20, "income": i, "kinds": k, "birth": b, "note": n, "hukou_region": h, "reason": r}}
             for i, k, b, n, h, r in grid]
    answers = run_node(tmp_path, cases, items={"demo-item": data})
    outcomes = set()
    for case, answer in zip(cases, answers, strict=True):
        d = ruleset.decide("demo-item", case["facts"], region="510104", on=on).to_dict()
        ok = answer["ok"]
        outcomes.add(ok["outcome"])
        assert (ok["outcome"], [c["status"] for c in ok["conditions"]], ok["missing_facts"], ok["fee"]["total"]) == \
            (d["outcome"], [c["status"] for c in d["conditions"]], d["missing_facts"], d["fee"]["total"]), case
    assert outcomes == {"eligible", "ineligible", "undetermined"}


@pytest.mark.skipif(NODE is None, reason="no node")
def test_a_due_date_past_the_data_is_left_out(tmp_path: Path):
    """60 calendar days from December of the data's last year end in a year it has no days for:
    the evaluator says so instead of guessing; months earlier it counts (provisionally)."""
    last = EXPORT.calendar["last"]
    item = "id-card-renewal-replacement"
    cases = [{"item": item, "facts": {}, "date": f"{last}-12-01", "region": "510104"},
             {"item": item, "facts": {}, "date": f"{last}-06-01", "region": "510104"}]
    late, early = (a["ok"]["time_limits"]["legal"] for a in run_node(tmp_path, cases))
    assert late["due"] is None and late["beyond_calendar"] is True
    expected = RULES.decide(item, {}, region="510104", on=date(last, 6, 1)).to_dict()["time_limits"]["legal"]
    assert early == expected and early["provisional"] is True
