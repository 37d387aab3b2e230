"""``Decision``: the answer for one case, and the ``Setting`` every decision of a batch shares.

A decision holds what ``decide`` worked out (outcome, per-condition results, missing facts,
needed materials, the 业务属地, the fee rows) and lays it out on demand — ``conditions``,
``materials``, ``routing``, ``time_limits``, ``fee``, ``provenance``, ``to_dict()`` — from its
``Plan``, never recomputing.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, cast

from ..model import items as m
from ..regions import Regions
from .plan import Plan, set_by
from .residuals import Open

_STATUS = {True: "passed", False: "failed", None: "unknown"}


class Setting(NamedTuple):
    """What every decision of one batch shares: the item version's plan, the accepting region,
    the date and what depends only on them (modes, due dates), the regions and the rules' digest."""

    plan: Plan
    region: str
    on: date
    modes: tuple[str, ...]
    due: tuple  # per limit: (due, due_if_extended, provisional mark, its mark) or None
    steps: tuple  # per process step with a limit: (start, due, provisional mark)
    regions: Regions
    digest: str


class _Fields(NamedTuple):
    setting: Setting
    outcome: str
    results: tuple  # per condition: True / False / None (unknown)
    missing_facts: tuple[str, ...]
    needed: tuple  # per material: True needed, None depends on a missing fact, False not needed
    handling: str | None  # the 业务属地 region, None while its fact is missing
    fee_rows: tuple | None  # (applied rows, pending rows); None when fees are unknown
    fee_total: str | None
    open: Open | None  # residuals in words of what is still unknown; None when nothing is


class Decision(_Fields):
    """The answer for one case.  Every value is decided eagerly in ``decide``; the properties and
    ``to_dict()`` only lay the answer out (JSON-ready).

    Built with keywords only.  A named tuple rather than a frozen dataclass: ``decide_batch``
    makes one per case, and a frozen dataclass costs a fifth of a decision more to build.
    """

    __slots__ = ()

    def __new__(cls, *, setting: Setting, outcome: str, results: tuple, missing_facts: tuple[str, ...],
                needed: tuple, handling: str | None, fee_rows: tuple | None, fee_total: str | None,
                open: Open | None = None) -> Decision:
        return tuple.__new__(cls, (setting, outcome, results, missing_facts, needed, handling, fee_rows, fee_total,
                                   open))

    # the shared parts, by name (the layout below reads ``self.setting`` directly: it is faster)
    plan = property(lambda self: self.setting.plan)
    region = property(lambda self: self.setting.region)
    on = property(lambda self: self.setting.on)
    modes = property(lambda self: self.setting.modes)
    due = property(lambda self: self.setting.due)
    regions = property(lambda self: self.setting.regions)
    digest = property(lambda self: self.setting.digest)

    @property
    def item_id(self) -> str:
        return self.setting.plan.item.id

    @property
    def conditions(self) -> tuple[dict, ...]:
        rows = self.setting.plan.conditions
        if self.open is None or self.open.conditions is None or None not in self.results:
            return tuple({"id": cid, "status": _STATUS[r], "text": text, "basis": basis}
                         for (cid, text, basis), r in zip(rows, self.results))
        return tuple({"id": cid, "status": _STATUS[r], "text": text, "basis": basis, **_residual(words)}
                     for (cid, text, basis), r, words in zip(rows, self.results, self.open.conditions))

    @property
    def materials(self) -> tuple[dict, ...]:
        """The materials needed (``required``: true, or false for optional ones) and those still
        open (``required``: null, with the ``residual`` that decides it)."""
        rows = self.setting.plan.materials
        if self.open is None or not self.open.materials:
            return tuple(row for row, flag in zip(rows, self.needed) if flag is not False)
        return tuple(row if flag else {**row, "required": None, **_residual(words)}
                     for row, flag, words in zip(rows, self.needed, self.open.materials) if flag is not False)

    @property
    def routing(self) -> dict:
        setting, handling = self.setting, self.handling
        plan, region, regions = setting.plan, setting.region, setting.regions
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
        return None if self.handling is None else self.handling[:2] != self.setting.region[:2]

    @property
    def time_limits(self) -> dict:
        out: dict[str, dict | None] = {}
        for (key, limit, basis), due in zip(self.setting.plan.limits, self.setting.due):
            if limit is None:
                out[key] = None
                continue
            entry = {"value": limit.value, "unit": limit.unit, "unit_name": m.UNITS[limit.unit],
                     "due": due[0].isoformat(), "basis": basis, **due[2]}
            if limit.extension:
                ext = limit.extension
                entry["extension"] = {"value": ext.value, "unit": ext.unit, "when": ext.when,
                                      "due_if_extended": due[1].isoformat(), **due[3]}
            places = set_by(limit, self.setting.regions)
            if places:  # a promise read in another place's guide: whose it is
                entry["set_by"] = places
            out[key] = entry
        return out

    @property
    def step_limits(self) -> list[dict]:
        """The process steps with limits of their own (离婚冷静期 …), counted one after the other
        from the date of application: each step's start (``from``) and ``due`` date."""
        return [{"step": name, "value": limit.value, "unit": limit.unit, "unit_name": m.UNITS[limit.unit],
                 "from": start.isoformat(), "due": due.isoformat(), "basis": basis, **mark}
                for (name, limit, basis), (start, due, mark) in zip(self.setting.plan.steps, self.setting.steps)]

    @property
    def fee(self) -> dict:
        fees = self.setting.plan.fees
        if fees is None:
            return {"known": False, "total": None, "entries": [], "pending": []}
        free, basis, _ = fees
        if free:
            return {"known": True, "free": True, "total": "0", "entries": [], "pending": [], "basis": basis}
        applied, pending = cast(tuple, self.fee_rows)  # set whenever the item states its fees
        if pending and self.open is not None:
            opened = [w for w in self.open.fees if w is not None]
            pending = [{**row, **_residual(words)} for row, words in zip(pending, opened)]
        return {"known": True, "free": False, "total": self.fee_total, "entries": list(applied),
                "pending": list(pending)}

    @property
    def provenance(self) -> dict:
        setting = self.setting
        return {"rules_digest": setting.digest, **setting.plan.provenance, "on": setting.on.isoformat()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item_id, "outcome": self.outcome, "conditions": list(self.conditions),
            "missing_facts": list(self.missing_facts), "materials": list(self.materials),
            "modes": list(self.setting.modes), "routing": self.routing, "time_limits": self.time_limits,
            "step_limits": self.step_limits, "fee": self.fee, "provenance": self.provenance,
        }

    def invariant_part(self) -> dict[str, Any]:
        """Everything that must be the same for every accepting region (无差别受理)."""
        data = self.to_dict()
        for key in ("modes", "routing"):
            data.pop(key)
        return data


def _residual(words: dict | None) -> dict:
    return {} if words is None else {"residual": words}
