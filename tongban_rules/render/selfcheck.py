"""自助预审 data: each item's decision rules as JSON for the in-page self-check.

The browser decides with ``static/selfcheck.js`` (``evaluate(itemData, facts, {date, region})``),
offline, from the data written here — the same plan ``decide`` reads, so the answers are the
same (``tests/test_selfcheck_equal.py`` holds them equal):

* ``versions``: every version of the item (``from`` / ``until``), each with its facts (the form's
  questions, in form order), conditions as a JSON AST with text and basis, material rows with
  their ``required_when`` AST, fee rows with their ``when`` AST, time limits, process steps and
  the scope of the item and of each mode as GB/T 2260 code prefixes (``null``: nationwide);
* ``calendar``: the working-day exceptions of every year the browser can count in — the years of
  the State Council notices and ``PROVISIONAL_YEARS`` more on the provisional calendar — as
  ``MMDD`` strings (``off``: weekdays not worked; ``on``: weekend days worked), with the label of
  the 放假办法 a provisional year is counted on.

The condition AST mirrors ``lang.expr``'s IR: ``["fact", id]``, ``["const", v]`` (a decimal is
``["dec", "1.50"]``, a date ``["date", "2025-01-01"]``, a literal set ``["set", ["a", ..]]`` or,
``["numset", ["1", "2.5"]]``), ``["on"]``, ``["not", x]``, ``["and"|"or", [x, ..]]``, ``["cmp", op, l, r]`` and
``["call", name, [args]]`` with the names of ``FUNCTIONS`` plus ``startswith`` / ``within``.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import cached_property

from ..decide.plan import set_by
from ..load.ruleset import RuleSet
from ..model import items as m
from ..regions import _prefix

__all__ = ["Exporter", "ast", "PROVISIONAL_YEARS"]

#: provisional years counted beyond the last notice (the browser cannot compute lunar holidays)
PROVISIONAL_YEARS = 5


def ast(ir: tuple) -> list:
    """The JSON AST of a checked condition's IR."""
    tag = ir[0]
    if tag == "fact":
        return ["fact", ir[1]]
    if tag == "const":
        return _const(ir[1])
    if tag == "on":
        return ["on"]
    if tag == "not":
        return ["not", ast(ir[1])]
    if tag in ("and", "or"):
        return [tag, [ast(x) for x in ir[1]]]
    if tag == "cmp":
        return ["cmp", ir[1], ast(ir[2]), ast(ir[3])]
    if tag == "call":
        return ["call", ir[1], [ast(x) for x in ir[3]]]
    raise ValueError(f"no JSON form for the IR node {tag!r}")


def _const(value: object) -> list:
    if isinstance(value, Decimal):
        return ["dec", str(value)]
    if isinstance(value, date):
        return ["date", value.isoformat()]
    if isinstance(value, frozenset):  # of strings, or of numbers (written as decimal text)
        numbers = all(isinstance(v, (int, Decimal)) for v in value)
        return ["numset" if numbers else "set", sorted(str(v) if numbers else v for v in value)]
    return ["const", value]


def _when(condition) -> list | None:
    return None if condition is None else ast(condition.ir)


def _prefixes(scope: m.Scope | None, regions) -> list[str] | None:
    """A scope as code prefixes (``regions.scope_test``'s test); None for nationwide."""
    if scope is None or scope.kind == "nationwide":
        return None
    if scope.kind == "intra_province":
        members: tuple[str, ...] = (str(scope.province),)
    elif scope.kind == "provinces":
        members = tuple(scope.provinces)
    else:
        members = tuple(regions.group(scope.group) or ())
    return sorted({_prefix(code) for code in members})


def _limit(limit: m.TimeLimit, basis, regions) -> dict:
    out: dict = {"value": limit.value, "unit": limit.unit, "unit_name": m.UNITS[limit.unit], "basis": basis}
    if limit.extension:
        ext = limit.extension
        out["extension"] = {"value": ext.value, "unit": ext.unit, "when": ext.when}
    places = set_by(limit, regions)
    if places:
        out["set_by"] = places
    return out


def _facts(item: m.Item) -> list[dict]:
    out = []
    for f in item.facts:
        fact: dict = {"id": f.id, "label": f.label, "type": f.type}
        if f.values:
            fact["values"] = [[k, v] for k, v in f.values.items()]
        if f.help:
            fact["help"] = f.help
        out.append(fact)
    return out


def version_data(compiled, regions) -> dict:
    """One item version: what ``evaluate`` needs, from its ``CompiledItem`` and ``Plan``."""
    item, plan = compiled.item, compiled.plan
    fees = None
    if plan.fees is not None:
        free, basis, entries = plan.fees
        fees = {"free": free, "basis": basis,
                "entries": [{"row": row, "when": _when(w)} for (_, row), w in zip(entries, compiled.fees)]}
    return {
        "from": item.effective_from.isoformat(),
        "until": item.effective_until.isoformat() if item.effective_until else None,
        "name": item.name, "facts": _facts(item), "fact_order": list(compiled.fact_order),
        "uses_accepting": compiled.uses_accepting,
        "conditions": [{"id": cid, "text": text, "basis": basis, "when": ast(c.ir)}
                       for (cid, text, basis), c in zip(plan.conditions, compiled.conditions)],
        "materials": [{"row": row, "when": _when(w)} for row, w in zip(plan.materials, compiled.materials)],
        "fees": fees,
        "limits": {key: None if limit is None else _limit(limit, basis, regions) for key, limit, basis in plan.limits},
        "steps": [{"step": name, **_limit(limit, basis, regions)} for name, limit, basis in plan.steps],
        "scope": _prefixes(item.scope, regions),
        "modes": [[name, _prefixes(getattr(item.modes, name).scope or item.scope, regions)]
                  for name in item.modes.offered()],
    }


class Exporter:
    """Writes the self-check data of a rule set; the calendar part is worked out once."""

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset

    @cached_property
    def calendar(self) -> dict:
        cal = self.ruleset.calendar
        published = cal.years
        if not published:
            return {"first": None, "last": None, "published": [], "years": {}}
        last = published[-1] + (PROVISIONAL_YEARS if cal.law is not None else 0)
        years = {str(y): _exceptions(y, cal.working_days(y)) for y in range(published[0], last + 1)}
        law = cal.law
        for y in range(published[-1] + 1, last + 1):
            version = law.version_on(date(y, 1, 1))
            years[str(y)]["law"] = [version.label, version.label_en] if version else ["", ""]
        return {"first": published[0], "last": last, "published": list(published), "years": years}

    def item(self, item_id: str) -> dict:
        versions = self.ruleset.versions[item_id]
        regions = self.ruleset.regions
        return {"item": item_id, "calendar": self.calendar,
                "versions": [version_data(v.compiled, regions) for v in versions if v.compiled is not None]}

    def item_json(self, item_id: str) -> str:
        return json.dumps(self.item(item_id), ensure_ascii=False, separators=(",", ":")) + "\n"

    def regions_json(self) -> str:
        """The codes in use today (no last day of use), for the form's region pickers."""
        regions = self.ruleset.regions
        codes = {r.code: r.name for r in sorted(regions, key=lambda r: r.code) if r.valid_until is None}
        return json.dumps(codes, ensure_ascii=False, separators=(",", ":")) + "\n"


def _exceptions(year: int, working: tuple[date, ...]) -> dict:
    """A year's days that break the Monday–Friday rule, as ``MMDD``."""
    worked = frozenset(working)
    days = [date.fromordinal(n) for n in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1)]
    off = [d.strftime("%m%d") for d in days if d.weekday() < 5 and d not in worked]
    on = [d.strftime("%m%d") for d in days if d.weekday() >= 5 and d in worked]
    return {"off": " ".join(off), "on": " ".join(on)}
