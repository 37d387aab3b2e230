"""The JSON Schema (2020-12) of one item version's facts: what a platform builds its form from and
validates against before it asks for a decision.

Every fact is optional (a missing fact leaves the conditions that need it unknown), nothing
undeclared is allowed (TB415), and each type is what ``decide`` accepts (``expr.validate_fact_value``):
a decimal as an integer or as decimal text, a date as ``YYYY-MM-DD``, a region as six ASCII digits
(whether the code is in use on the day is the registry's answer, not the schema's: TB414).  Labels
come from the item (``title``), enum and set values carry their Chinese names (``oneOf`` of
``const`` + ``title``, which editors and form builders show).

``tongban schema --facts ITEM`` prints it; ``GET /v1/items/{item_id}`` includes it.
"""

from __future__ import annotations

from typing import Any

from ..model import items as m

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"


def facts_schema(item: m.Item) -> dict[str, Any]:
    """JSON Schema (2020-12) of an item's facts: every fact optional (a missing fact makes the
    conditions that need it unknown), nothing undeclared (TB415), types as ``decide`` checks them."""
    props = {f.id: {**_type(f), "title": f.label, **({"description": f.help} if f.help else {})}
             for f in item.facts}
    return {"$schema": SCHEMA_DIALECT, "title": item.name, "type": "object", "properties": props,
            "additionalProperties": False}


def _type(fact: m.Fact) -> dict[str, Any]:
    kind = fact.type
    if kind in ("enum", "set"):
        choices = {"oneOf": [{"const": k, "title": v} for k, v in (fact.values or {}).items()]}
        return {"type": "string", **choices} if kind == "enum" else {
            "type": "array", "items": choices, "uniqueItems": True}
    return dict(_PLAIN[kind])


_PLAIN: dict[str, dict[str, Any]] = {
    "bool": {"type": "boolean"},
    "int": {"type": "integer"},
    "decimal": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": _DECIMAL}]},
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "region": {"type": "string", "pattern": "^[0-9]{6}$", "description": "GB/T 2260 行政区划代码（六位数字）"},
}
