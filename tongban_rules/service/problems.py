"""Errors of the HTTP service as ``application/problem+json`` (RFC 9457).

Every error answer has ``type``, ``title``, ``status``, ``detail`` and our ``code`` (TBnnn):

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

from ..errors import DecisionError

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "tag:tongban-rules,2026:"

#: the service's own codes: code -> (status, title, zh, en)
CODES: dict[str, tuple[int, str, str, str]] = {
    "TB430": (422, "Malformed request body", "请求体不是本接口要求的 JSON: {detail}",
              "the request body is not the JSON this endpoint expects: {detail}"),
    "TB431": (413, "Request body too large", "请求体超过 {limit} 字节", "the request body exceeds {limit} bytes"),
    "TB432": (404, "No such endpoint", "没有这个接口: {path}", "no such endpoint: {path}"),
    "TB433": (405, "Method not allowed", "接口 {path} 不接受 {method} 请求", "{path} does not take {method}"),
    "TB439": (500, "Internal error", "服务内部错误（已记录）", "internal error (logged)"),
}

#: titles and statuses of the decision codes (``DecisionError``); any other TB4xx code is a 400
DECISION_TITLES: dict[str, str] = {
    "TB401": "Date outside the calendar", "TB410": "Fact of the wrong type", "TB411": "Unknown item",
    "TB412": "Bad date", "TB413": "No version in force", "TB414": "Unknown region",
    "TB415": "Undeclared fact", "TB416": "Item cannot decide",
}
DECISION_STATUS: dict[str, int] = {"TB411": 404}


def english(accept_language: str | None) -> bool:
    """True when the client prefers English (the first language it names starts with ``en``)."""
    return accept_language is not None and accept_language.lstrip().lower().startswith("en")


def problem(status: int, code: str, title: str, detail: str, headers: dict | None = None,
            **extra: Any) -> Response:
    body = {"type": TYPE_PREFIX + code, "title": title, "status": status, "detail": detail, "code": code, **extra}
    return Response(orjson.dumps(body), status_code=status, media_type=MEDIA_TYPE, headers=headers)


def service_problem(code: str, en: bool, headers: dict | None = None, extra: dict | None = None,
                    **params: Any) -> Response:
    """A problem of the service's own ``CODES``, its message filled from ``params``."""
    status, title, zh, en_text = CODES[code]
    return problem(status, code, title, (en_text if en else zh).format(**params), headers, **(extra or {}))


def decision_problem(exc: DecisionError, en: bool, headers: dict | None = None) -> Response:
    status = DECISION_STATUS.get(exc.code, 400)
    title = DECISION_TITLES.get(exc.code, "Bad decision request")
    return problem(status, exc.code, title, exc.message_en if en else exc.message, headers)


def validation_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict]:
    """pydantic's errors as ``[{"loc": [...], "message": ...}]`` (no input values echoed back)."""
    return [{"loc": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")} for e in errors[:20]]
