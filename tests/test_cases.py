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


FIRST = '''    date: 2025-06-02
    region: "510104"
    facts: {age: 30, reason: expired, hukou_region: "500112"}
    expect: {outcome: eligible, fee: "20"}'''


def _first(date: str, expect: str) -> str:
    return FIRST.replace("2025-06-02", date).replace('{outcome: eligible, fee: "20"}', expect)


def test_a_refusal_the_case_expects_passes(rules: Path) -> None:
    # the day before the item takes effect (2025-01-01): no version in force, TB413
    text, found = case_diagnostics(rules, FIRST, _first("2024-12-31", "{error: TB413}"))
    assert found == []
    ruleset = load_rules(rules)
    assert [r.ok for r in run_cases(ruleset)] == [True, True]


def test_an_expected_refusal_that_is_decided_is_tb420(rules: Path) -> None:
    text, found = case_diagnostics(rules, FIRST, _first("2025-06-02", "{error: TB413}"))
    assert found == [("TB420", *locate(text, "error"))]
    [result] = [r for r in run_cases(load_rules(rules)) if not r.ok]
    assert result.mismatches == (("error", "TB413", "(decided: eligible)"),)


def test_a_refusal_with_another_code_is_tb420(rules: Path) -> None:
    text, found = case_diagnostics(rules, FIRST, _first("2024-12-31", "{error: TB401}"))
    assert found == [("TB420", *locate(text, "error"))]


def test_a_refused_case_has_no_decision_to_compare(rules: Path) -> None:
    text, found = case_diagnostics(rules, FIRST, _first("2024-12-31", "{error: TB413, outcome: eligible}"))
    assert found == [("TB420", *locate(text, "outcome"))]
