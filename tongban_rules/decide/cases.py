"""Decision cases beside the rules (``rules/cases/<item>.yaml``): facts in, expected decision out.

``run_cases`` decides every case and compares the fields the case names under ``expect``:

=================  ==============================================================
``outcome``        eligible / ineligible / undetermined
``missing_facts``  list of fact ids, in order
``conditions``     mapping condition id → passed / failed / unknown (only those named)
``fee``            the total as a decimal string (``"0"`` for a free item)
``materials``      list of the material ids required in this case, in order
``modes``          list of the modes available at the case's region
``cross_province`` true / false
``handling_region``  the 业务属地 code
``legal_due`` / ``promised_due``  ISO dates
``error``          the code the engine refuses the case with (``TB413``: no version in force
                   on the case's date) — the other side of an item's first version
=================  ==============================================================

Each result is a ``CaseResult``; failures become TB420 diagnostics (TB421 an unknown key under
``expect``, TB422 a case the engine refuses unexpectedly, e.g. a fact of the wrong type).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic, Finding, place
from ..errors import DecisionError
from .decision import Decision

_ACTUAL: dict[str, Callable[[Decision], Any]] = {
    "outcome": lambda d: d.outcome,
    "missing_facts": lambda d: list(d.missing_facts),
    "conditions": lambda d: {c["id"]: c["status"] for c in d.conditions},
    "fee": lambda d: d.fee.get("total"),
    "materials": lambda d: [x["id"] for x in d.materials],
    "modes": lambda d: list(d.modes),
    "cross_province": lambda d: d.routing["cross_province"],
    "handling_region": lambda d: d.routing["handling_region"],
    "legal_due": lambda d: (d.time_limits["legal"] or {}).get("due"),
    "promised_due": lambda d: (d.time_limits["promised"] or {}).get("due"),
}
EXPECT_KEYS = (*_ACTUAL, "error")


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseResult:
    item: str
    index: int
    name: str
    decision: Decision | None
    #: (key, expected, actual) for every expectation that did not hold
    mismatches: tuple[tuple[str, Any, Any], ...]
    error: DecisionError | None = None

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.error is None


def _normal(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value


def compare(expect: dict, decision: Decision) -> tuple[tuple[str, Any, Any], ...]:
    out = []
    for key, expected in expect.items():
        if key == "error":
            out.append((key, expected, f"(decided: {decision.outcome})"))
            continue
        if key not in _ACTUAL:
            out.append((key, expected, "(unknown expectation)"))
            continue
        actual = _ACTUAL[key](decision)
        expected = _normal(expected)
        if key == "conditions" and isinstance(expected, dict):
            actual = {k: actual.get(k, "(no such condition)") for k in expected}
        if key == "fee" and expected is not None:
            expected = str(expected)
        if actual != expected:
            out.append((key, expected, actual))
    return tuple(out)


def run_cases(ruleset, item_id: str | None = None) -> list[CaseResult]:
    results = []
    for cid, case_file in sorted(ruleset.cases.items()):
        if item_id is not None and cid != item_id:
            continue
        for index, case in enumerate(case_file.cases):
            try:
                decision = ruleset.decide(case_file.item, case.facts, region=case.region, on=case.date)
            except DecisionError as exc:
                results.append(_refused(cid, index, case, exc))
                continue
            results.append(CaseResult(item=cid, index=index, name=case.name, decision=decision,
                                      mismatches=compare(case.expect, decision)))
    return results


def _refused(item: str, index: int, case, exc: DecisionError) -> CaseResult:
    """A case the engine refused: as expected when ``expect.error`` names the code (nothing else
    can then be compared), else TB422."""
    if "error" not in case.expect:
        return CaseResult(item=item, index=index, name=case.name, decision=None, mismatches=(), error=exc)
    others = tuple((key, value, "(refused: no decision)") for key, value in case.expect.items() if key != "error")
    wrong = (("error", case.expect["error"], exc.code),) if case.expect["error"] != exc.code else ()
    return CaseResult(item=item, index=index, name=case.name, decision=None, mismatches=wrong + others)


def diagnostics(ruleset, results: list[CaseResult]) -> list[Diagnostic]:
    """Failing cases as diagnostics positioned at the expectation (or the case)."""
    out = []
    for result in results:
        source = ruleset.origin(ruleset.cases[result.item]).source
        out += [place(f, source) for f in _findings(result)]
    return out


def _findings(result: CaseResult) -> Iterator[Finding]:
    name = result.name
    if result.error is not None:
        error = result.error
        yield Finding(code="TB422", path=("cases", result.index, "facts"),
                      params={"name": name, "error_code": error.code, "error": error.message,
                              "error_en": error.message_en})
    for key, expected, actual in result.mismatches:
        path = ("cases", result.index, "expect", key)
        if key not in EXPECT_KEYS:
            yield Finding(code="TB421", path=path, at_key=True, params={"key": key, "keys": ", ".join(EXPECT_KEYS)})
            continue
        yield Finding(code="TB420", path=path, at_key=True,
                      params={"name": name, "key": key, "expected": expected, "actual": actual})
