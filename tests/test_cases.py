"""Decision-case diagnostics: TB420 (expectation not met), TB421 (unknown expectation),
TB422 (the engine refuses the case) at exact positions."""

from __future__ import annotations

from pathlib import Path

from tongban_rules import load_rules
from tongban_rules.decide.cases import diagnostics, run_cases

from .patching import locate, patch


def case_diagnostics(rules: Path, old: str, new: str) -> tuple[str, list[tuple[str, int, int]]]:
    text = patch(rules, "cases/demo-item.yaml", old, new)
    ruleset = load_rules(rules)
    found = diagnostics(ruleset, run_cases(ruleset))
    return text, [(d.code, d.line, d.column) for d in found]


def test_tb420_expectation_not_met(rules: Path) -> None:
    text, found = case_diagnostics(rules, "outcome: eligible", "outcome: ineligible")
    assert found == [("TB420", *locate(text, "outcome"))]


def test_tb421_unknown_expectation(rules: Path) -> None:
    text, found = case_diagnostics(rules, "outcome: eligible", "outcome: eligible, verdict: ok")
    assert found == [("TB421", *locate(text, "verdict"))]


def test_tb422_refused_case(rules: Path) -> None:
    text, found = case_diagnostics(rules, "age: 30", "age: thirty")
    assert found == [("TB422", *locate(text, "{age: thirty"))]


def test_passing_cases_give_no_diagnostics(rules: Path) -> None:
    ruleset = load_rules(rules)
    results = run_cases(ruleset)
    assert [r.ok for r in results] == [True, True] and diagnostics(ruleset, results) == []
