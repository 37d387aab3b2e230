"""Decisions to JSON bytes: exactly ``orjson.dumps({**decision.to_dict(), "decision_id": id})``,
without laying out the same decision twice.

A decision's layout is a pure function of its fields (``Decision`` is a named tuple).  Requests
for one item at one region on one date mostly repeat a few outcomes, so the encoder keeps, per
rule set in force, the bytes of each layout it has made, keyed by the decision's fields (by value;
dicts, lists and the plan by identity), and appends only the id.  A batch answer is one join of
the layouts and the ids, laid out together in one block (``id_block``, ``batch_body``).  The memo
is bounded and belongs to one worker's event loop (no locks); a reload starts a new one.  Tests
hold the bytes equal to the plain path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import orjson

from ..decide.decision import Decision, Setting

#: layouts kept per rule set in force; past it the memo starts afresh
MEMO_LIMIT = 4096

_VARIANT = bytes.maketrans(b"0123456789abcdef", b"89ab89ab89ab89ab")
_HEX_AT = tuple(at for at in range(36) if at not in (8, 13, 18, 23))  # where the 32 hex digits go
ID = 36  # bytes of one id


def id_block(n: int) -> bytes:
    """``n`` random UUIDs (version 4, RFC 9562) end to end, ``ID`` bytes each, from one read
    of the OS's random source; laid out column by column (one slice per digit, not per id)."""
    hexes = os.urandom(16 * n).hex().encode()
    out = bytearray(ID * n)
    for digit, at in enumerate(_HEX_AT):
        out[at::ID] = hexes[digit::32]
    out[8::ID] = out[13::ID] = out[18::ID] = out[23::ID] = b"-" * n
    out[14::ID] = b"4" * n  # the version
    out[19::ID] = out[19::ID].translate(_VARIANT)  # the variant: 10xx
    return bytes(out)


def new_ids(n: int) -> list[str]:
    """``n`` random UUIDs (version 4) as text."""
    text = id_block(n).decode()
    return [text[i:i + ID] for i in range(0, ID * n, ID)]


def batch_body(layouts: list[Layout], ids: bytes) -> bytes:
    """``{"decisions":[...]}`` of the decisions laid out, with the ids of ``id_block`` spliced in
    (one copy of each layout into the answer)."""
    parts = [b'{"decisions":[']
    for at, layout in zip(range(0, ID * len(layouts), ID), layouts):
        parts += (layout.head, ids[at:at + ID], b'"},')
    if len(parts) > 1:
        parts[-1] = b'"}'
    parts.append(b"]}")
    return b"".join(parts)


def _part(value: Any) -> Any:
    """A hashable stand-in for one field: tuples (named tuples too) element by element, a dict,
    list or set by identity.  Identity is safe: the ``Layout`` stored under a key keeps the
    decision, and so every object the key names, alive — no other object can take its id while
    the key exists."""
    kind = type(value)
    if isinstance(value, tuple):
        return kind, tuple(map(_part, value))
    if kind is dict or kind is list or kind is set:
        return kind, id(value)
    return value


def _generic_key(decision: tuple, settings: dict) -> tuple:
    key = tuple(decision)
    try:
        hash(key)
        return key
    except TypeError:
        return tuple(map(_part, key))


#: the shapes of ``Decision`` and of its ``Setting`` the fast key knows: by value, except the
#: plan, the region table and the fee rows (one tuple of the plan's table per outcome of its fee
#: rules, or made afresh: then only a miss) by identity, and the due dates
#: by their JSON when they hold dicts (dates and marks: the decision shows exactly that JSON)
KNOWN_FIELDS = ("setting", "outcome", "results", "missing_facts", "needed", "handling", "fee_rows", "fee_total",
                "open")
KNOWN_SETTING = ("plan", "region", "on", "modes", "due", "steps", "regions", "digest")


def _by_json(value):
    try:
        hash(value)
        return value
    except TypeError:  # marks (``provisional`` …) made afresh per batch: key them by their JSON
        try:
            return orjson.dumps(value)
        except TypeError:
            return _part(value)


def _setting_key(setting: tuple) -> tuple:
    plan, region, on, modes, due, steps, regions, digest = setting
    return id(plan), region, on, modes, _by_json(due), _by_json(steps), id(regions), digest


def _fast_key(decision: tuple, seen: dict) -> tuple:
    """``seen``: the keys of the settings and residuals met in this call, by identity (a batch
    shares one setting and repeats a few residuals; every one is alive for the whole call)."""
    setting, opened = decision[0], decision[8]
    key = seen.get(id(setting))
    if key is None:
        key = seen[id(setting)] = _setting_key(setting)
    words = seen.get(id(opened))
    if words is None:
        words = seen[id(opened)] = None if opened is None else _open_key(opened)
    return key, decision[1], decision[2], decision[3], decision[4], decision[5], id(decision[6]), decision[7], words


def _open_key(opened: tuple) -> tuple:
    """The residuals in words by identity: ``decide.residuals`` hands out one words object per
    residual it has worked out, so equal residuals are mostly the same object (and a miss only
    costs a layout).  The lengths keep the three parts apart."""
    conditions, materials, fees = opened
    return (len(conditions), len(materials), *map(id, conditions), *map(id, materials), *map(id, fees))


def key_function(fields: tuple[str, ...], setting: tuple[str, ...]):
    """The fast key for the ``Decision`` this module knows; any other shape gets the generic one."""
    return _fast_key if (fields, setting) == (KNOWN_FIELDS, KNOWN_SETTING) else _generic_key


class Layout:
    """The bytes of one decision up to its id, and what the decision log records of it."""

    __slots__ = ("head", "meta", "decision")

    def __init__(self, decision: Any):
        self.decision = decision  # keeps everything the key refers to alive
        data = decision.to_dict()
        self.head = orjson.dumps(data)[:-1] + b',"decision_id":"'
        prov = data["provenance"]
        self.meta = {"item": data["item"], "version": prov["effective_from"], "rules_digest": prov["rules_digest"],
                     "engine_version": prov["engine_version"], "on": prov["on"], "outcome": data["outcome"]}

    def encode(self, decision_id: str) -> bytes:
        return self.head + decision_id.encode() + b'"}'


class Encoder:
    def __init__(self, limit: int = MEMO_LIMIT, key=None):
        self.limit = limit
        self._key = key or key_function(Decision._fields, Setting._fields)
        self._owner: object = None
        self._memo: dict[tuple, Layout] = {}

    def layouts(self, owner: object, decisions: Iterable[Any]) -> list[Layout]:
        """The layout of each decision; ``owner`` is the snapshot they were decided under."""
        if owner is not self._owner or len(self._memo) > self.limit:
            self._owner, self._memo = owner, {}
        memo, out, key_of = self._memo, [], self._key
        seen: dict[int, tuple | None] = {}
        for decision in decisions:
            key = key_of(decision, seen)
            layout = memo.get(key)
            if layout is None:
                layout = memo[key] = Layout(decision)
            out.append(layout)
        return out
