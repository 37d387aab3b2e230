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

Years.  The calendar is given the *published* years (one State Council notice each).  Given also
a ``HolidayLaw`` (``statutory``: 《全国年节及纪念日放假办法》), a later year without a notice is
*provisional*: weekends plus the law's statutory days and 补假, worked out on first use and kept
in this calendar object.  ``due`` names the provisional years a due date was counted over.
Without a law, and always before the first published year, a date the calendar must examine
raises ``DecisionError("TB401", …)``.  The start date of a period is always examined (it anchors
the count); 即办 does not consult the calendar at all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Literal, NamedTuple

from ..errors import DecisionError
from .statutory import HolidayLaw

__all__ = ["WorkingCalendar", "TimeUnit", "Due", "days_in_range", "LAST_YEAR"]

TimeUnit = Literal["working_days", "calendar_days", "immediate"]
#: the last year a provisional calendar is worked out for
LAST_YEAR = 2100


def days_in_range(first: date, last: date) -> tuple[date, ...]:
    """Every date from ``first`` to ``last`` inclusive (empty if ``last < first``)."""
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


@functools.lru_cache(maxsize=256)
def _year_days(year: int) -> tuple[date, ...]:
    """Every date of ``year`` (kept: every calendar asks for the same years)."""
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


class Due(NamedTuple):
    """A due date and the years without a notice it was counted over (empty: not provisional)."""

    date: date
    provisional: tuple[int, ...] = ()


class _Year(NamedTuple):
    working: tuple[date, ...]  # ascending
    working_set: frozenset[date]
    upto: dict[date, int]  # each day of the year -> working days of the year on or before it


def _year_data(year: int, off: Iterable[date], on: Iterable[date]) -> _Year:
    return _year_of(year, frozenset(off), frozenset(on))


@functools.lru_cache(maxsize=256)
def _year_of(year: int, off: frozenset[date], on: frozenset[date]) -> _Year:
    """A year's working days and counts, worked out once for the same days off and on (every rule
    set loaded in a process builds its calendar from the same notices; nothing changes a
    ``_Year`` after this)."""
    working = tuple(d for d in _year_days(year) if d in on or (d.weekday() < 5 and d not in off))
    upto, count = {}, 0
    for d in _year_days(year):
        count += count < len(working) and working[count] == d
        upto[d] = count
    return _Year(working, frozenset(working), upto)


class WorkingCalendar:
    """Immutable working-day calendar: published years, and provisional years after the first.

    ``years`` maps a year to ``(days off in holiday periods, 调休 workdays)``.  Each year's working
    days and running counts are precomputed (a provisional year on first use), so a query costs a
    few dictionary look-ups for each calendar year it spans.
    """

    __slots__ = ("_published", "_first", "_law", "_provisional")
    _published: dict[int, _Year]
    _first: int | None
    _law: HolidayLaw | None
    _provisional: dict[int, _Year | None]  # filled on first use

    def __init__(self, years: Mapping[int, tuple[Iterable[date], Iterable[date]]],
                 law: HolidayLaw | None = None) -> None:
        published = {}
        for year in sorted(years):
            off, on = (frozenset(days) for days in years[year])
            _check_year(year, off, on)
            published[year] = _year_data(year, off, on)
        object.__setattr__(self, "_published", published)
        object.__setattr__(self, "_first", min(published, default=None))
        object.__setattr__(self, "_law", law)
        object.__setattr__(self, "_provisional", {})  # year -> _Year | None, filled on first use

    @classmethod
    def from_ranges(cls, years: Mapping[int, tuple[Iterable[tuple[date, date]], Iterable[date]]],
                    law: HolidayLaw | None = None) -> WorkingCalendar:
        """Build from ``year -> (inclusive (from, to) holiday ranges, 调休 workdays)``."""
        return cls({
            year: (tuple(d for first, last in ranges for d in days_in_range(first, last)), tuple(on))
            for year, (ranges, on) in years.items()
        }, law)

    def __setattr__(self, name: str, *value: object) -> None:
        raise AttributeError("WorkingCalendar is immutable")

    __delattr__ = __setattr__

    def __repr__(self) -> str:
        return f"WorkingCalendar(years={list(self.years)}, provisional={self._law is not None})"

    @property
    def years(self) -> tuple[int, ...]:
        """The published years, ascending."""
        return tuple(self._published)

    law = property(lambda self: self._law, doc="The 放假办法 of the provisional years, or None.")

    def covers(self, d: date) -> bool:
        """Whether ``d`` lies in a published year."""
        return d.year in self._published

    def is_provisional(self, year: int) -> bool:
        """Whether ``year`` is counted on the provisional calendar (no notice, a law in force)."""
        return year not in self._published and self._year(year) is not None

    def _year(self, year: int) -> _Year | None:
        data = self._published.get(year)
        if data is not None:
            return data
        cache = self._provisional
        if year not in cache:
            cache[year] = self._make_provisional(year)
        return cache[year]

    def _make_provisional(self, year: int) -> _Year | None:
        law, first = self._law, self._first
        if law is None or first is None or not first < year <= LAST_YEAR:
            return None
        off = law.days_off(year)
        return None if off is None else _year_data(year, off, ())

    def _uncovered(self, d: date) -> DecisionError:
        """The TB401 error for date ``d``."""
        have = ", ".join(str(y) for y in self.years)
        return DecisionError("TB401", date=d.isoformat(), years=have or "无", years_en=have or "none")

    def _require(self, d: date, year: int | None = None) -> _Year:
        """The data of ``d``'s year, or of ``year`` reached by counting on from ``d``: TB401 names
        ``d``, or 1 January of ``year``, if there is none."""
        data = self._published.get(year or d.year) or self._year(year or d.year)
        if data is None:
            raise self._uncovered(date(year, 1, 1) if year else d)
        return data

    def _reach(self, year: int) -> _Year:
        return self._require(date(year, 1, 1), year)

    def _working_from(self, year: int, index: int) -> date:
        """The working day at ``index``, counted from the first working day of ``year`` on."""
        data = self._published.get(year) or self._reach(year)
        while index >= len(data.working):
            index -= len(data.working)
            year += 1
            data = self._reach(year)
        return data.working[index]

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (raises TB401 where the calendar cannot tell)."""
        return d in self._require(d).working_set

    def working_days(self, year: int) -> tuple[date, ...]:
        """All working days of ``year``, ascending."""
        return self._require(date(year, 1, 1)).working

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start``; ``start`` itself when ``n == 0``."""
        _check_count(n)
        upto = self._require(start).upto[start]
        return start if n == 0 else self._working_from(start.year, upto + n - 1)

    def add_calendar_days(self, start: date, n: int) -> date:
        """``start + n`` days (民法典 第二百零一条), moved on to the next working day if it is not
        one (第二百零三条); ``start`` itself when ``n == 0``."""
        _check_count(n)
        data = self._require(start)
        if n == 0:
            return start
        end = start + timedelta(days=n)
        for year in range(start.year + 1, end.year + 1):
            data = self._reach(year)
        return end if end in data.working_set else self._working_from(end.year, data.upto[end])

    def due_date(self, start: date, value: int, unit: TimeUnit) -> date:
        """The last day of a time limit of ``value`` ``unit`` beginning on ``start``."""
        if unit == "working_days":
            return self.add_working_days(start, value)
        if unit == "calendar_days":
            return self.add_calendar_days(start, value)
        if unit == "immediate":
            return start
        raise ValueError(f"unknown time-limit unit: {unit!r}")

    def due(self, start: date, value: int, unit: TimeUnit) -> Due:
        """``due_date`` and the provisional years it was counted over (none for 即办 or 0 days)."""
        end = self.due_date(start, value, unit)
        if end == start or (end.year == start.year and start.year in self._published):
            return Due(end)
        return Due(end, tuple(y for y in range(start.year, end.year + 1) if y not in self._published))

    def provisional_reason(self, years: tuple[int, ...]) -> tuple[str, str]:
        """Why a date counted over ``years`` is provisional (Chinese, English)."""
        if self._law is None:
            raise ValueError("a calendar without a holiday law has no provisional years")
        return self._law.reason(years)

    def working_days_between(self, a: date, b: date) -> int:
        """Number of working days in ``(a, b]``; negative (minus those in ``(b, a]``) if ``b < a``."""
        lo, hi = min(a, b), max(a, b)
        self._require(lo)
        for year in range(lo.year + 1, hi.year + 1):
            self._reach(year)
        return self._count(lo.year, b) - self._count(lo.year, a)

    def _count(self, base: int, d: date) -> int:
        """Working days from 1 January of ``base`` up to and including ``d``."""
        return sum(len(self._reach(y).working) for y in range(base, d.year)) + self._reach(d.year).upto[d]


def _check_count(n: int) -> None:
    """Reject a negative or non-integer period length (a caller bug, not a decision error)."""
    if n.__class__ is not int or n < 0:
        raise ValueError(f"period length must be a non-negative integer, got {n!r}")
