"""The compiled plan of one item version: ``CompiledItem`` (compiled conditions, materials and
fee rules) and its ``Plan`` (what a decision shows but never recomputes, built on first use).

``compile`` makes ``CompiledItem`` s; ``decide`` reads them.  Both import this module and nothing
here imports either, so the two stages form no loop.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from ..lang import expr
from ..lang.expr import validate_fact_value
from ..model import items as m
from ..regions import Regions, scope_test

#: a generated function ``(facts, on) -> result``
Evaluator = Callable[[Mapping[str, object], date], Any]


@dataclass(frozen=True, kw_only=True)
class CompiledItem:
    """One item version, compiled: its checked conditions, the ``required_when`` of its materials
    and the ``when`` of its fee entries, and what planning a decision needs (``tables``,
    ``regions``, ``implementations``).

    Everything costly is a ``functools.cached_property`` — the package's one way of computing a
    value on first use: the generated evaluators (``evaluate_case`` …) are compiled on the first
    decision, the ``plan`` likewise, and a rule set nobody asks about never pays for them.
    """

    item: m.Item
    fact_order: tuple[str, ...]
    conditions: tuple[expr.Condition, ...]
    materials: tuple[expr.Condition | None, ...]  # required_when, per material use
    fees: tuple[expr.Condition | None, ...]  # when, per fee entry
    tables: Mapping[str, Mapping]  # laws, materials, licences, departments
    regions: Regions
    implementations: tuple = ()

    @cached_property
    def evaluate_all(self) -> Evaluator:
        """(facts, on) -> each condition's result (True / False / None)."""
        return expr.compile_all(self.conditions) if self.conditions else _no_conditions

    @cached_property
    def evaluate_case(self) -> tuple[Evaluator, slice, slice, slice]:
        """One generated function for a decision — (facts, on) -> the results of the conditions,
        of the materials' ``required_when`` and of the fee entries' ``when``, in one tuple (each
        fact read once) — and the slices of each part in it."""
        whens = ([c for c in self.materials if c is not None], [c for c in self.fees if c is not None])
        n, m = len(self.conditions), len(whens[0])
        every = [*self.conditions, *whens[0], *whens[1]]
        return (expr.compile_all(every) if every else _no_conditions), slice(0, n), slice(n, n + m), slice(n + m, None)

    @cached_property
    def all_of(self) -> Evaluator:
        """(facts, on) -> the conjunction of the conditions (True / False / None)."""
        return expr.conjunction(self.conditions).evaluate if self.conditions else _always

    @cached_property
    def uses_accepting(self) -> bool:
        """Whether an expression names the built-in ``accepting_region`` (decide then adds it)."""
        return any(expr.ACCEPTING in c.facts for c in (*self.conditions, *self.materials, *self.fees) if c)

    @cached_property
    def words(self):
        """Labels and names for describing this item's residuals (``lang.describe.Words``)."""
        from ..lang.describe import Words

        facts = self.item.facts
        return Words(labels={f.id: f.label for f in facts}, values={f.id: dict(f.values) for f in facts if f.values},
                     region_name=self.regions.name, regional=frozenset(f.id for f in facts if f.type == "region"))

    @cached_property
    def settings(self) -> dict:
        """(accepting region, day) -> the ``Setting`` of decisions there (``decide._setting``)."""
        return {}

    @cached_property
    def residuals(self) -> dict:
        """(condition, day, values of its facts) -> its residual and words (``decide.residuals``)."""
        return {}

    @cached_property
    def plan(self) -> Plan:
        """The static parts of a decision on this version."""
        return Plan(self, self.tables, self.regions, self.implementations)

    def eligible(self, facts, on) -> bool | None:
        """All conditions at once (True / False / None for unknown), without explanations.
        ``facts`` must already be valid values (``decide`` checks them)."""
        return self.all_of(facts, on)


def _no_conditions(facts, on) -> tuple:
    return ()


def _always(facts, on) -> bool:
    return True


ENGINE_VERSION = "1"

class Plan:
    """What a decision on one item version shows but never recomputes: built once, at load."""

    __slots__ = ("item", "conditions", "materials", "conditional", "limits", "steps", "fees", "validators",
                 "region_facts",
                 "provenance", "offices", "in_scope", "mode_scopes", "all_needed", "needed_table", "fee_table")
    #: answers tabulated for every outcome of a few conditions (``_tables``)
    needed_table: dict[tuple, tuple]
    fee_table: dict[tuple, tuple[tuple, str | None]]

    def __init__(self, compiled: CompiledItem, tables: Mapping[str, Mapping], regions: Regions, implementations):
        laws = tables["laws"]
        item = self.item = compiled.item
        self.conditions = tuple((c.id, c.text, [_cite(laws, b) for b in c.basis]) for c in item.conditions)
        self.materials = tuple(_material_row(use, tables) for use in item.materials)
        self.conditional = tuple(i for i, when in enumerate(compiled.materials) if when is not None)
        self.all_needed = (True,) * len(item.materials)
        self.limits = tuple((key, limit, _cite(laws, limit.basis) if limit else None)
                            for key, limit in (("legal", item.legal_limit), ("promised", item.promised_limit)))
        self.steps = tuple((step.name, step.limit, _cite(laws, step.limit.basis)) for step in item.process if step.limit)
        fees = item.fees
        self.fees = None if fees is None else (fees.free, _cite(laws, fees.basis), tuple(
            (e, {"id": e.id, "name": e.name, "amount": str(e.amount), "basis": _cite(laws, e.basis)})
            for e in fees.entries))
        self.validators = {f.id: _validator(f, regions) for f in item.facts}
        self.region_facts = tuple((f.id, _in_use(f, regions)) for f in item.facts if f.type == "region")
        self.provenance = {"item": item.id, "effective_from": item.effective_from.isoformat(),
                           "effective_until": item.effective_until.isoformat() if item.effective_until else None,
                           "status": item.status, "engine_version": ENGINE_VERSION}
        self.in_scope = scope_test(item.scope, regions)
        self.mode_scopes = tuple((name, scope_test(getattr(item.modes, name).scope or item.scope, regions))
                                 for name in item.modes.offered())
        self.offices = tuple((impl.region, tuple({"id": o.id, "name": o.name, "region": o.region}
                                                 for o in impl.offices if o.id in entry.offices))
                             for impl in implementations for entry in impl.items if entry.item == item.id)
        _tables(self, compiled)

def _cite(laws: Mapping, cite: m.Citation | None) -> dict | None:
    if cite is None:
        return None
    law = laws.get(cite.law)
    out = {"law": cite.law, "title": law.title if law else cite.law, "article": cite.article}
    if law and law.document:
        out["document"] = law.document
    return out

def _material_row(use: m.MaterialUse, tables: Mapping[str, Mapping]) -> dict:
    material, licences = tables["materials"].get(use.material), tables["licences"]
    row = {"id": use.material, "name": material.name if material else use.material,
           "originals": use.originals, "copies": use.copies,
           "required": bool(use.required or use.required_when),  # shown only when needed or still open
           "licences": [{"id": lic, "name": licences[lic].name if lic in licences else lic} for lic in use.licences]}
    if use.shared_data:
        dept = tables["departments"].get(use.shared_data.department)
        row["shared_data"] = {"department": use.shared_data.department,
                              "department_name": dept.name if dept else use.shared_data.department,
                              "data": use.shared_data.data}
    return row

class _SpecView:
    __slots__ = ("id", "type", "values")

    def __init__(self, fact: m.Fact):
        self.id, self.type, self.values = fact.id, fact.type, tuple(fact.values) if fact.values else None

def _validator(fact: m.Fact, regions):
    """A fast type check for the common types, falling back to the general one (with its messages)."""
    spec = _SpecView(fact)

    def general(value):
        return validate_fact_value(spec, value, regions)

    if fact.type in ("bool", "int"):
        kind = bool if fact.type == "bool" else int
        return lambda v: v if v.__class__ is kind else general(v)
    if fact.type == "enum":
        allowed = frozenset(fact.values or ())
        return lambda v: v if v.__class__ is str and v in allowed else general(v)
    if fact.type == "region":
        return lambda v: v if v.__class__ is str and regions.is_listed(v) else general(v)
    if fact.type == "decimal":
        return lambda v: Decimal(v) if v.__class__ is int else v if v.__class__ is Decimal and v.is_finite() \
            else general(v)
    if fact.type == "date":
        return lambda v: v if v.__class__ is date else general(v)
    return general

def _in_use(fact: m.Fact, regions):
    """``(code, on) -> None``: a listed code of a region fact must also be in use on ``on`` (TB414)."""
    spec = _SpecView(fact)

    def check(code, on):
        if not regions.is_known(code, on):
            validate_fact_value(spec, code, regions, on)
    return check

def _needed_flags(plan: Plan, flags: tuple) -> tuple:
    """Per-material flags from the results of the conditional materials' ``required_when``."""
    out = list(plan.all_needed)
    for i, flag in zip(plan.conditional, flags):
        out[i] = flag
    return tuple(out)

def _fee_rows(plan: Plan, compiled: CompiledItem, results: tuple) -> tuple[tuple, str | None]:
    """Applied and pending fee entries, and the total, from the results of the entries' ``when``."""
    applied, pending, total = [], [], Decimal(0)
    answers = iter(results)
    entries = plan.fees[2] if plan.fees is not None else ()
    for (entry, row), when in zip(entries, compiled.fees):
        applies = True if when is None else next(answers)
        if applies:
            applied.append(row)
            total += entry.amount
        elif applies is None:
            pending.append(row)
    return (tuple(applied), tuple(pending)), None if pending else str(total)

def _tables(plan: Plan, compiled: CompiledItem) -> None:
    """Precompute needed-materials and fee answers for every outcome of a few conditions.

    With k conditional materials (fee entries) there are 3**k combinations of True / False /
    unknown; for k <= 6 the answers are tabulated once, so a decision only looks them up.
    """
    combos = lambda k: itertools.product((True, False, None), repeat=k) if k <= 6 else ()
    plan.needed_table = {flags: _needed_flags(plan, flags) for flags in combos(len(plan.conditional))}
    fee_whens = sum(1 for w in compiled.fees if w is not None)
    plan.fee_table = ({r: _fee_rows(plan, compiled, r) for r in combos(fee_whens)}
                      if plan.fees is not None and not plan.fees[0] else {})


def set_by(limit: m.TimeLimit, regions: Regions) -> list[dict]:
    """The places that made a promise read in their guides (``promised_limit.set_by``), by code
    and name; empty for a department's own promise and for legal limits."""
    return [{"code": code, "name": regions.full_name(code)} for code in getattr(limit, "set_by", ())]
