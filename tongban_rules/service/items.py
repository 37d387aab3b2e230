"""What ``GET /v1/items`` and ``GET /v1/items/{item_id}`` show: the items of the rule set in
force, each item's elements (四级四同: name, code, type, legal basis), its versions, and the facts
it declares as a JSON Schema a client can build a form from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..decide.facts_schema import facts_schema
from ..errors import DecisionError
from ..load.ruleset import RuleSet
from ..model import items as m


def span(item: m.Item) -> dict[str, Any]:
    return {"effective_from": item.effective_from.isoformat(),
            "effective_until": item.effective_until.isoformat() if item.effective_until else None,
            "status": item.status}


def listing(ruleset: RuleSet, on: date) -> dict[str, Any]:
    rows = []
    for item_id in ruleset.item_ids():
        current = ruleset.version(item_id, on)
        shown = current or ruleset.latest(item_id)
        rows.append({"id": item_id, "name": shown.name, "catalog_code": shown.catalog_code,
                     "status": current.status if current else None, "version": span(current) if current else None})
    return {"on": on.isoformat(), "items": rows}


def detail(ruleset: RuleSet, item_id: str, on: date) -> dict[str, Any]:
    """The version in force on ``on``; ``DecisionError`` TB411 / TB413 as ``decide`` would raise."""
    if item_id not in ruleset.items:
        raise DecisionError("TB411", item=item_id)
    item = ruleset.version(item_id, on)
    if item is None:
        spans = "、".join(f"{v.effective_from}–{v.effective_until or ''}" for v in ruleset.items[item_id])
        raise DecisionError("TB413", item=item_id, on=on, spans=spans)
    return {"id": item.id, "on": on.isoformat(), "version": span(item), "name": item.name,
            "catalog_code": item.catalog_code, "item_type": item.item_type, "levels": list(item.levels),
            "department": item.department, "legal_basis": [cite(ruleset, c) for c in item.legal_basis],
            "facts_schema": facts_schema(item), "versions": [span(v) for v in ruleset.items[item_id]]}


def cite(ruleset: RuleSet, c: m.Citation) -> dict[str, Any]:
    law = ruleset.laws.get(c.law)
    out: dict[str, Any] = {"law": c.law, "title": law.title if law else c.law, "article": c.article}
    if law is not None and law.document:
        out["document"] = law.document
    return out
