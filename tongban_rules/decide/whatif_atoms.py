"""One comparison of a residual, for ``whatif_solve``: the values that satisfy it (a number's or a
date's threshold, the first day a test holds from) and its words — the atom through
``lang.describe``, with the few forms people say otherwise: an age or a duration reached
(年满 22 周岁), the date of application (受理日), a value not among a set."""

from __future__ import annotations

import operator
from datetime import timedelta
from decimal import Decimal
from typing import Any

from ..lang.describe import Words, describe

__all__ = ["said", "threshold", "first", "holds"]

HORIZON = 150 * 366  # days searched for a date
_TESTS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
          ">=": operator.ge}

_REACHED = {"age": ("按{}计年满 {} 周岁", "{1} full years of age by {0}"),
            "years_since": ("自{}起满 {} 年", "{1} full years since {0}"),
            "months_since": ("自{}起满 {} 个月", "{1} full months since {0}"),
            "days_since": ("自{}起满 {} 天", "{1} days since {0}")}


def said(atom: tuple, words: Words, on_fact: str) -> dict[str, str]:
    """``atom`` (``("cmp", op, side, ("const", value))``) as ``{"zh", "en"}``; ``on_fact`` is the
    fact that stands for the date of application."""
    side = atom[2]
    if side == ("fact", on_fact):
        return describe(("cmp", atom[1], ("on",), atom[3]), words)
    if atom[1] == ">=" and side[0] == "call" and side[1] in _REACHED and side[3][0][0] == "fact":
        zh, en = _REACHED[side[1]]
        fact = side[3][0][1]
        return {"zh": zh.format(words.labels.get(fact, fact), atom[3][1]), "en": en.format(fact, atom[3][1])}
    if atom[1] == "not in":
        return describe(("not", ("cmp", "in", *atom[2:])), words)
    return describe(atom, words)


def threshold(kind: str, op: str, value: Any) -> tuple:
    if kind == "date":
        step: Any = timedelta(days=1)
    elif kind == "int":
        step = 1
    else:
        step = Decimal(1).scaleb(min(value.as_tuple().exponent, -2))  # cents at least
    return {"==": (value,), "<=": (value,), ">=": (value,), "<": (value - step,), ">": (value + step,),
            "!=": (value + step,)}[op]


def first(test) -> int | None:
    """The smallest n in [0, horizon) for which ``test(n)`` holds, if it holds from n on (bisection)."""
    if not test(HORIZON - 1):
        return None
    lo, hi = 0, HORIZON - 1
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if test(mid) else (mid + 1, hi)
    return lo


def holds(op: str, a: Any, b: Any) -> bool:
    try:
        return bool(_TESTS[op](a, b))
    except TypeError:
        return False
