"""Decisions: ``(item, facts, accepting region, date) → Decision`` — pure, explained, region-invariant.

Nothing here reads files, the clock or global state: the date of application ``on`` is an
argument.  A decision carries

* ``outcome`` — ``eligible`` when every condition passed, ``ineligible`` as soon as one failed
  (even if others are unknown), ``undetermined`` otherwise;
* each condition's status (passed / failed / unknown), sentence and legal basis;
* ``missing_facts`` — the facts the unknown conditions still need, in declaration order;
* the materials this case needs, with what may replace each (电子证照, shared data);
* time limits with due dates (工作日 / 自然日 / 即办, see ``calendar``) and the fee;
* modes and routing, the only parts that depend on the accepting region.

Bad requests raise ``DecisionError`` with a code: TB401 date outside the calendar, TB410 a fact
of the wrong type, TB411 unknown item, TB412 bad date argument, TB413 no version in force,
TB414 unknown region, TB415 an undeclared fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Mapping

from . import model as m
from .engine import CompiledItem
from .errors import DecisionError
from .expr import validate_fact_value

ENGINE_VERSION = "1"
_STATUS = {True: "passed", False: "failed", None: "unknown"}


def _cite(ruleset, cite: m.Citation | None) -> dict | None:
    if cite is None:
        return None
    law = ruleset.laws.get(cite.law)
    out = {"law": cite.law, "title": law.title if law else cite.law, "article": cite.article}
    if law and law.document:
        out["document"] = law.document
    return out


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer for one case.  ``to_dict()`` gives the JSON-ready form."""

    item_id: str
    outcome: str
    conditions: tuple[dict, ...]
    missing_facts: tuple[str, ...]
    materials: tuple[dict, ...]
    modes: tuple[str, ...]
    routing: dict
    time_limits: dict
    fee: dict
    provenance: dict

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
        raise DecisionError("TB411", f"未知事项: {item_id}", f"unknown item: {item_id}")
    if type(on) is not date:
        raise DecisionError("TB412", f"on 必须是日期 (datetime.date)，收到 {on!r}",
                            f"on must be a datetime.date, got {on!r}")
    item = ruleset.version(item_id, on)
    if item is None:
        spans = "、".join(f"{v.effective_from}–{v.effective_until or ''}" for v in ruleset.items[item_id])
        raise DecisionError("TB413", f"事项 {item_id} 在 {on} 没有生效的版本（各版本: {spans}）",
                            f"item {item_id} has no version in force on {on} (versions: {spans})")
    return ruleset.compiled[id(item)]


def _region(ruleset, region: object) -> str:
    if not isinstance(region, str) or not ruleset.regions.is_known(region):
        raise DecisionError("TB414", f"无效或未登记的行政区划代码: {region!r}",
                            f"invalid or unknown region code: {region!r}")
    return region


def _facts(ruleset, compiled: CompiledItem, facts: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(facts, Mapping):
        raise DecisionError("TB410", "facts 必须是从事实 id 到值的映射", "facts must be a mapping of fact id to value")
    out = {}
    for key, value in facts.items():
        spec = compiled.facts.get(key)
        if spec is None:
            known = "、".join(compiled.fact_order) or "（无）"
            raise DecisionError("TB415", f"事项 {compiled.item.id} 没有声明事实 {key}（已声明: {known}）",
                                f"item {compiled.item.id} declares no fact {key} (declared: {', '.join(compiled.fact_order)})")
        if value is not None:
            out[key] = validate_fact_value(_SpecView(spec), value, ruleset.regions)
    return out


class _SpecView:
    __slots__ = ("id", "type", "values")

    def __init__(self, fact: m.Fact):
        self.id, self.type, self.values = fact.id, fact.type, tuple(fact.values) if fact.values else None


# ------------------------------------------------------------------ the decision


def decide(ruleset, item_id: str, facts: Mapping[str, object], *, region: str, on: date) -> Decision:
    compiled = _version(ruleset, item_id, on)
    region = _region(ruleset, region)
    values = _facts(ruleset, compiled, facts)
    item = compiled.item
    results = compiled.evaluate_all(values, on)
    outcome = "ineligible" if False in results else "undetermined" if None in results else "eligible"
    return Decision(
        item_id=item.id, outcome=outcome,
        conditions=tuple({"id": c.id, "status": _STATUS[r], "text": c.text,
                          "basis": [_cite(ruleset, b) for b in c.basis]}
                         for c, r in zip(item.conditions, results)),
        missing_facts=_missing(compiled, results, values) if outcome == "undetermined" else (),
        materials=_materials(ruleset, compiled, values, on),
        modes=modes_at(ruleset, item, region),
        routing=_routing(ruleset, item, values, region),
        time_limits=_time_limits(ruleset, item, on),
        fee=_fee(ruleset, compiled, values, on),
        provenance={"rules_digest": ruleset.digest, "item": item.id, "effective_from": item.effective_from.isoformat(),
                    "effective_until": item.effective_until.isoformat() if item.effective_until else None,
                    "status": item.status, "engine_version": ENGINE_VERSION, "on": on.isoformat()},
    )


def _missing(compiled: CompiledItem, results: tuple, values: Mapping) -> tuple[str, ...]:
    needed = {f for cond, r in zip(compiled.conditions, results) if r is None for f in cond.facts}
    return tuple(f for f in compiled.fact_order if f in needed and f not in values)


def _materials(ruleset, compiled: CompiledItem, values: Mapping, on: date) -> tuple[dict, ...]:
    out = []
    for use, when in zip(compiled.item.materials, compiled.materials):
        needed = True if when is None else when.evaluate(values, on)
        if needed is False:
            continue
        material = ruleset.materials.get(use.material)
        entry = {"id": use.material, "name": material.name if material else use.material,
                 "originals": use.originals, "copies": use.copies,
                 "required": "yes" if needed else "if " + (use.required_when or ""),
                 "licences": [{"id": lic, "name": ruleset.licences[lic].name if lic in ruleset.licences else lic}
                              for lic in use.licences]}
        if use.shared_data:
            dept = ruleset.departments.get(use.shared_data.department)
            entry["shared_data"] = {"department": use.shared_data.department,
                                    "department_name": dept.name if dept else use.shared_data.department,
                                    "data": use.shared_data.data}
        if not use.required and use.required_when is None:
            entry["required"] = "optional"
        out.append(entry)
    return tuple(out)


def in_scope(ruleset, scope: m.Scope, region: str) -> bool:
    regions = ruleset.regions
    if scope.kind == "nationwide":
        return True
    if scope.kind == "group":
        return regions.in_group(region, scope.group)
    if scope.kind == "provinces":
        return regions.province_of(region) in scope.provinces
    return regions.within(region, scope.province)


def modes_at(ruleset, item: m.Item, region: str) -> tuple[str, ...]:
    """The handling modes offered at ``region`` (each mode's own scope, else the item's)."""
    if not in_scope(ruleset, item.scope, region):
        return ()
    return tuple(name for name in item.modes.offered()
                 if in_scope(ruleset, getattr(item.modes, name).scope or item.scope, region))


def _routing(ruleset, item: m.Item, values: Mapping, region: str) -> dict:
    regions = ruleset.regions
    fact = item.routing.handling_region_fact
    handling = values.get(fact, None) if fact else region
    cross = None if handling is None else regions.province_of(handling) != regions.province_of(region)
    offices = [{"id": o.id, "name": o.name, "region": o.region}
               for impl in ruleset.implementations.values() if regions.within(region, impl.region)
               for entry in impl.items if entry.item == item.id
               for o in impl.offices if o.id in entry.offices]
    out = {"accepting_region": region, "accepting_region_name": regions.name(region), "offices": offices,
           "handling_region": handling, "handling_region_name": regions.name(handling) if handling else None,
           "handling_region_fact": fact, "cross_province": cross, "in_scope": in_scope(ruleset, item.scope, region)}
    if item.modes.proxy and cross:
        out["transfer"] = item.modes.proxy.transfer
    return out


def _limit(ruleset, limit: m.TimeLimit | None, on: date) -> dict | None:
    if limit is None:
        return None
    out = {"value": limit.value, "unit": limit.unit, "unit_name": m.UNITS[limit.unit],
           "due": ruleset.calendar.due_date(on, limit.value, limit.unit).isoformat(),
           "basis": _cite(ruleset, limit.basis)}
    if limit.extension:
        ext = limit.extension
        due = ruleset.calendar.due_date(on, limit.value, limit.unit)
        out["extension"] = {"value": ext.value, "unit": ext.unit, "when": ext.when,
                            "due_if_extended": ruleset.calendar.due_date(due, ext.value, ext.unit).isoformat()}
    return out


def _time_limits(ruleset, item: m.Item, on: date) -> dict:
    return {"legal": _limit(ruleset, item.legal_limit, on), "promised": _limit(ruleset, item.promised_limit, on)}


def _fee(ruleset, compiled: CompiledItem, values: Mapping, on: date) -> dict:
    fees = compiled.item.fees
    if fees is None:
        return {"known": False, "total": None, "entries": [], "pending": []}
    if fees.free:
        return {"known": True, "free": True, "total": "0", "entries": [], "pending": [],
                "basis": _cite(ruleset, fees.basis)}
    applied, pending, total = [], [], Decimal(0)
    for entry, when in zip(fees.entries, compiled.fees):
        applies = True if when is None else when.evaluate(values, on)
        row = {"id": entry.id, "name": entry.name, "amount": str(entry.amount), "basis": _cite(ruleset, entry.basis)}
        if applies:
            applied.append(row)
            total += entry.amount
        elif applies is None:
            pending.append(row)
    return {"known": True, "free": False, "total": None if pending else str(total), "entries": applied,
            "pending": pending}
