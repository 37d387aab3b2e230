"""Request bodies of the two decision endpoints, read without building pydantic models.

``schemas.DecideRequest`` and ``schemas.DecideBatchRequest`` define what a body may be; the
service validates with them only when the reading here cannot vouch for a body.  A body is
read here when it parses (by the JSON parser the models use) and has exactly the plain shape
those models accept unchanged: an object with the allowed members only, ``region`` a string,
``on`` a string or null, ``facts`` an object (``{}`` when absent), ``cases`` a list of at most
``MAX_BATCH`` objects holding at most ``facts``.  Anything else — malformed JSON, a member of
another type, an extra member — returns ``None`` and the model reads the body, with its errors
(422).  So this module changes the speed, never the result: a test holds both readings equal
on generated bodies.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import from_json

from .schemas import MAX_BATCH

_SINGLE = frozenset(("facts", "region", "on"))
_BATCH = frozenset(("cases", "region", "on"))
_CASE = frozenset(("facts",))
_ABSENT: Any = object()

Head = tuple[str, "str | None"]


def _object(data: Any, allowed: frozenset) -> dict | None:
    """``data`` when it is a JSON object with allowed members only."""
    return data if data.__class__ is dict and allowed.issuperset(data) else None


def _head(data: dict) -> Head | None:
    """``(region, on)`` when both are of the plain shape."""
    region, on = data.get("region"), data.get("on")
    if region.__class__ is not str or (on is not None and on.__class__ is not str):
        return None
    return region, on


def _facts(holder: dict) -> dict | None:
    facts = holder.get("facts", _ABSENT)
    if facts is _ABSENT:
        return {}
    return facts if facts.__class__ is dict else None


def _load(body: bytes) -> Any:
    """The body as Python data, by the JSON parser the models use (the same numbers: integers
    past 64 bits stay integers, ``NaN`` and ``Infinity`` are read; ``orjson`` differs)."""
    try:
        return from_json(body)
    except ValueError:
        return None


def single(body: bytes) -> tuple[dict, str, str | None] | None:
    """``(facts, region, on)`` of a ``decide`` body, or None: let ``DecideRequest`` read it."""
    data = _object(_load(body), _SINGLE)
    head = None if data is None else _head(data)
    facts = None if data is None or head is None else _facts(data)
    return None if facts is None or head is None else (facts, *head)


def batch(body: bytes) -> tuple[list[dict], str, str | None] | None:
    """``(facts of each case, region, on)`` of a ``decide-batch`` body, or None: let
    ``DecideBatchRequest`` read it."""
    data = _object(_load(body), _BATCH)
    head = None if data is None else _head(data)
    cases = None if data is None or head is None else data.get("cases")
    if head is None or cases.__class__ is not list or len(cases) > MAX_BATCH:
        return None
    many = []
    for case in cases:
        facts = None if _object(case, _CASE) is None else _facts(case)
        if facts is None:
            return None
        many.append(facts)
    return many, *head
