"""The memos of a compiled item version — residuals (``decide.residuals``: one answer per condition,
day and values of its facts) and settings (``decide._setting``: modes and due dates per accepting
region and day) — never change a decision: every bundled case decided with the memo emptied before each decision,
and again after all cases (and their variants with facts left out) have filled it, lays out the same."""

from __future__ import annotations

import itertools

from tongban_rules import load_rules

from .conftest import ROOT

RULES = load_rules(ROOT / "rules")


def cases():
    for item_id, case_file in sorted(RULES.cases.items()):
        for case in case_file.cases:
            if "error" in case.expect:  # a case the engine refuses (before the item's first version)
                continue
            facts = dict(case.facts)
            yield item_id, facts, case.region, case.on
            for drop in itertools.islice(facts, 3):  # the same case with one fact unknown
                yield item_id, {k: v for k, v in facts.items() if k != drop}, case.region, case.on


def empty_memos() -> None:
    for versions in RULES.versions.values():
        for version in versions:
            if version.compiled is not None:
                version.compiled.residuals.clear()
                version.compiled.settings.clear()


def test_memoised_residuals_lay_out_as_fresh_ones() -> None:
    fresh = []
    for item_id, facts, region, on in cases():
        empty_memos()
        fresh.append(RULES.decide(item_id, facts, region=region, on=on).to_dict())
    for item_id, facts, region, on in cases():  # fill the memos with every case first
        RULES.decide(item_id, facts, region=region, on=on)
    warm = [RULES.decide(item_id, facts, region=region, on=on).to_dict() for item_id, facts, region, on in cases()]
    assert warm == fresh
    assert any(c.get("residual") for d in fresh for c in d["conditions"])  # residuals were there to memoise


def test_a_kept_setting_does_not_let_a_refused_region_through() -> None:
    """The setting of (region, day) is kept only after the region was accepted on that day."""
    from datetime import date

    import pytest

    from tongban_rules import DecisionError

    facts = {"reason": "lost", "hukou_region": "440106"}
    RULES.decide("id-card-renewal-replacement", facts, region="510104", on=date(2025, 12, 30))
    RULES.decide("id-card-renewal-replacement", facts, region="500112", on=date(2025, 12, 30))  # 渝北区, in use then
    with pytest.raises(DecisionError) as refused:
        RULES.decide("id-card-renewal-replacement", facts, region="500112", on=date(2026, 3, 2))  # merged away
    assert refused.value.code == "TB414"
    with pytest.raises(DecisionError) as unknown:
        RULES.decide("id-card-renewal-replacement", facts, region="519999", on=date(2025, 12, 30))
    assert unknown.value.code == "TB414"
