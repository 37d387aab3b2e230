"""The built-in ``accepting_region``: related only to other region facts (TB408 otherwise),
filled in by ``decide`` from the accepting region, never asked for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tongban_rules import DecisionError, load_rules
from tongban_rules.lang import expr

from .conftest import ROOT
from .patching import locate, with_item
from .test_loader import codes_at

RULES = load_rules(ROOT / "rules")
ON = date(2025, 6, 3)


class Spec:
    def __init__(self, id, type):
        self.id, self.type, self.values = id, type, None


FACTS = {"home": Spec("home", "region"), "flag": Spec("flag", "bool")}


@pytest.mark.parametrize(("text", "expected"), [
    ('accepting_region == "510104"', [("TB408", "", 20)]),
    ('"510104" != accepting_region', [("TB408", "", 0)]),
    ('province_of(accepting_region) == "510000"', [("TB408", "", 33)]),
    ('city_of(accepting_region) != "510100"', [("TB408", "", 29)]),
    ('flag or accepting_region in province("510000")', [("TB408", "scope", 28)]),
    ('accepting_region in group("chuanyu")', [("TB408", "scope", 20)]),
])
def test_comparing_the_accepting_region_with_a_literal_is_refused(text, expected) -> None:
    found, errors = expr.check(text, FACTS, RULES.regions)
    assert found is None
    assert [(e.code, e.variant, e.col_offset) for e in errors] == expected


@pytest.mark.parametrize("text", [
    "province_of(accepting_region) != province_of(home)",
    "city_of(accepting_region) == city_of(home)",
    "accepting_region == home and flag",
])
def test_relations_with_other_region_facts_are_allowed(text) -> None:
    found, errors = expr.check(text, FACTS, RULES.regions)
    assert errors == [] and found.facts[0] in ("accepting_region", "home")


def test_a_rule_file_comparing_it_with_a_code_fails_to_load_at_the_literal(rules: Path) -> None:
    text = with_item(rules, "when: age >= 16", 'when: accepting_region != "510104"')
    assert codes_at(rules) == [("TB408", *locate(text, '"510104"'))]


def test_the_window_settles_cross_province() -> None:
    facts = {"reason": "expiry", "hukou_region": "511602"}
    chengdu = RULES.decide("id-card-renewal-replacement", facts, region="510104", on=ON)
    chongqing = RULES.decide("id-card-renewal-replacement", facts, region="500103", on=ON)
    assert chengdu.outcome == "ineligible" and chengdu.missing_facts == ()
    assert [c["status"] for c in chongqing.conditions][0] == "passed"
    assert "accepting_region" not in chongqing.missing_facts
    assert RULES.eligible("id-card-renewal-replacement", facts, on=ON, region="510104") is False
    assert RULES.eligible("id-card-renewal-replacement", facts, on=ON) is None  # without the window


def test_callers_cannot_supply_it() -> None:
    with pytest.raises(DecisionError) as caught:
        RULES.decide("id-card-renewal-replacement", {"accepting_region": "500103"}, region="510104", on=ON)
    assert caught.value.code == "TB415"
