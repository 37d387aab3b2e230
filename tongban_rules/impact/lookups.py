"""The small tables the SQL decisions join: a rule set's regions and its due dates.

Both are worked out in Python, once per distinct key, and handed to the engine as tables —
the partitioning that keeps the calendar (working days, provisional years) in one place:

* ``regions_<side>``: every listed code with its first and last day of use (``Regions``);
* ``dues_<side>``: per item and date of application present in the applications, the legal
  and promised due dates (and if extended) of the version in force, or the code ``decide``
  refuses the date with (TB401).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..decide.decide import _due, _steps
from ..errors import DecisionError

REGION_COLUMNS = ("code", "lo", "hi")
DUE_COLUMNS = ("item_id", "on", "legal", "legal_ext", "promised", "promised_ext", "error")


def region_rows(ruleset) -> list[tuple[str, date, date]]:
    out = []
    for code in ruleset.regions.codes():
        start, end = ruleset.regions.span(code)
        out.append((code, start or date.min, end or date.max))
    return out


def due_rows(ruleset, pairs: Iterable[tuple[str, date]]) -> list[tuple]:
    """One row per (item id, date) whose item has a version in force on the date."""
    out, memo = [], {}
    for item_id, on in pairs:
        found = ruleset.in_force(item_id, on) if item_id in ruleset.versions else None
        if found is not None and found.compiled is not None:
            plan = found.compiled.plan
            key = (tuple(limit for _, limit, _ in plan.limits), tuple(limit for _, limit, _ in plan.steps), on)
            if key not in memo:  # items with the same limits share their due dates
                memo[key] = _dues(ruleset, plan, on)
            out.append((item_id, on, *memo[key]))
    return out


def _dues(ruleset, plan, on: date) -> tuple:
    try:
        dues = [None if limit is None else _due(ruleset.calendar, limit, on) for _, limit, _ in plan.limits]
        if plan.steps:
            _steps(ruleset.calendar, plan.steps, on)
    except DecisionError as exc:
        return (None,) * 4 + (exc.code,)
    cells: list[str | None] = []
    for due in dues:
        cells += [None, None] if due is None else [due[0].isoformat(), due[1].isoformat() if due[1] else None]
    return (*cells, None)
