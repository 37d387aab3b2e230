"""Every decision case beside the bundled rules, collected as one pytest test each."""

from __future__ import annotations

import pytest

from tongban_rules import load_rules
from tongban_rules.decide.cases import run_cases

from .conftest import ROOT

RULES = load_rules(ROOT / "rules")
CASES = [(cid, i, case.name) for cid, f in sorted(RULES.cases.items()) for i, case in enumerate(f.cases)]


def test_every_item_has_cases() -> None:
    assert sorted(RULES.cases) == sorted(RULES.items)


@pytest.mark.parametrize(("item_id", "index", "name"), CASES, ids=[f"{c}#{i + 1}" for c, i, _ in CASES])
def test_case(item_id: str, index: int, name: str) -> None:
    [result] = [r for r in run_cases(RULES, item_id) if r.index == index]
    assert result.error is None, f"{name}: {result.error}"
    assert result.mismatches == (), f"{name}: " + "; ".join(f"{k}: expected {e!r}, got {a!r}" for k, e, a in result.mismatches)
