"""What a decision still leaves open: each unknown condition's residual (``lang.residual``) in
words, the residuals of materials and fee entries that depend on a missing fact, and the minimal
``missing_facts``.

Worked out only for the parts whose result is unknown: a decision on fully known facts never
comes here (``decide`` checks the results first).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from ..lang import residual as r
from ..lang.describe import Words, describe
from ..lang.expr import ACCEPTING
from .plan import CompiledItem

__all__ = ["Open", "open_parts"]


class Open(NamedTuple):
    """Residuals in words ({"zh", "en"}), None where decided: per condition, per material use,
    per fee entry."""

    conditions: tuple
    materials: tuple
    fees: tuple


#: residuals kept per compiled item version; past it the memo starts afresh
MEMO_LIMIT = 4096


def _texts(conditions, results, values: Mapping, on: date, w: Words, memo: dict) -> tuple[tuple, list]:
    """The residual (IR and words) of each unknown condition.  A residual depends only on the
    condition, the values of the facts it names and the day, so it is worked out once per such
    combination (``memo``): the cases of a batch repeat a few, and the same words object then
    lets the service's encoder reuse the bytes it laid out."""
    irs: list = []
    texts: list[dict[str, str] | None] = []
    for cond, result in zip(conditions, results):
        if cond is None or result is not None:
            texts.append(None)
            continue
        key = (cond, on, *[values.get(f) for f in cond.facts])
        found = memo.get(key)
        if found is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            ir = r.residual(cond.ir, values, on)
            found = memo[key] = (ir, describe(ir, w))
        irs.append(found[0])
        texts.append(found[1])
    return tuple(texts), irs


def open_parts(compiled: CompiledItem, results: tuple, needed: tuple, pending: bool, values: Mapping,
               on: date) -> tuple[tuple[str, ...], Open]:
    """The minimal missing facts (empty once a condition failed) and the residuals in words.

    ``needed`` is per material (None: unknown); ``pending`` says some fee entry is unknown.  The
    answer depends only on those, the day and the values given, so it is worked out once per
    such combination (in the same bounded memo as the residuals)."""
    memo = compiled.residuals
    whole = (results, needed, pending, on, values.get(ACCEPTING), *map(values.get, compiled.fact_order))
    found = memo.get(whole)
    if found is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        found = memo[whole] = _open_parts(compiled, results, needed, pending, values, on)
    return found


def _open_parts(compiled: CompiledItem, results: tuple, needed: tuple, pending: bool, values: Mapping,
                on: date) -> tuple[tuple[str, ...], Open]:
    w, memo = compiled.words, compiled.residuals
    conds, irs = _texts(compiled.conditions, results, values, on, w, memo)
    missing = () if False in results else r.open_facts(irs, compiled.fact_order)
    mats = _texts(compiled.materials, needed, values, on, w, memo)[0] if None in needed else ()
    fees = ()
    if pending:
        fee_results = tuple(None if c is None else c.evaluate(values, on) for c in compiled.fees)
        fees = _texts(compiled.fees, fee_results, values, on, w, memo)[0]
    return missing, Open(conds, mats, fees)
