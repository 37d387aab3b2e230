"""Decisions: ``(item, facts, accepting region, date) → Decision`` — pure, explained, region-invariant.

Nothing here reads files, the clock or global state: the date of application ``on`` is an
argument.  A decision carries

* ``outcome`` — ``eligible`` when every condition passed, ``ineligible`` as soon as one failed
  (even if others are unknown), ``undetermined`` otherwise;
* each condition's status (passed / failed / unknown), sentence and legal basis;
* ``missing_facts`` — the facts the unknown conditions still need, in declaration order;
* the materials this case needs, with what may replace each (电子证照, shared data);
* time limits with due dates (工作日 / 自然日 / 即办, see ``calendar``) and the fee; a due date
  counted over a year that has no State Council holiday notice yet is ``provisional`` (the
  calendar of 《全国年节及纪念日放假办法》), with the reason;
* modes and routing, the only parts that depend on the accepting region.

Bad requests raise ``DecisionError`` with a code: TB401 a date the calendar cannot count (before
its first year, or past the notices when the rule set has no holiday measures), TB410 a fact
of the wrong type, TB411 unknown item, TB412 bad date argument, TB413 no version in force,
TB414 unknown region, TB415 an undeclared fact, TB416 an item whose rule file has errors.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterable, Mapping, NamedTuple

from ..model import items as m
from .plan import CompiledItem, Plan, _fee_rows, _needed_flags
from ..errors import DecisionError

_STATUS = {True: "passed", False: "failed", None: "unknown"}


class Decision(NamedTuple):
    """The answer for one case.  Every value is decided eagerly in ``decide``; the properties and
    ``to_dict()`` only lay the answer out (JSON-ready)."""

    plan: Plan
    outcome: str
    results: tuple  # per condition: True / False / None (unknown)
    missing_facts: tuple[str, ...]
    needed: tuple  # per material: True needed, None depends on a missing fact, False not needed
    modes: tuple[str, ...]
    region: str
    handling: str | None  # the 业务属地 region, None while its fact is missing
    regions: object
    due: tuple  # per limit: (due, due_if_extended, provisional mark, its mark) or None
    fee_rows: tuple | None  # (applied rows, pending rows); None when fees are unknown
    fee_total: str | None
    on: date
    digest: str

    @property
    def item_id(self) -> str:
        return self.plan.item.id

    @property
    def conditions(self) -> tuple[dict, ...]:
        return tuple({"id": cid, "status": _STATUS[r], "text": text, "basis": basis}
                     for (cid, text, basis), r in zip(self.plan.conditions, self.results))

    @property
    def materials(self) -> tuple[dict, ...]:
        return tuple(row for row, flag in zip(self.plan.materials, self.needed) if flag is not False)

    @property
    def routing(self) -> dict:
        plan, region, handling, regions = self.plan, self.region, self.handling, self.regions
        cross = None if handling is None else handling[:2] != region[:2]
        out = {"accepting_region": region, "accepting_region_name": regions.name(region),
               "offices": [o for where, found in plan.offices if regions.within(region, where) for o in found],
               "handling_region": handling, "handling_region_name": regions.name(handling) if handling else None,
               "handling_region_fact": plan.item.routing.handling_region_fact, "cross_province": cross,
               "in_scope": plan.in_scope(region)}
        if cross and plan.item.modes.proxy:
            out["transfer"] = plan.item.modes.proxy.transfer
        return out

    @property
    def cross_province(self) -> bool | None:
        """跨省: accepting and handling region lie in different provinces (None while unknown)."""
        return None if self.handling is None else self.handling[:2] != self.region[:2]

    @property
    def time_limits(self) -> dict:
        out: dict[str, dict | None] = {}
        for (key, limit, basis), due in zip(self.plan.limits, self.due):
            if limit is None:
                out[key] = None
                continue
            out[key] = {"value": limit.value, "unit": limit.unit, "unit_name": m.UNITS[limit.unit],
                        "due": due[0].isoformat(), "basis": basis, **due[2]}
            if limit.extension:
                ext = limit.extension
                out[key]["extension"] = {"value": ext.value, "unit": ext.unit, "when": ext.when,
                                         "due_if_extended": due[1].isoformat(), **due[3]}
        return out

    @property
    def fee(self) -> dict:
        if self.plan.fees is None:
            return {"known": False, "total": None, "entries": [], "pending": []}
        free, basis, _ = self.plan.fees
        if free:
            return {"known": True, "free": True, "total": "0", "entries": [], "pending": [], "basis": basis}
        applied, pending = self.fee_rows
        return {"known": True, "free": False, "total": self.fee_total, "entries": list(applied),
                "pending": list(pending)}

    @property
    def provenance(self) -> dict:
        return {"rules_digest": self.digest, **self.plan.provenance, "on": self.on.isoformat()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item_id, "outcome": self.outcome, "conditions": list(self.conditions),
            "missing_facts": list(self.missing_facts), "materials": list(self.materials),
            "modes": list(self.modes), "routing": self.routing, "time_limits": self.time_limits,
            "fee": self.fee, "provenance": self.provenance,
        }

    def invariant_part(self) -> dict[str, Any]:
        """Everything that must be the same for every accepting region (无差别受理)."""
        data = self.to_dict()
        for key in ("modes", "routing"):
            data.pop(key)
        return data


# ------------------------------------------------------------------ input checks


def _version(ruleset, item_id: str, on: object) -> CompiledItem:
    if item_id not in ruleset.items:
        raise DecisionError("TB411", item=item_id)
    if type(on) is not date:
        raise DecisionError("TB412", on=on)
    item = ruleset.version(item_id, on)
    if item is None:
        spans = "、".join(f"{v.effective_from}–{v.effective_until or ''}" for v in ruleset.items[item_id])
        raise DecisionError("TB413", item=item_id, on=on, spans=spans)
    compiled = ruleset.compiled.get(id(item))
    if compiled is None:  # only in a RuleSet from load_tree() that carried errors
        raise DecisionError("TB416", item=item_id)
    return compiled


def _region(ruleset, region: object) -> str:
    if not isinstance(region, str) or not ruleset.regions.is_known(region):
        raise DecisionError("TB414", region=region)
    return region


def _facts(plan: Plan, facts: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(facts, Mapping):
        raise DecisionError("TB410", variant="facts")
    out = {}
    validators = plan.validators
    for key, value in facts.items():
        check = validators.get(key)
        if check is None:
            raise DecisionError("TB415", item=plan.item.id, key=key, known="、".join(validators) or "（无）",
                                known_en=", ".join(validators))
        if value is not None:
            out[key] = check(value)
    return out


# ------------------------------------------------------------------ the decision


def decide(ruleset, item_id: str, facts: Mapping[str, object], *, region: str, on: date) -> Decision:
    return decide_batch(ruleset, item_id, (facts,), region=region, on=on)[0]


def eligible(ruleset, item_id: str, facts: Mapping[str, object], *, on: date) -> bool | None:
    """Only the outcome, as True (eligible), False (ineligible) or None (undetermined): the
    conjunction of the item's conditions, compiled once, after the same checks of the facts."""
    compiled = _version(ruleset, item_id, on)
    return compiled.eligible(_facts(compiled.plan, facts), on)


def decide_batch(ruleset, item_id: str, many: Iterable[Mapping[str, object]], *, region: str,
                 on: date) -> list[Decision]:
    """Decide many cases of one item at one accepting region on one date.

    What depends only on (item, region, date) — the version, modes, due dates — is worked out
    once; each case then costs its facts, conditions, materials and fee.  Each decision equals
    ``decide`` for the same case.
    """
    compiled = _version(ruleset, item_id, on)
    if region.__class__ is not str or not ruleset.regions.is_known(region):
        _region(ruleset, region)
    plan: Plan = compiled.plan
    calendar, regions, digest = ruleset.calendar, ruleset.regions, ruleset.digest
    modes = tuple(name for name, test in plan.mode_scopes if test(region)) if plan.in_scope(region) else ()
    due = tuple(None if limit is None else _due(calendar, limit, on) for _, limit, _ in plan.limits)
    fact = plan.item.routing.handling_region_fact
    evaluate = compiled.evaluate_all
    out = []
    for facts in many:
        values = _facts(plan, facts)
        results = evaluate(values, on)
        outcome = "ineligible" if False in results else "undetermined" if None in results else "eligible"
        fee_rows, fee_total = _fee(plan, compiled, values, on)
        out.append(Decision(
            plan, outcome, results,
            _missing(compiled, results, values) if outcome == "undetermined" else (),
            _needed(plan, compiled, values, on), modes, region,
            values.get(fact) if fact else region, regions, due, fee_rows, fee_total, on, digest,
        ))
    return out


def _due(calendar, limit: m.TimeLimit, on: date) -> tuple[date, date | None, dict, dict]:
    """The due date (and the one if extended), each with its mark: ``provisional`` and, when it
    is counted over a year without a State Council notice, the reason in Chinese and English."""
    due = calendar.due(on, limit.value, limit.unit)
    ext = limit.extension
    if ext is None:
        return due.date, None, _mark(calendar, due.provisional), {}
    extended = calendar.due(due.date, ext.value, ext.unit)
    years = extended.provisional if not due.provisional else tuple(sorted({*due.provisional, *extended.provisional}))
    return due.date, extended.date, _mark(calendar, due.provisional), _mark(calendar, years)


_NOT_PROVISIONAL = {"provisional": False}


def _mark(calendar, years: tuple[int, ...]) -> dict:
    if not years:
        return _NOT_PROVISIONAL
    zh, en = calendar.provisional_reason(years)
    return {"provisional": True, "provisional_reason": {"zh": zh, "en": en}}


def _missing(compiled: CompiledItem, results: tuple, values: Mapping) -> tuple[str, ...]:
    needed = {f for cond, r in zip(compiled.conditions, results) if r is None for f in cond.facts}
    return tuple(f for f in compiled.fact_order if f in needed and f not in values)


def _needed(plan: Plan, compiled: CompiledItem, values: Mapping, on: date) -> tuple:
    if compiled.evaluate_materials is None:
        return plan.all_needed
    flags = compiled.evaluate_materials(values, on)
    return plan.needed_table.get(flags) or _needed_flags(plan, flags)


def _fee(plan: Plan, compiled: CompiledItem, values: Mapping, on: date) -> tuple[tuple | None, str | None]:
    if plan.fees is None:
        return None, None
    if plan.fees[0]:
        return ((), ()), "0"
    results = compiled.evaluate_fees(values, on) if compiled.evaluate_fees else ()
    return plan.fee_table.get(results) or _fee_rows(plan, compiled, results)


