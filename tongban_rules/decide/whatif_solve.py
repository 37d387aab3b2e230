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
from decimal import Decimal
from typing import Any, NamedTuple

from ..lang import residual as r
from ..lang.describe import Words, describe
from ..lang.expr import ACCEPTING

__all__ = ["Cand", "Context", "solve", "merge", "ON"]

ON = "@on"  # the key of a change of the decision date
MAX_MOVES = 64  # per condition: enough for every bundled item, bounded for any other
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "==", "in": "not in", "not in": "in"}
_HORIZON = 150 * 366  # days searched for a date


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
        codes = tuple(c for c in _region_pool(fact, ctx) if _holds(op, side[2](c), value))
        said = ("cmp", op, side, other) if r.facts_of(other) else atom  # 户籍地所在省份, not its code
        return _move(fact, codes[:3], said, ctx)
    if len(side[3]) == 2 and side[3][1] == ("on",):  # age, years_since …: a date function
        return _dated(fact, side[2], op, value, atom, ctx)
    return []


def _fact(fact: str, op: str, value: object, ctx: Context, atom: tuple | None = None) -> list[Move]:
    kind, declared = ctx.types.get(fact, ("", ()))
    atom = atom or ("cmp", op, ("fact", fact), ("const", value))
    if kind in ("bool", "string") and op in ("==", "!="):
        values: tuple = (value if op == "==" else not value,) if kind == "bool" else (value,) if op == "==" else ()
    elif kind == "enum":
        values = tuple(v for v in declared if _holds(op, v, value))
    elif kind in ("int", "decimal", "date") and op in _FLIP:
        values = _threshold(kind, op, value)
    elif kind == "region":
        values = (value,) if op == "==" else tuple(c for c in _region_pool(fact, ctx) if c != value)[:3]
    else:
        values = ()
    return _move(fact, values, atom, ctx)


def _threshold(kind: str, op: str, value: Any) -> tuple:
    if kind == "date":
        step: Any = timedelta(days=1)
    elif kind == "int":
        step = 1
    else:
        step = Decimal(1).scaleb(min(value.as_tuple().exponent, -2))  # cents at least
    return {"==": (value,), "<=": (value,), ">=": (value,), "<": (value - step,), ">": (value + step,),
            "!=": (value + step,)}[op]


def _dated(fact: str, fn, op: str, value: object, atom: tuple, ctx: Context) -> list[Move]:
    """An age or a duration: the earliest date of application at which it holds, when the date it
    counts from is known; else the latest (or earliest) such date that holds now."""
    start = ctx.known.get(fact)
    if isinstance(start, date):
        day = _first(lambda n: _holds(op, fn(start, ctx.on + timedelta(days=n)), value))
        return [] if day is None else [{ON: Cand((ctx.on + timedelta(days=day),), (_words(atom, ctx),))}]
    late = _first(lambda n: _holds(op, fn(ctx.on - timedelta(days=n), ctx.on), value))  # the latest start
    return [] if late is None else _move(fact, (ctx.on - timedelta(days=late),), atom, ctx)


def _first(test) -> int | None:
    """The smallest n in [0, horizon) for which ``test(n)`` holds, if it holds from n on (bisection)."""
    if not test(_HORIZON - 1):
        return None
    lo, hi = 0, _HORIZON - 1
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if test(mid) else (mid + 1, hi)
    return lo


def _holds(op: str, a: Any, b: Any) -> bool:
    try:
        return {"==": a == b, "!=": a != b}.get(op) if op in ("==", "!=") else \
            {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]  # type: ignore[return-value]
    except TypeError:
        return False


def _region_pool(fact: str, ctx: Context) -> list[str]:
    """Region codes a region fact may take, in use on the date; for the accepting region, those
    where the item may be applied for come first."""
    codes = sorted(x.code for x in ctx.regions if ctx.regions.is_known(x.code, ctx.on))
    if fact == ACCEPTING:
        codes.sort(key=lambda c: not ctx.accepting_ok(c))
    return codes


def _move(fact: str, values: tuple, atom: tuple | None, ctx: Context) -> list[Move]:
    if not values:
        return []
    return [{fact: Cand(values, (_words(atom, ctx),) if atom else ())}]


_REACHED = {"age": ("按{}计年满 {} 周岁", "{1} full years of age by {0}"),
            "years_since": ("自{}起满 {} 年", "{1} full years since {0}"),
            "months_since": ("自{}起满 {} 个月", "{1} full months since {0}"),
            "days_since": ("自{}起满 {} 天", "{1} days since {0}")}


def _words(atom: tuple, ctx: Context) -> dict[str, str]:
    side = atom[2]
    if atom[1] == ">=" and side[0] == "call" and side[1] in _REACHED and side[3][0][0] == "fact":
        zh, en = _REACHED[side[1]]  # an age or a duration reached: 年满 22 周岁
        fact = side[3][0][1]
        return {"zh": zh.format(ctx.words.labels.get(fact, fact), atom[3][1]), "en": en.format(fact, atom[3][1])}
    if atom[1] == "not in":
        return describe(("not", ("cmp", "in", *atom[2:])), ctx.words)
    return describe(atom, ctx.words)
