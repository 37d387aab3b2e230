"""Working-day calendar and time-limit (办理时限) arithmetic.

Counting rules:

* 工作日 — 《行政许可法》第八十二条: time limits are counted in working days, "不含法定节假日".
  A working day is Monday–Friday unless it lies in a State Council holiday period, plus every
  调休上班 weekend day named in the State Council notice for that year.
* 自然日 — 《民法典》第二百零一条: "开始的当日不计入,自下一日开始计算", so a period of *n* days
  from ``start`` ends on ``start + n``.  第二百零三条: if that last day is a 法定休假日 (here: any
  non-working day — a weekend or holiday day that is not a 调休 workday) the period ends on the
  next working day.
* Working days likewise do not count the start day: *n* working days from ``start`` end on the
  n-th working day strictly after ``start``.
* 即办 (``"immediate"``) ends on the start day itself; so does any period of length 0.

The calendar knows only the years it was given.  Any date it must examine outside them raises
``DecisionError("TB401", …)``: it never guesses a year's holidays.  The start date of a period is
always examined (it anchors the count); 即办 does not consult the calendar at all.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import Iterable, Literal, Mapping

from ..errors import DecisionError

__all__ = ["WorkingCalendar", "TimeUnit", "days_in_range"]

TimeUnit = Literal["working_days", "calendar_days", "immediate"]
_ONE_DAY = timedelta(days=1)


def days_in_range(first: date, last: date) -> tuple[date, ...]:
    """Every date from ``first`` to ``last`` inclusive (empty if ``last < first``)."""
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


def _year_days(year: int) -> tuple[date, ...]:
    """Every date of ``year``."""
    return days_in_range(date(year, 1, 1), date(year, 12, 31))


def _check_year(year: int, off: frozenset[date], on: frozenset[date]) -> None:
    """Reject holiday/调休 data that cannot be right for ``year``."""
    stray = sorted(d for d in off | on if d.year != year)
    if stray:
        raise ValueError(f"calendar year {year} lists dates of another year: {stray}")
    both = sorted(off & on)
    if both:
        raise ValueError(f"calendar year {year}: dates both off and working: {both}")
    weekdays = sorted(d for d in on if d.weekday() < 5)
    if weekdays:
        raise ValueError(f"calendar year {year}: 调休 workdays that are not weekend days: {weekdays}")


class WorkingCalendar:
    """Immutable working-day calendar for an explicit set of years.

    ``years`` maps a year to ``(days off in holiday periods, 调休 workdays)``.  Working days of all
    covered years are precomputed into a sorted tuple, so each query is O(log n).
    """

    __slots__ = ("_years", "_working", "_working_set", "_upto", "_gap")

    def __init__(self, years: Mapping[int, tuple[Iterable[date], Iterable[date]]]) -> None:
        working: list[date] = []
        for year in sorted(years):
            off, on = (frozenset(days) for days in years[year])
            _check_year(year, off, on)
            working += [d for d in _year_days(year) if d in on or (d.weekday() < 5 and d not in off)]
        object.__setattr__(self, "_years", frozenset(years))
        object.__setattr__(self, "_working", tuple(working))
        object.__setattr__(self, "_working_set", frozenset(working))
        # covered date -> number of working days on or before it (== bisect_right), for O(1) queries
        upto, count, index = {}, 0, 0
        for year in sorted(years):
            for d in _year_days(year):
                while index < len(working) and working[index] <= d:
                    index, count = index + 1, count + 1
                upto[d] = count
        object.__setattr__(self, "_upto", upto)
        object.__setattr__(self, "_gap", {y: self._first_gap_after(date(y, 1, 1)) for y in years})

    @classmethod
    def from_ranges(
        cls, years: Mapping[int, tuple[Iterable[tuple[date, date]], Iterable[date]]]
    ) -> "WorkingCalendar":
        """Build from ``year -> (inclusive (from, to) holiday ranges, 调休 workdays)``."""
        return cls({
            year: (tuple(d for first, last in ranges for d in days_in_range(first, last)), tuple(on))
            for year, (ranges, on) in years.items()
        })

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkingCalendar is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("WorkingCalendar is immutable")

    def __repr__(self) -> str:
        return f"WorkingCalendar(years={list(self.years)})"

    @property
    def years(self) -> tuple[int, ...]:
        """The covered years, ascending."""
        return tuple(sorted(self._years))

    def covers(self, d: date) -> bool:
        """Whether ``d`` lies in one of the covered years."""
        return d.year in self._years

    def _uncovered(self, d: date) -> DecisionError:
        """The TB401 error for date ``d``."""
        have = ", ".join(str(y) for y in self.years)
        return DecisionError(
            "TB401",
            f"日期 {d.isoformat()} 不在工作日历覆盖的年份内（已有: {have or '无'}）",
            f"date {d.isoformat()} is outside the years the working-day calendar covers"
            f" ({have or 'none'})",
        )

    def _require(self, d: date) -> None:
        """Raise TB401 unless ``d`` is covered."""
        if not self.covers(d):
            raise self._uncovered(d)

    def _first_gap_after(self, d: date) -> date:
        """The first uncovered date after ``d`` (``d`` must be covered)."""
        year = d.year + 1
        while year in self._years:
            year += 1
        return date(year, 1, 1)

    def _working_at(self, index: int, start: date) -> date:
        """The working day at ``index``, provided every day from ``start`` to it is covered."""
        gap = self._gap[start.year]
        if index >= len(self._working) or self._working[index] >= gap:
            raise self._uncovered(gap)
        return self._working[index]

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (raises TB401 outside the covered years)."""
        self._require(d)
        return d in self._working_set

    def working_days(self, year: int) -> tuple[date, ...]:
        """All working days of a covered ``year``, ascending."""
        self._require(date(year, 1, 1))
        lo = bisect_left(self._working, date(year, 1, 1))
        return self._working[lo:bisect_right(self._working, date(year, 12, 31))]

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start``; ``start`` itself when ``n == 0``."""
        _check_count(n)
        upto = self._upto.get(start)
        if upto is None:
            raise self._uncovered(start)
        if n == 0:
            return start
        return self._working_at(upto + n - 1, start)

    def add_calendar_days(self, start: date, n: int) -> date:
        """``start + n`` days (民法典 第二百零一条), moved on to the next working day if it is not
        one (第二百零三条); ``start`` itself when ``n == 0``."""
        _check_count(n)
        if start not in self._upto:
            raise self._uncovered(start)
        if n == 0:
            return start
        end = start + timedelta(days=n)
        upto = self._upto.get(end)
        if upto is None:  # past the covered years
            raise self._uncovered(self._gap[start.year])
        return end if end in self._working_set else self._working_at(upto, start)

    def due_date(self, start: date, value: int, unit: TimeUnit) -> date:
        """The last day of a time limit of ``value`` ``unit`` beginning on ``start``."""
        if unit == "working_days":
            return self.add_working_days(start, value)
        if unit == "calendar_days":
            return self.add_calendar_days(start, value)
        if unit == "immediate":
            return start
        raise ValueError(f"unknown time-limit unit: {unit!r}")

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in ``(a, b]``; negative (minus those in ``(b, a]``) if ``b < a``."""
        lo, hi = min(a, b), max(a, b)
        self._require(lo)
        gap = self._first_gap_after(lo)
        if hi >= gap:
            raise self._uncovered(gap)
        return bisect_right(self._working, b) - bisect_right(self._working, a)


def _check_count(n: int) -> None:
    """Reject a negative or non-integer period length (a caller bug, not a decision error)."""
    if n.__class__ is not int or n < 0:
        raise ValueError(f"period length must be a non-negative integer, got {n!r}")
