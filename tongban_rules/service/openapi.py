"""The OpenAPI 3.1 document of the service, built from the pydantic models of ``schemas``.

``document()`` is what ``GET /openapi.json`` serves and what ``schema/openapi.json`` holds (a
test fails when the committed file is stale; ``tongban serve --write-openapi schema/openapi.json``
writes it anew).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .. import __version__
from .problems import MEDIA_TYPE
from .schemas import ANSWERS, MAX_BATCH, REQUESTS

_REF = "#/components/schemas/{model}"
_DIGEST_HEADER = {"X-Rules-Digest": {"description": "digest of the rule set this answer was decided under",
                                     "schema": {"type": "string"}}}
_ITEM_ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"},
            "description": "the item's id (slug)", "example": "id-card-renewal-replacement"}
_EXAMPLE_FACTS = {"reason": "lost", "hukou_region": "500103", "residence_region": "510104"}
_EXAMPLES = {
    "DecideRequest": {"facts": _EXAMPLE_FACTS, "region": "510104", "on": "2026-03-02"},
    "DecideBatchRequest": {"region": "510104", "on": "2026-03-02",
                           "cases": [{"facts": _EXAMPLE_FACTS}, {"facts": {"reason": "expiry"}}]},
}
_ON = {"name": "on", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
       "description": "the date whose versions to show (YYYY-MM-DD); default: today in China"}

_PROBLEMS = {
    "400": "bad facts, date or region (TB401, TB410, TB412–TB416)",
    "404": "unknown item (TB411) or no such endpoint (TB432)",
    "413": "request body over the size bound (TB431)",
    "422": "body is not the JSON this endpoint expects (TB430)",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF.format(model=name)}


def _answer(name: str, description: str, errors: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"200": {"description": description, "headers": _DIGEST_HEADER,
                                   "content": {"application/json": {"schema": _ref(name)}}}}
    for status in errors:
        out[status] = {"description": _PROBLEMS[status], "headers": _DIGEST_HEADER,
                       "content": {MEDIA_TYPE: {"schema": _ref("Problem")}}}
    return out


def _get(summary: str, name: str, params: list, errors: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"get": {"summary": summary, "operationId": summary.split(":")[0], "parameters": params,
                    "responses": _answer(name, summary, errors)}}


def _post(op: str, summary: str, request: str, name: str) -> dict[str, Any]:
    return {"post": {"summary": summary, "operationId": op, "parameters": [_ITEM_ID],
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": _ref(request), "example": _EXAMPLES[request]}}},
                     "responses": _answer(name, summary, ("400", "404", "413", "422"))}}


def _paths() -> dict[str, Any]:
    return {
        "/v1/health": _get("health: the service is up", "Health", []),
        "/v1/version": _get("version: the rule set in force", "Version", []),
        "/v1/items": _get("items: every item, with the version in force", "ItemList", [_ON], ("400",)),
        "/v1/items/{item_id}": _get("item: elements, versions and the facts as JSON Schema", "ItemDetail",
                                    [_ITEM_ID, _ON], ("400", "404")),
        "/v1/items/{item_id}/decide": _post("decide", "decide one case", "DecideRequest", "Decision"),
        "/v1/items/{item_id}/decide-batch": _post(
            "decideBatch", f"decide up to {MAX_BATCH} cases of one item at one region on one date",
            "DecideBatchRequest", "Decisions"),
    }


def document() -> dict[str, Any]:
    models: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        *((m, "validation") for m in REQUESTS), *((m, "serialization") for m in ANSWERS)]
    _, schemas = models_json_schema(models, ref_template=_REF)
    return {
        "openapi": "3.1.0",
        "info": {"title": "tongban-rules decision service", "version": __version__,
                 "description": "Eligibility decisions for 政务服务“跨省通办” items, from rules as code. "
                                "Errors are application/problem+json (RFC 9457) with a TB code."},
        "paths": _paths(),
        "components": {"schemas": schemas["$defs"]},
    }
