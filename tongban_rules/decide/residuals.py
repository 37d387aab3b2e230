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
from .plan import CompiledItem

__all__ = ["Open", "open_parts"]


class Open(NamedTuple):
    """Residuals in words ({"zh", "en"}), None where decided: per condition, per material use,
    per fee entry."""

    conditions: tuple
    materials: tuple
    fees: tuple


def _texts(conditions, results, values: Mapping, on: date, w: Words) -> tuple[tuple, list]:
    irs: list = []
    texts: list[dict[str, str] | None] = []
    for cond, result in zip(conditions, results):
        if cond is None or result is not None:
            texts.append(None)
            continue
        ir = r.residual(cond.ir, values, on)
        irs.append(ir)
        texts.append(describe(ir, w))
    return tuple(texts), irs


def open_parts(compiled: CompiledItem, results: tuple, needed: tuple, pending: bool, values: Mapping,
               on: date) -> tuple[tuple[str, ...], Open]:
    """The minimal missing facts (empty once a condition failed) and the residuals in words.

    ``needed`` is per material (None: unknown); ``pending`` says some fee entry is unknown."""
    w = compiled.words
    conds, irs = _texts(compiled.conditions, results, values, on, w)
    missing = () if False in results else r.open_facts(irs, compiled.fact_order)
    mats = _texts(compiled.materials, needed, values, on, w)[0] if None in needed else ()
    fees = ()
    if pending:
        fee_results = tuple(None if c is None else c.evaluate(values, on) for c in compiled.fees)
        fees = _texts(compiled.fees, fee_results, values, on, w)[0]
    return missing, Open(conds, mats, fees)
