"""Residuals — what a condition still asks once the known facts are in (partial evaluation).

``residual(ir, facts, on)`` walks a checked condition's IR (see ``expr``) with the facts known so
far and returns a smaller IR: every subexpression whose facts are all known is folded to a
constant, ``and`` / ``or`` drop their decided operands (Kleene logic: one ``False`` decides an
``and``, one ``True`` an ``or``).  The result is ``("const", True | False)`` when the condition is
decided, otherwise the expression still open — its facts are those that can still change it.

Evaluating the residual with the remaining facts gives the same result as evaluating the whole
condition with all of them (``tests/test_residual.py`` checks this over every bundled item).
``describe`` (in ``lang.describe``) turns a residual into words.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from datetime import date

from .expr import _kids

__all__ = ["residual", "decided", "facts_of", "open_facts"]

TRUE, FALSE = ("const", True), ("const", False)
_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge, "in": lambda a, b: a in b}


def residual(ir: tuple, facts: Mapping[str, object], on: date) -> tuple:
    """``ir`` with the known ``facts`` (and the decision date ``on``) folded in."""
    tag = ir[0]
    if tag == "fact":
        value = facts.get(ir[1])
        return ir if value is None else ("const", value)
    if tag == "const":
        return ir
    if tag == "on":
        return ("const", on)
    if tag in ("and", "or"):
        return _junction(tag, (residual(x, facts, on) for x in ir[1]))
    args = tuple(residual(x, facts, on) for x in _kids(ir))
    if any(a[0] != "const" for a in args):
        return ("not", args[0]) if tag == "not" else (*ir[:-2], *args) if tag == "cmp" else (*ir[:3], args)
    values = [a[1] for a in args]
    if tag == "not":
        return ("const", not values[0])
    return ("const", _OPS[ir[1]](*values) if tag == "cmp" else ir[2](*values))


def _junction(tag: str, parts: Iterable[tuple]) -> tuple:
    stop = TRUE if tag == "or" else FALSE
    kept = []
    for part in parts:
        if part == stop and type(part[1]) is bool:
            return stop
        if part[0] != "const":
            kept.append(part)
    if not kept:
        return FALSE if stop == TRUE else TRUE
    return kept[0] if len(kept) == 1 else (tag, tuple(kept))


def decided(ir: tuple) -> bool | None:
    """True / False for a decided residual, None while it is still open."""
    return ir[1] if ir[0] == "const" else None


def facts_of(ir: tuple) -> dict[str, None]:
    """The facts a residual still names, in order of first appearance (a dict used as a set)."""
    found: dict[str, None] = {}
    _collect(ir, found)
    return found


def _collect(ir: tuple, found: dict[str, None]) -> None:
    tag = ir[0]
    if tag == "fact":
        found.setdefault(ir[1])
    elif tag not in ("const", "on"):
        for kid in _kids(ir):
            _collect(kid, found)


def open_facts(residuals: Iterable[tuple], order: Iterable[str]) -> tuple[str, ...]:
    """The facts the open ``residuals`` still name, in ``order`` (the form's declaration order).
    Nothing is open once any residual is ``False``: the outcome is settled."""
    named: dict[str, None] = {}
    for ir in residuals:
        if ir == FALSE:
            return ()
        _collect(ir, named)
    return tuple(f for f in order if f in named)
