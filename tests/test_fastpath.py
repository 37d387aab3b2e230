"""``RuleSet.eligible``'s generated fast path (``decide.fastpath``) answers exactly as the general
way (``decide.eligible``): the same outcome, or the same coded error, for every bundled item on
generated facts — well-typed, ill-typed, None, unknown keys, text where a number is due, region
codes with and without days of use — on days inside, between and outside the versions."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongban_rules import DecisionError, load_rules
from tongban_rules.decide import decide as general
from tongban_rules.decide import fastpath

from .conftest import ROOT, per_item

RULES = load_rules(ROOT / "rules")
#: each item's versions as a strategy made once (sampled_from labels itself by hashing every element)
VERSIONS = {item_id: st.sampled_from(RULES.items[item_id]) for item_id in RULES.item_ids()}
ITEMS = RULES.item_ids()
LISTED = tuple(sorted(r.code for r in RULES.regions))
SPANNED = tuple(sorted(set(LISTED) - RULES.regions.timeless))
PROPS = per_item  # 25 examples per item; TONGBAN_HYPOTHESIS=thorough: 100 (conftest)

ODD = st.sampled_from([None, True, 0, -1, 2**70, 1.5, "", "x", "12", "2025-01-01", Decimal("1.5"), [], {}])


REGIONS = st.sampled_from(LISTED + SPANNED + ("999999", "51０104"))  # made once: it labels itself by every element


def value(fact) -> st.SearchStrategy:
    return _value(fact.type, tuple(fact.values or ()) or ("none",))


@functools.cache
def _value(kind: str, values: tuple) -> st.SearchStrategy:
    """Made once for each kind and values (a strategy made anew at every draw costs Hypothesis
    more than the draw)."""
    good = {
        "bool": st.booleans,
        "int": lambda: st.integers(min_value=-1, max_value=120),
        "decimal": lambda: st.one_of(st.integers(-10, 100000), st.decimals(-10, 100000, places=2)),
        "string": lambda: st.text(max_size=6),
        "enum": lambda: st.sampled_from(values),
        "date": lambda: st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 12, 31)),
        "region": lambda: REGIONS,
        "set": lambda: st.frozensets(st.sampled_from(values)),
    }[kind]()
    return st.one_of(good, good, ODD)


@st.composite
def calls(draw, item_id: str):
    item = draw(VERSIONS[item_id])
    on = draw(_days(item_id))
    facts: dict = {f.id: draw(value(f)) for f in item.facts if draw(FIVE)}
    if draw(TEN) == 0:
        facts[draw(STRAY)] = "1"
    region = draw(ACCEPTING)
    return facts, on, region


FIVE, TEN = st.integers(0, 4), st.integers(0, 9)
STRAY = st.sampled_from(["unknown_fact", "accepting_region"])
ACCEPTING = st.sampled_from([None, None, "510104", "500112", "110105", "999999"])


@functools.cache
def _days(item_id: str) -> st.SearchStrategy:
    """Days around each version's first and last day, or any day from 2019 to 2027."""
    versions = RULES.items[item_id]
    edges = [v.effective_from for v in versions] + [v.effective_until for v in versions if v.effective_until]
    around = [d + timedelta(days=k) for d in edges for k in (-1, 0, 1)]
    return st.one_of(st.sampled_from(around), st.dates(date(2019, 1, 1), date(2027, 12, 31)))


def answer(function, *args, **kwargs):
    try:
        return ("ok", function(*args, **kwargs))
    except DecisionError as exc:
        return ("error", exc.code)


@pytest.mark.parametrize("item_id", ITEMS)
def test_fast_path_answers_as_the_general_way(item_id: str) -> None:
    @PROPS
    @given(calls(item_id))
    def check(call) -> None:
        facts, on, region = call
        fast = answer(RULES.eligible, item_id, facts, on=on, region=region)
        slow = answer(general.eligible, RULES, item_id, facts, on=on, region=region)
        assert fast == slow, (facts, on, region)
    check()


def test_the_fast_path_is_taken_for_plain_values() -> None:
    """Not a path nobody takes: well-typed plain facts are answered without the general way."""
    item_id = "id-card-renewal-replacement"
    item = RULES.items[item_id][-1]
    build = fastpath.build([(v.item, v.compiled) for v in RULES.versions[item_id]], RULES.regions)
    facts = {f.id: (tuple(f.values)[0] if f.type == "enum" else True if f.type == "bool" else 30 if f.type == "int"
                    else "510104" if f.type == "region" else None) for f in item.facts}
    facts = {k: v for k, v in facts.items() if v is not None}
    on = max(item.effective_from, date(2026, 3, 2))
    got = build(facts, on, None)
    assert got is not fastpath.SLOW
    assert got == general.eligible(RULES, item_id, facts, on=on)
    assert build({**facts, "nonsense": 1}, on, None) is fastpath.SLOW
    assert build(list(facts.items()), on, None) is fastpath.SLOW


def test_unknown_item_and_bad_day_keep_their_codes() -> None:
    assert answer(RULES.eligible, "no-such-item", {}, on=date(2026, 3, 2)) == ("error", "TB411")
    assert answer(RULES.eligible, ITEMS[0], {}, on="2026-03-02") == ("error", "TB412")
    assert answer(RULES.eligible, ITEMS[0], {}, on=date(1990, 1, 1)) == ("error", "TB413")
