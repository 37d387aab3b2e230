"""Errors of the HTTP service as ``application/problem+json`` (RFC 9457).

Every error answer has ``type``, ``title``, ``status``, ``detail`` and our ``code`` (TBnnn); the
title is the code's summary and the detail its message, from the code table (``codes``):

* a bad decision request (``DecisionError``): 404 for an unknown item (TB411), 400 for the rest
  (facts of the wrong type or undeclared, a bad or uncovered date, an unknown region …);
* TB430 (422) a body that is not the JSON the endpoint expects (``errors`` lists where);
* TB431 (413) a body over the size bound (refused while reading, not after);
* TB432 (404) no such endpoint, TB433 (405) a method the endpoint does not take;
* TB439 (500) a bug of ours — never bad input (the tests hold the service to that).

``detail`` is Chinese unless the client asks for English (``Accept-Language: en``).
The ``type`` is a tag URI (RFC 4151) naming the code: stable, not meant to be fetched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from starlette.responses import Response

from ..codes import lookup
from ..errors import CodedError

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "tag:tongban-rules,2026:"

#: the HTTP status of each code the service answers with; any other (a DecisionError) is a 400
STATUS: dict[str, int] = {"TB411": 404, "TB430": 422, "TB431": 413, "TB432": 404, "TB433": 405, "TB439": 500}


def english(accept_language: str | None) -> bool:
    """True when the client prefers English (the first language it names starts with ``en``)."""
    return accept_language is not None and accept_language.lstrip().lower().startswith("en")


def problem(code: str, detail: str, headers: Mapping[str, str] | None = None, **extra: Any) -> Response:
    status = STATUS.get(code, 400)
    body = {"type": TYPE_PREFIX + code, "title": lookup(code).summary, "status": status, "detail": detail,
            "code": code, **extra}
    return Response(orjson.dumps(body), status_code=status, media_type=MEDIA_TYPE, headers=headers)


def service_problem(code: str, en: bool, headers: Mapping[str, str] | None = None,
                    extra: Mapping[str, Any] | None = None, **params: Any) -> Response:
    """A problem of the service's own codes, its message filled from ``params``."""
    text = lookup(code).text("", "", params)
    return problem(code, text.en if en else text.zh, headers, **(extra or {}))


def decision_problem(exc: CodedError, en: bool, headers: Mapping[str, str] | None = None,
                     **extra: Any) -> Response:
    return problem(exc.code, exc.message_en if en else exc.message, headers, **extra)


def validation_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict]:
    """pydantic's errors as ``[{"loc": [...], "message": ...}]`` (no input values echoed back)."""
    return [{"loc": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")} for e in errors[:20]]
