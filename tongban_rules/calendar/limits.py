"""Is one time limit longer than another?  A sound comparison across 工作日 / 自然日 / 即办.

Definition.  On an application date *s*, limit A *ends later* than limit B when the due date of
A counted from s is later than the due date of B counted from s, with the counting rules of
``calendar.py`` (民法典 第二百零一条、第二百零三条; 行政许可法 第八十二条) — the same due dates
a decision shows.  Over all application dates the answer is one of

* ``NOT_LONGER`` — A ends later on no date;
* ``LONGER``     — A ends later on some dates and earlier on none (it is never the faster one);
* ``SOMETIMES``  — A ends later on some dates and earlier on others;
* ``UNKNOWN``    — the working-day calendar covers no date to count from.

(Two calendar-day limits of different length can end on the same day — both pushed past the
same weekend by 第二百零三条 — so "longer" cannot mean "later on every date".)

These cases are decided without a calendar, for every date, past and future:

1. A is 即办: never longer.  B is 即办 and A is not: longer.
2. Same unit: longer exactly when A's number is larger (due dates grow with the number).
3. A = W 工作日, B = C 自然日 with W > C: longer — on every date.  The W-th working day after
   s is a working day later than s + C, and B ends on the first working day on or after s + C.
4. A = C 自然日, B = W 工作日 with C <= W: never longer (the same argument the other way).

Otherwise (W 工作日 against C >= W 自然日, or C 自然日 against W < C 工作日) the answer
depends on weekends and holidays near s, and every application date s in the years the rule
set's working-day calendar covers is tried (both due dates must fall inside the published
years: a provisional year, counted without its notice, decides nothing).  An extension
(``extension``) is not counted: it needs a separate approval.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum

from ..errors import DecisionError
from ..model import items as m
from .days import WorkingCalendar


class Verdict(str, Enum):
    NOT_LONGER = "not_longer"
    LONGER = "longer"
    SOMETIMES = "sometimes"
    UNKNOWN = "unknown"


def compare(a: m.TimeLimit, b: m.TimeLimit, calendar: WorkingCalendar, memo: dict | None = None) -> Verdict:
    """Whether ``a`` is longer than ``b`` (see the module docstring)."""
    quick = _without_calendar(a.value, a.unit, b.value, b.unit)
    if quick is not None:
        return quick
    key = (a.value, a.unit, b.value, b.unit)
    if memo is not None and key in memo:
        return memo[key]
    verdict = _by_calendar(a, b, calendar)
    if memo is not None:
        memo[key] = verdict
    return verdict


def _without_calendar(av: int, au: str, bv: int, bu: str) -> Verdict | None:
    if au == "immediate":
        return Verdict.NOT_LONGER
    if bu == "immediate":
        return Verdict.LONGER
    if au == bu:
        return Verdict.LONGER if av > bv else Verdict.NOT_LONGER
    if au == "working_days" and av > bv:
        return Verdict.LONGER
    if au == "calendar_days" and av <= bv:
        return Verdict.NOT_LONGER
    return None


def _by_calendar(a: m.TimeLimit, b: m.TimeLimit, calendar: WorkingCalendar) -> Verdict:
    later = earlier = counted = 0
    for start in _starts(calendar):
        try:
            da = calendar.due(start, a.value, a.unit)
            db = calendar.due(start, b.value, b.unit)
        except DecisionError:  # runs past the years the calendar can count
            continue
        if da.provisional or db.provisional:  # only the published notices decide a verdict
            continue
        counted += 1
        later += da.date > db.date
        earlier += da.date < db.date
    if not counted:
        return Verdict.UNKNOWN
    if not later:
        return Verdict.NOT_LONGER
    return Verdict.SOMETIMES if earlier else Verdict.LONGER


def _starts(calendar: WorkingCalendar):
    for year in calendar.years:
        day, last = date(year, 1, 1), date(year, 12, 31)
        while day <= last:
            yield day
            day += timedelta(days=1)


def describe(limit: m.TimeLimit) -> tuple[str, str]:
    """("20个工作日", "20 working days") for messages."""
    if limit.unit == "immediate":
        return "即办", "immediate"
    return f"{limit.value}个{m.UNITS[limit.unit]}", f"{limit.value} {limit.unit.replace('_', ' ')}"
