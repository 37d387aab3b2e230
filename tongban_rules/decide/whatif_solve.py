"""Solving one condition for the facts it may change (for ``whatif``).

``solve(ir, want, ctx)`` returns the ways (``Move`` s) to make a checked condition evaluate to
``want`` when the facts in ``ctx.fixed`` stay as they are and every other fact may change.  It
walks the IR, folding each part with ``lang.residual`` (what stays fixed becomes a constant):
``and`` / ``or`` / ``not`` combine their parts' moves, and each open comparison is solved for its
one open fact — a number's threshold, an enum's values, a boolean's value, a region's code, the
earliest decision date at which an age or a duration is reached (when the date it counts from is
known), or the latest such date (when it is not).  Nothing is written per item.

A ``Move`` maps a key (a fact id, ``@on`` for the decision date) to a ``Cand``: the values that
satisfy what was solved (the first one is the example) and the solved comparison in words.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, NamedTuple

from ..lang import residual as r
from ..lang.describe import Words
from ..lang.expr import ACCEPTING
from .whatif_atoms import first, holds, said, threshold

__all__ = ["Cand", "Context", "solve", "merge", "ON"]

#: the date of application as a fact (``whatif`` puts it in place of ``("on",)``), so that it can be
#: released and solved for like any other; the key of a change of the date
ON = "@on"
MAX_MOVES = 64  # per condition: enough for every bundled item, bounded for any other
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "==", "in": "not in", "not in": "in"}


class Cand(NamedTuple):
    values: tuple
    words: tuple[dict[str, str], ...]  # the comparisons solved, in words


@dataclass(frozen=True)
class Context:
    fixed: Mapping[str, object]  # the facts that stay as they are
    known: Mapping[str, object]  # every fact as given (the accepting region included)
    types: Mapping[str, tuple[str, tuple[str, ...]]]  # fact id -> (type, enum/set values)
    on: date
    words: Words
    regions: Any  # the rule set's ``Regions``
    accepting_ok: Any  # region code -> whether the item may be applied for there
    provinces: tuple[str, ...] = ()  # the province-level codes: examples of a region class


Move = dict[str, Cand]


def merge(a: Move, b: Move) -> Move | None:
    """Both moves at once, or None when they ask for different values of one fact."""
    out = dict(a)
    for key, cand in b.items():
        if key not in out:
            out[key] = cand
            continue
        have = out[key]
        if key == ON:
            values = (max(have.values[0], cand.values[0]),)
        else:
            values = tuple(v for v in have.values if v in cand.values)
            if not values:
                return None
        out[key] = Cand(values, have.words + tuple(w for w in cand.words if w not in have.words))
    return out


def solve(ir: tuple, want: bool, ctx: Context) -> list[Move]:
    folded = r.residual(ir, ctx.fixed, ctx.on)
    if folded[0] == "const":
        return [{}] if folded[1] is want else []
    moves = _open(ir, want, ctx)
    if r.residual(ir, ctx.known, ctx.on) == ("const", want):  # holds as the case stands: no change needed
        return [{}, *(m for m in moves if m)]
    return moves


def _open(ir: tuple, want: bool, ctx: Context) -> list[Move]:
    tag = ir[0]
    if tag == "not":
        return solve(ir[1], not want, ctx)
    if tag in ("and", "or"):
        if (tag == "and") == want:  # every part must give ``want``
            return _all([solve(kid, want, ctx) for kid in ir[1]])
        return list(itertools.islice(itertools.chain.from_iterable(solve(k, want, ctx) for k in ir[1]), MAX_MOVES))
    if tag == "fact":
        return _fact(ir[1], "==", want, ctx)
    if tag == "call" and ir[1] in ("startswith", "within") and want:
        code = str(ir[3][1][1]).ljust(6, "0")
        return _move(ir[3][0][1], (code,), ("call", ir[1], ir[2], ir[3]), ctx) if ir[3][0][0] == "fact" else []
    if tag == "cmp":
        return _compare(ir, want, ctx)
    return []


def _all(parts: list[list[Move]]) -> list[Move]:
    combos: list[Move] = [{}]
    for options in parts:
        combos = [c for a in combos for b in options if (c := merge(a, b)) is not None][:MAX_MOVES]
    return combos


def _compare(ir: tuple, want: bool, ctx: Context) -> list[Move]:
    _, op, left, right = ir
    lf, rf = r.residual(left, ctx.fixed, ctx.on), r.residual(right, ctx.fixed, ctx.on)
    if lf[0] == "const" and rf[0] == "const":
        return []
    if lf[0] != "const" and rf[0] != "const":  # both sides open: pin one, solve for the other
        return _pinned(ir, want, next(iter(r.facts_of(lf))), ctx)
    op = op if want else _NEGATE[op]
    if op in ("in", "not in"):
        return _member(op, left, lf, right, rf, ctx)
    side, value, op, other = (left, rf[1], op, right) if rf[0] == "const" else (right, lf[1], _FLIP[op], left)
    return _side(side, op, value, ctx, other)


def _pinned(ir: tuple, want: bool, fact: str, ctx: Context) -> list[Move]:
    kind, declared = ctx.types.get(fact, ("", ()))
    pool: tuple = (True, False) if kind == "bool" else declared[:2] if kind == "enum" else \
        tuple(dict.fromkeys([str(ctx.known[ACCEPTING]), *_region_pool(fact, ctx)[:1]])) if kind == "region" else ()
    out: list[Move] = []
    for value in pool:
        pinned = replace(ctx, fixed={**ctx.fixed, fact: value})
        said = _words(("cmp", "==", ("fact", fact), ("const", value)), ctx)
        for move in _compare(ir, want, pinned):
            found = merge({fact: Cand((value,), (said,))}, move)
            if found is not None:
                out.append(found)
    return out


def _member(op, left, lf, right, rf, ctx: Context) -> list[Move]:
    if rf[0] == "const" and left[0] == "fact":  # fact in {…}
        spec = ctx.types.get(left[1], ("", ()))
        pool = spec[1] if spec[0] == "enum" else tuple(sorted(rf[1], key=str))
        values = tuple(v for v in pool if (v in rf[1]) == (op == "in"))
        return _move(left[1], values, ("cmp", "in" if op == "in" else "not in", left, rf), ctx)
    if lf[0] == "const" and right[0] == "fact":  # "x" in a set fact
        have: frozenset = frozenset(ctx.known.get(right[1]) or ())  # type: ignore[call-overload]
        value = have | {lf[1]} if op == "in" else have - {lf[1]}
        return _move(right[1], (value,), ("cmp", "in", ("const", lf[1]), right) if op == "in" else None, ctx)
    return []


def _side(side: tuple, op: str, value: object, ctx: Context, other: tuple) -> list[Move]:
    atom = ("cmp", op, side, ("const", value))
    if side[0] == "fact":
        return _fact(side[1], op, value, ctx, atom)
    if side[0] != "call" or side[3][0][0] != "fact":
        return []
    fact = side[3][0][1]
    if side[1] in ("province_of", "city_of"):
        codes = tuple(c for c in _region_pool(fact, ctx, value) if holds(op, side[2](c), value))
        said = ("cmp", op, side, other) if r.facts_of(other) else atom  # 户籍地所在省份, not its code
        return _move(fact, codes[:3], said, ctx)
    if len(side[3]) == 2:  # age, years_since …: a date function of a fact and the date of application
        return _dated(side, op, value, atom, ctx)
    return []


def _fact(fact: str, op: str, value: object, ctx: Context, atom: tuple | None = None) -> list[Move]:
    kind, declared = ctx.types.get(fact, ("", ()))
    atom = atom or ("cmp", op, ("fact", fact), ("const", value))
    if kind in ("bool", "string") and op in ("==", "!="):
        values: tuple = (value if op == "==" else not value,) if kind == "bool" else (value,) if op == "==" else ()
    elif kind == "enum":
        values = tuple(v for v in declared if holds(op, v, value))
    elif kind in ("int", "decimal", "date") and op in _FLIP:
        values = threshold(kind, op, value)
    elif kind == "region":
        values = (value,) if op == "==" else tuple(c for c in _region_pool(fact, ctx) if c != value)[:3]
    else:
        values = ()
    return _move(fact, values, atom, ctx)


def _dated(side: tuple, op: str, value: object, atom: tuple, ctx: Context) -> list[Move]:
    """An age or a duration (``age(birth_date) >= 22``): with the date it counts from known, the
    earliest date of application at which it holds; with that date unknown, the latest (or
    earliest) such date that holds on the date of application.  A known date is never changed."""
    fact, fn = side[3][0][1], side[2]
    start, day = (r.residual(a, ctx.fixed, ctx.on) for a in side[3])
    if start[0] == "const" and day[0] != "const":
        n = first(lambda n: holds(op, fn(start[1], ctx.on + timedelta(days=n)), value))
        return [] if n is None else _move(ON, (ctx.on + timedelta(days=n),), atom, ctx)
    if start[0] != "const" and fact not in ctx.known:
        on = day[1] if day[0] == "const" else ctx.on  # what holds on the day holds later too (>=)
        n = first(lambda n: holds(op, fn(on - timedelta(days=n), on), value))
        return [] if n is None else _move(fact, (on - timedelta(days=n),), atom, ctx)
    return []


def _region_pool(fact: str, ctx: Context, value: object = None) -> list[str]:
    """Example codes for a region fact, in use on the date: the value compared with, the provinces,
    the regions the case names; for the accepting region, those where the item may be applied for
    come first."""
    named = [v for v in (value, *ctx.known.values()) if isinstance(v, str)]
    codes = [c for c in dict.fromkeys([*named[:1], *ctx.provinces, *named[1:]]) if ctx.regions.is_known(c, ctx.on)]
    if fact == ACCEPTING:
        codes.sort(key=lambda c: not ctx.accepting_ok(c))
    return codes


def _move(fact: str, values: tuple, atom: tuple | None, ctx: Context) -> list[Move]:
    if fact == ON:  # a date of application can only move later
        values = tuple(v for v in values if v > ctx.on)
    if not values:
        return []
    return [{fact: Cand(values, (_words(atom, ctx),) if atom else ())}]


def _words(atom: tuple, ctx: Context) -> dict[str, str]:
    return said(atom, ctx.words, ON)
