"""TB705 — the holiday notices end before the time limits that start today do.

A decision counts a due date past the last published notice on the provisional calendar of
《全国年节及纪念日放假办法》 (``calendar.statutory``) and marks it ``provisional``; this check tells
the maintainers, before any decision does, that the next year's notice is needed.  Registered
with the other time-limit checks in ``limits.CHECKS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..calendar.limits import describe
from ..errors import DecisionError
from ..model import items as m
from .base import Context, Finding, rule
from .summary import VersionSummary

_LABELS = {"legal_limit": ("法定时限", "legal limit"), "promised_limit": ("承诺时限", "promised limit")}


def _latest(ctx: Context, limit: m.TimeLimit, memo: dict) -> date | None:
    """The due date of ``limit`` counted from ``as_of``, extended where the limit may be; None when
    the calendar cannot count that far (no provisional calendar)."""
    ext = limit.extension
    key = (limit.value, limit.unit, ext and (ext.value, ext.unit))
    if key not in memo:
        calendar = ctx.ruleset.calendar
        try:
            due = calendar.due_date(ctx.as_of, limit.value, limit.unit)
            memo[key] = calendar.due_date(due, ext.value, ext.unit) if ext else due
        except DecisionError:
            memo[key] = None
    return memo[key]


def _longest(ctx: Context, end: date) -> tuple[VersionSummary, str, date | None] | None:
    """The item and limit whose due date, counted from ``as_of``, lies furthest past ``end``."""
    memo: dict = {}  # due dates by limit: many items share a few limits
    found, latest = None, end
    for item_id in sorted(ctx.summaries):
        item = ctx.current_summary(item_id)
        if item is None:
            continue
        for field in _LABELS:
            limit = getattr(item, field)
            if limit is None or limit.unit == "immediate":
                continue
            due = _latest(ctx, limit, memo)
            if due is None:
                return item, field, None
            if due > latest:
                found, latest = (item, field, due), due
    return found


@rule("TB705")
def calendar_horizon(ctx: Context) -> Iterator[Finding]:
    """The published holiday notices end before the longest time limit counted from --as-of.

    What: counted from ``--as-of`` (default: today in China), the due date of some item's
    ``legal_limit`` or ``promised_limit`` (with its ``extension``) lies after the last year
    that has a State Council notice (``calendar/<year>.yaml``).  Decisions still give that due
    date, counted on weekends and the statutory holidays of 《全国年节及纪念日放假办法》
    (``calendar/holiday-measures.yaml``) and marked ``provisional``; without that file they
    refuse it (TB401).  Reported at the last notice's ``year``.
    Why: 行政许可法 第八十二条 counts time limits in working days without 法定节假日, and only the
    yearly notice fixes them (调休); 川办发〔2020〕76号 二（一） requires unified, exact 办理时限.
    Example:
        # calendar/2025.yaml and calendar/2026.yaml only, --as-of 2026-11-30:
        legal_limit: {value: 60, unit: calendar_days}   # due 2027-01-29, provisional
    Fix: when the State Council publishes the next year's notice (usually in November), add
    ``calendar/<year>.yaml`` from it, with its source.
    """
    years = ctx.ruleset.calendar_years
    if not years or ctx.as_of.year < min(years):  # nothing to count from (decisions say TB401)
        return
    last = years[max(years)]
    end = date(last.year, 12, 31)
    found = _longest(ctx, end) if ctx.as_of <= end else None
    if ctx.as_of > end:
        yield _after(last, ctx.as_of)
    elif found is not None:
        yield _beyond(last, ctx.as_of, *found)


def _after(last: m.CalendarYear, as_of: date) -> Finding:
    return Finding(target=last, path=("year",), variant="after",
                   params={"last": last.year, "next": last.year + 1, "as_of": as_of})


def _beyond(last: m.CalendarYear, as_of: date, item: VersionSummary, field: str, due: date | None) -> Finding:
    label, label_en = _LABELS[field]
    limit, ext = describe(getattr(item, field)), getattr(item, field).extension
    if ext is not None:
        extra = describe(ext)
        limit = (f"{limit[0]}，可延长{extra[0]}", f"{limit[1]}, extendable by {extra[1]}")
    return Finding(target=last, path=("year",), variant="" if due else "uncountable",
                   params={"last": last.year, "next": last.year + 1, "as_of": as_of, "item": item.id,
                           "label": label, "label_en": label_en, "limit": limit[0], "limit_en": limit[1], "due": due})
