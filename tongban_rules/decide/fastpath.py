"""``RuleSet.eligible`` without the detour: one generated function per item version.

``decide.eligible`` finds the version in force, checks every fact (``decide._facts``: known keys,
values of the declared type, region codes in use on the day) into a new mapping and evaluates the
conjunction of the conditions.  For the common call — a ``dict`` of plain values that those checks
would accept unchanged — the generated function (``expr.compile_guarded``) does the same checks
inline, on the caller's mapping, and evaluates the conjunction on the values it has just read.
Whenever a value is anything else (a date or decimal given as text, a region code with days of
use, an unknown key, a day outside the version …) it returns ``SLOW`` and the caller takes the
general way, which gives the same answer or raises the same coded error.  So the fast path
changes the speed, never the result (``tests/test_fastpath.py`` compares the two).

What "accepted unchanged" means per type (``plan._validator`` and ``expr.validate_fact_value``):

* ``bool`` / ``int`` / ``string`` — a value of exactly that class (``bool`` is not an ``int``);
* ``enum`` — a ``str`` among the declared values;
* ``decimal`` — an ``int``: the general way makes it a ``Decimal`` of the same value, and
  conditions only compare numbers (arithmetic is refused at load), so the result is the same;
* ``region`` — a code of the registry with no days of use (in use on every day);
* ``date`` and ``set`` — never: they are converted on the general way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from ..lang.expr import compile_guarded
from ..model import items as m
from ..regions import Regions
from .plan import CompiledItem

#: "take the general way": the generated function could not vouch for the facts
SLOW = object()
#: the day is outside this version (the next version may hold it)
_OUTSIDE = object()

FastEligible = Callable[[Any, date, object], object]

_TESTS = {
    "bool": "{v}.__class__ is bool",
    "int": "{v}.__class__ is int",
    "decimal": "{v}.__class__ is int",
    "string": "{v}.__class__ is str",
    "enum": "{v}.__class__ is str and {v} in {allowed}",
    "region": "{v}.__class__ is str and {v} in TIMELESS",
}


def _always_slow(facts: object, on: date, region: object) -> object:
    return SLOW


def build(versions: Sequence[tuple[m.Item, CompiledItem | None]], regions: Regions) -> FastEligible:
    """The fast ``(facts, on, region) -> True | False | None | SLOW`` of one item's versions."""
    if not versions or any(c is None or any(f.type not in _TESTS for f in i.facts) for i, c in versions):
        return _always_slow
    if len(versions) == 1:  # a day outside the only version: the general way says why
        return _version(*versions[0], regions, outside=SLOW)  # type: ignore[arg-type]
    tests = [_version(item, compiled, regions) for item, compiled in versions]  # type: ignore[arg-type]

    def many(facts: object, on: date, region: object) -> object:
        for test in tests:  # oldest first, as ``RuleSet.in_force`` looks
            answer = test(facts, on, region)
            if answer is not _OUTSIDE:
                return answer
        return SLOW
    return many


def _version(item: m.Item, compiled: CompiledItem, regions: Regions, outside: object = _OUTSIDE) -> FastEligible:
    until = item.effective_until
    ns: dict[str, object] = {"BAIL": SLOW, "OUTSIDE": outside, "FROM": item.effective_from, "UNTIL": until,
                             "TIMELESS": regions.timeless, "date": date, "dict": dict, "int": int, "str": str, "bool": bool}
    head = ["    if facts.__class__ is not dict or on.__class__ is not date:", "        return BAIL",
            "    if on < FROM" + (" or on >= UNTIL" if until is not None else "") + ":", "        return OUTSIDE",
            *(["    if region is not None:", "        return BAIL"] if compiled.uses_accepting else [])]
    guards = []
    for k, fact in enumerate(item.facts):
        ns[f"VALUES{k}"] = frozenset(fact.values or ())
        guards.append((fact.id, _TESTS[fact.type].replace("{allowed}", f"VALUES{k}")))
    return compile_guarded(compiled.conditions, guards, head, ns)
