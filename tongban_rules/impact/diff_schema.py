"""JSON Schema of ``tongban diff --format json`` (``schema/diff.schema.json``, written by
``tongban schema``).  Written by hand beside ``diff_render.diff_dict``; ``tests/test_diff.py``
validates the diffs it makes against it."""

from __future__ import annotations

import json

__all__ = ["DIFF_SCHEMA", "diff_schema_text"]

_STR = {"type": "string"}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_IDS = {"type": "array", "items": _STR}
_FIELDS = ["conditions", "materials", "legal_limit", "promised_limit", "fees", "modes", "presence", "scope",
           "effective_from", "effective_until", "sources", "legal_basis", "facts", "name", "catalog_code",
           "item_type", "levels", "department", "authority_kind", "service_objects", "themes", "routing", "results",
           "delivery", "process", "status", "note"]


def _obj(properties: dict) -> dict:
    return {"type": "object", "required": sorted(properties), "additionalProperties": False,
            "properties": properties}


_CHANGE = _obj({
    "field": {"enum": _FIELDS}, "action": {"enum": ["added", "removed", "changed"]},
    "key": {"type": ["string", "null"]}, "old": {}, "new": {},
    "text": {**_STR, "description": "the change in one Chinese sentence"},
    "details": {"type": "array", "items": _STR, "description": "for a changed entry: each part, old → new"},
})
_VERSION = _obj({
    "effective_from": _DATE, "status": {"enum": ["added", "removed", "changed", "split", "cosmetic"]},
    "base": {"anyOf": [_DATE, {"type": "null"}],
             "description": "effective_from of the old version a new or moved one is compared with"},
    "cosmetic": {"type": "array", "items": {"enum": ["ordering", "formatting"]}},
    "changes": {"type": "array", "items": _CHANGE},
})
_COUNTS = _obj({k: {"type": "integer", "minimum": 0} for k in ("added", "removed", "changed", "cosmetic")})

DIFF_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://tongban-rules.invalid/schema/diff.schema.json",
    "title": "Rule diff",
    "description": "What changed between two rule sets (tongban diff --format json), item by item and version "
                   "by version; cosmetic-only changes (ordering, formatting) marked as such.",
    **_obj({
        "old": _STR, "new": _STR, "changed": {"type": "boolean"}, "counts": _COUNTS,
        "items": {"type": "array", "items": _obj({
            "item": _STR, "name": _STR, "status": {"enum": ["added", "removed", "changed", "cosmetic"]},
            "versions": {"type": "array", "items": _VERSION, "minItems": 1}})},
        "registries": {"type": "object", "additionalProperties": _obj(
            {"added": _IDS, "removed": _IDS, "changed": _IDS})},
    }),
}


def diff_schema_text() -> str:
    return json.dumps(DIFF_SCHEMA, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
