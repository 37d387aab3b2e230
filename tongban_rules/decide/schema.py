"""JSON Schema of ``Decision.to_dict()`` (``schema/decision.schema.json``, written by ``tongban schema``).

Written by hand beside the ``Decision`` it describes; ``tests/test_decision_schema.py`` validates
every bundled case's decision against it, so the two cannot drift apart silently.
"""

from __future__ import annotations

import json

__all__ = ["DECISION_SCHEMA", "decision_schema_text"]

_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_REGION = {"type": "string", "pattern": "^[0-9]{6}$"}
_COUNT = {"type": "integer", "minimum": 0}
_AMOUNT = {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}


def _obj(required: dict, optional: dict | None = None) -> dict:
    return {"type": "object", "required": sorted(required), "additionalProperties": False,
            "properties": {**required, **(optional or {})}}


_WORDS = _obj({"zh": _STR, "en": _STR})
_CITE = _obj({"law": _STR, "title": _STR, "article": _OPT_STR}, {"document": _STR})
_OPT_CITE = {"anyOf": [{"$ref": "#/$defs/citation"}, {"type": "null"}]}
_MARK = {"provisional": {"type": "boolean"}}
_REASON = {"provisional_reason": {"$ref": "#/$defs/words"}}
_UNIT = {"enum": ["working_days", "calendar_days", "immediate"]}
_PROVISIONAL_RULE = {"if": {"properties": {"provisional": {"const": True}}},
                     "then": {"required": ["provisional_reason"]},
                     "else": {"not": {"required": ["provisional_reason"]}}}


def _limit(extra: dict, optional: dict) -> dict:
    return {**_obj({"value": _COUNT, "unit": _UNIT, "unit_name": _STR, "due": _DATE, "basis": _OPT_CITE,
                    **_MARK, **extra}, {**_REASON, **optional}), **_PROVISIONAL_RULE}


_EXTENSION = {**_obj({"value": _COUNT, "unit": _UNIT, "when": _OPT_STR, "due_if_extended": _DATE, **_MARK},
                     _REASON), **_PROVISIONAL_RULE}
_FEE_ROW = _obj({"id": _STR, "name": _STR, "amount": _AMOUNT, "basis": _OPT_CITE},
                {"residual": {"$ref": "#/$defs/words"}})
_MATERIAL = _obj({"id": _STR, "name": _STR, "originals": _COUNT, "copies": _COUNT,
                  "required": {"type": ["boolean", "null"]},
                  "licences": {"type": "array", "items": _obj({"id": _STR, "name": _STR})}},
                 {"shared_data": _obj({"department": _STR, "department_name": _STR, "data": _STR}),
                  "residual": {"$ref": "#/$defs/words"}})
_CONDITION = _obj({"id": _STR, "status": {"enum": ["passed", "failed", "unknown"]}, "text": _STR,
                   "basis": {"type": "array", "items": {"$ref": "#/$defs/citation"}}},
                  {"residual": {"$ref": "#/$defs/words"}})
_ROUTING = _obj({"accepting_region": _REGION, "accepting_region_name": _STR,
                 "offices": {"type": "array", "items": _obj({"id": _STR, "name": _STR, "region": _REGION})},
                 "handling_region": {"anyOf": [_REGION, {"type": "null"}]}, "handling_region_name": _OPT_STR,
                 "handling_region_fact": _OPT_STR, "cross_province": {"type": ["boolean", "null"]},
                 "in_scope": {"type": "boolean"}}, {"transfer": _OPT_STR})
_FEE = _obj({"known": {"type": "boolean"}, "total": {"anyOf": [_AMOUNT, {"type": "null"}]},
             "entries": {"type": "array", "items": _FEE_ROW}, "pending": {"type": "array", "items": _FEE_ROW}},
            {"free": {"type": "boolean"}, "basis": _OPT_CITE})
_PROVENANCE = _obj({"rules_digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "item": _STR,
                    "effective_from": _DATE, "effective_until": {"anyOf": [_DATE, {"type": "null"}]},
                    "status": _STR, "engine_version": _STR, "on": _DATE})

DECISION_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://tongban-rules.invalid/schema/decision.schema.json",
    "title": "Decision",
    "description": "One decision (Decision.to_dict()): outcome, conditions with residuals, missing facts, "
                   "materials, modes, routing, time limits (provisional due dates flagged), process-step limits, "
                   "fee and provenance.",
    "$defs": {"words": _WORDS, "citation": _CITE},
    **_obj({
        "item": _STR, "outcome": {"enum": ["eligible", "ineligible", "undetermined"]},
        "conditions": {"type": "array", "items": _CONDITION},
        "missing_facts": {"type": "array", "items": _STR, "uniqueItems": True},
        "materials": {"type": "array", "items": _MATERIAL},
        "modes": {"type": "array", "items": {"enum": ["online", "proxy", "joint"]}},
        "routing": _ROUTING,
        "time_limits": _obj({"legal": {"anyOf": [{"$ref": "#/$defs/limit"}, {"type": "null"}]},
                             "promised": {"anyOf": [{"$ref": "#/$defs/limit"}, {"type": "null"}]}}),
        "step_limits": {"type": "array", "items": _limit({"step": _STR, "from": _DATE}, {})},
        "fee": _FEE, "provenance": _PROVENANCE,
    }),
}
DECISION_SCHEMA["$defs"]["limit"] = _limit({}, {"extension": _EXTENSION})


def decision_schema_text() -> str:
    return json.dumps(DECISION_SCHEMA, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
