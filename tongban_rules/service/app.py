"""The ASGI application of ``tongban serve`` (Starlette; answers encoded with orjson).

Every answer carries ``X-Rules-Digest``: the digest of the rule set it was decided under.  A
request reads the snapshot in force once (``rules.current``) and uses nothing else, so a reload
between two requests changes the answer only together with the digest.  Errors are
``application/problem+json`` (see ``problems``); bad input never gets a 500.
"""

from __future__ import annotations

import logging
import re
from datetime import date

import orjson
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from .. import __version__
from ..calendar.today import china_today
from ..decide.plan import ENGINE_VERSION
from ..errors import DecisionError
from . import body as bodies
from . import items as views
from .decisionlog import DecisionLog, now_utc, record
from .encode import ID, Encoder, batch_body, id_block
from .openapi import document
from .problems import decision_problem, english, problem, service_problem, validation_errors
from .schemas import DecideBatchRequest, DecideRequest
from .state import Rules, Snapshot

log = logging.getLogger("tongban.service")

#: largest request body accepted (bytes): a full batch of ordinary cases fits many times over
MAX_BODY = 1 << 20
DIGEST = "x-rules-digest"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class CaseError(Exception):
    """A bad case of a batch: the decision error, and which case (from 0)."""

    def __init__(self, error: DecisionError, case: int):
        super().__init__(error.code)
        self.error, self.case = error, case


class Refused(Exception):
    """Ends a request early with a ready problem response."""

    def __init__(self, response: Response):
        self.response = response


class Answer(Response):
    """A 200 JSON answer whose body is ready: the headers laid out directly (the hot path)."""

    def __init__(self, body: bytes, digest: str):
        self.status_code, self.background, self.body = 200, None, body
        self.raw_headers = [(b"content-length", b"%d" % len(body)), (b"content-type", b"application/json"),
                            (b"x-rules-digest", digest.encode())]


def _json(data: object, snap: Snapshot, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status, {DIGEST: snap.digest}, "application/json")


def _on(text: str | None) -> date:
    if text is None:
        return china_today()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise DecisionError("TB412", variant="text", on=text)


class Service:
    """The endpoints, bound to the rules in force, the decision log and the body bound."""

    def __init__(self, rules: Rules, decision_log: DecisionLog | None, max_body: int):
        self.rules, self.decision_log, self.max_body = rules, decision_log, max_body
        self.openapi = orjson.dumps(document())
        self.encoder = Encoder()

    async def health(self, request: Request) -> Response:
        return _json({"status": "ok"}, self.rules.current)

    async def version(self, request: Request) -> Response:
        snap = self.rules.current
        return _json({"rules_digest": snap.digest, "engine_version": ENGINE_VERSION, "package_version": __version__,
                      "loaded_at": snap.loaded_at, "items": len(snap.ruleset.items)}, snap)

    async def openapi_json(self, request: Request) -> Response:
        return Response(self.openapi, headers={DIGEST: self.rules.current.digest}, media_type="application/json")

    async def items(self, request: Request) -> Response:
        snap = self.rules.current
        return await self._guard(request, snap, lambda: views.listing(
            snap.ruleset, _on(request.query_params.get("on"))))

    async def item(self, request: Request) -> Response:
        snap, item_id = self.rules.current, request.path_params["item_id"]
        return await self._guard(request, snap, lambda: views.detail(
            snap.ruleset, item_id, _on(request.query_params.get("on"))))

    async def decide(self, request: Request) -> Response:
        snap = self.rules.current
        try:
            facts, region, on = _single(await self._body(request))
            decision = snap.ruleset.decide(request.path_params["item_id"], facts, region=region, on=_on(on))
        except Exception as exc:
            return self._problem(request, exc, snap)
        return self._decisions(snap, [decision], [facts], region, single=True)

    async def decide_batch(self, request: Request) -> Response:
        snap = self.rules.current
        try:
            many, region, on = _many(await self._body(request))
            decisions = _batch(snap, request.path_params["item_id"], many, region, _on(on))
        except Exception as exc:
            return self._problem(request, exc, snap)
        return self._decisions(snap, decisions, many, region, single=False)

    def _decisions(self, snap: Snapshot, decisions: list, facts: list, region: str, single: bool) -> Response:
        """The answer (each decision laid out as ``to_dict()`` plus ``decision_id``), logged."""
        layouts, block = self.encoder.layouts(snap, decisions), id_block(len(decisions))
        if self.decision_log is not None and decisions:
            at, text = now_utc(), block.decode()
            self.decision_log.write([record(text[k:k + ID], at, lay.meta, region, f)
                                     for k, lay, f in zip(range(0, len(text), ID), layouts, facts)])
        body = layouts[0].head + block + b'"}' if single else batch_body(layouts, block)
        return Answer(body, snap.digest)

    async def _guard(self, request: Request, snap: Snapshot, view) -> Response:
        try:
            return _json(view(), snap)
        except Exception as exc:
            return self._problem(request, exc, snap)

    async def _body(self, request: Request) -> bytes:
        """The request body, refused (413) as soon as it passes ``max_body`` bytes."""
        for name, value in request.scope["headers"]:  # the raw list: no header object on the hot path
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                raise Refused(self._too_large(request))
        chunks, size, receive = [], 0, request.receive
        while True:  # the ASGI messages themselves: leaner than Request.stream() on the hot path
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise Refused(self._too_large(request))
            chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    def _too_large(self, request: Request) -> Response:
        headers = {DIGEST: self.rules.current.digest, "connection": "close"}
        return service_problem("TB431", english(request.headers.get("accept-language")), headers, limit=self.max_body)

    def _problem(self, request: Request, exc: Exception, snap: Snapshot) -> Response:
        en, headers = english(request.headers.get("accept-language")), {DIGEST: snap.digest}
        if isinstance(exc, Refused):
            return exc.response
        if isinstance(exc, ClientDisconnect):  # nobody is listening; answer anything
            return Response(status_code=400)
        if isinstance(exc, DecisionError):
            return decision_problem(exc, en, headers)
        if isinstance(exc, CaseError):
            bad = exc.error
            return problem(bad.code, f"cases[{exc.case}]: {bad.message_en if en else bad.message}", headers,
                           case=exc.case)
        if isinstance(exc, ValidationError):
            errors = validation_errors(exc.errors(include_url=False, include_input=False))
            where = "; ".join(f"{'.'.join(e['loc']) or '(body)'}: {e['message']}" for e in errors[:3])
            return service_problem("TB430", en, headers, {"errors": errors}, detail=where)
        log.exception("internal error on %s %s", request.method, request.url.path)
        return service_problem("TB439", en, headers)


def _single(body: bytes) -> tuple[dict, str, str | None]:
    """``(facts, region, on)`` of a decide body: read plainly, or by the model (422 when bad)."""
    found = bodies.single(body)
    if found is None:
        req = DecideRequest.model_validate_json(body)
        return req.facts, req.region, req.on
    return found


def _many(body: bytes) -> tuple[list[dict], str, str | None]:
    found = bodies.batch(body)
    if found is None:
        req = DecideBatchRequest.model_validate_json(body)
        return [case.facts for case in req.cases], req.region, req.on
    return found


def _batch(snap: Snapshot, item_id: str, many: list, region: str, on: date) -> list:
    """``decide_batch``; when a case is bad, the error says which one (``case``, from 0)."""
    try:
        return snap.ruleset.decide_batch(item_id, many, region=region, on=on)
    except DecisionError as exc:
        for index, facts in enumerate(many):
            try:
                snap.ruleset.decide(item_id, facts, region=region, on=on)
            except DecisionError as bad:
                raise CaseError(bad, index) from None
        raise exc


def create_app(rules: Rules, decision_log: DecisionLog | None = None, *, max_body: int = MAX_BODY) -> Starlette:
    s = Service(rules, decision_log, max_body)
    routes = [  # the router tries them in order: decisions first
        Route("/v1/items/{item_id}/decide", s.decide, methods=["POST"]),
        Route("/v1/items/{item_id}/decide-batch", s.decide_batch, methods=["POST"]),
        Route("/v1/health", s.health, methods=["GET"]),
        Route("/v1/version", s.version, methods=["GET"]),
        Route("/v1/items", s.items, methods=["GET"]),
        Route("/v1/items/{item_id}", s.item, methods=["GET"]),
        Route("/openapi.json", s.openapi_json, methods=["GET"]),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        en = english(request.headers.get("accept-language"))
        headers = {**(getattr(exc, "headers", None) or {}), DIGEST: rules.current.digest}  # 405 keeps Allow
        if getattr(exc, "status_code", 404) == 405:
            return service_problem("TB433", en, headers, path=request.url.path, method=request.method)
        return service_problem("TB432", en, headers, path=request.url.path)

    async def internal(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return service_problem("TB439", english(request.headers.get("accept-language")),
                               {DIGEST: rules.current.digest})

    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, Exception: internal})
