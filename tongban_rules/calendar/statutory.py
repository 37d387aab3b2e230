"""The statutory holidays of 《全国年节及纪念日放假办法》, for years without a State Council notice.

A year's notice (``rules/calendar/<year>.yaml``) fixes its holidays and 调休 workdays.  For a year
that has none yet, all that is certain is the law: weekends, the days of 第二条 in the version in
force (``rules/calendar/holiday-measures.yaml``) and 第六条 — a statutory day on a Saturday or
Sunday is made up (补假) on a working day, here the first working days after that holiday.  The
result is *provisional*: the notice will add 调休 that cannot be foreseen.

Lunar dates (春节, 端午, 中秋) and the 清明 solar term come from ``lunar_python`` (see the
README, "Dependencies and why").  A year's days are worked out once per ``HolidayLaw`` object.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from lunar_python import Lunar, LunarYear

__all__ = ["DaySpec", "Version", "HolidayLaw"]

_ONE_DAY = timedelta(days=1)


class DaySpec(NamedTuple):
    """One statutory day: ``kind`` is ``date`` (Gregorian month, day), ``lunar`` (lunar month,
    day, plus ``offset`` days) or ``solar_term`` (``term`` names it, e.g. 清明)."""

    kind: str
    month: int = 0
    day: int = 0
    offset: int = 0
    term: str = ""


class Version(NamedTuple):
    effective_from: date
    label: str  # 《全国年节及纪念日放假办法》（第四次修订，国务院令第795号，2025-01-01起施行）
    label_en: str
    holidays: tuple[tuple[str, tuple[DaySpec, ...]], ...]  # (name, days) in the order of 第二条
    make_up: bool  # 第六条 applies


def _spec(day) -> DaySpec:
    """A ``DaySpec`` from a ``model.items.StatutoryDay``."""
    if day.date is not None:
        month, dom = day.date.split("-")
        return DaySpec("date", int(month), int(dom))
    if day.lunar is not None:
        month, dom = day.lunar.split("-")
        return DaySpec("lunar", int(month), int(dom), day.offset)
    return DaySpec("solar_term", term=day.solar_term)


def _version(measures, v) -> Version:
    label = f"《{measures.title}》（{v.revision}，{v.decree}，{v.effective_from.isoformat()}起施行）"
    label_en = f"the {measures.title} ({v.decree}, in force from {v.effective_from.isoformat()})"
    holidays = tuple((h.name, tuple(_spec(d) for d in h.days)) for h in v.holidays)
    return Version(v.effective_from, label, label_en, holidays, v.make_up is not None)


def _solar(lunar_obj) -> date:
    solar = lunar_obj.getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@functools.lru_cache(maxsize=4096)
def _resolve(spec: DaySpec, year: int) -> tuple[date, ...]:
    """The dates of ``spec`` that fall in Gregorian ``year`` (a late lunar month, or a solar term
    of the lunar year before, may fall in it too). Kept: the lunar conversion is the slow part of
    working out a provisional year, and every calendar of a process asks the same."""
    if spec.kind == "date":
        try:
            return (date(year, spec.month, spec.day),)
        except ValueError:  # 02-29 in a common year
            return ()
    found = []
    # lunar month m of the lunar year before starts in Gregorian year - 1 unless m >= 10
    for lunar_year in (year - 1, year) if spec.kind != "lunar" or spec.month >= 10 else (year,):
        if spec.kind == "lunar":
            if spec.day == 30 and LunarYear.fromYear(lunar_year).getMonth(spec.month).getDayCount() < 30:
                continue  # 三十 in a 29-day month: that year has no such day
            day = _solar(Lunar.fromYmd(lunar_year, spec.month, spec.day)) + spec.offset * _ONE_DAY
        else:
            term = Lunar.fromYmd(lunar_year, 6, 1).getJieQiTable()[spec.term]
            day = date(term.getYear(), term.getMonth(), term.getDay())
        if day.year == year and day not in found:
            found.append(day)
    return tuple(found)


class HolidayLaw:
    """The versions of the 办法, oldest first; answers which days of a year are off by law."""

    __slots__ = ("versions", "_cache", "_reasons")

    def __init__(self, versions: Iterable[Version]) -> None:
        self.versions = tuple(sorted(versions, key=lambda v: v.effective_from))
        self._cache: dict[int, dict[date, str] | None] = {}
        self._reasons: dict[tuple[int, ...], tuple[str, str]] = {}

    @classmethod
    def from_model(cls, measures) -> HolidayLaw:
        """From a ``model.items.HolidayMeasures``."""
        return cls(_version(measures, v) for v in measures.versions)

    def version_on(self, day: date) -> Version | None:
        found = None
        for v in self.versions:
            if v.effective_from <= day:
                found = v
        return found

    def covers(self, year: int) -> bool:
        """Whether a version is in force on every day of ``year``."""
        return self.version_on(date(year, 1, 1)) is not None

    def days_off(self, year: int) -> dict[date, str] | None:
        """Every weekday that is off by law in ``year`` (statutory days and 补假) → the holiday's
        name; None when no version is in force on 1 January."""
        if year not in self._cache:
            self._cache[year] = self._days_off(year) if self.covers(year) else None
        return self._cache[year]

    def statutory_days(self, year: int) -> dict[date, str]:
        """The days of 第二条 in ``year`` (weekends included) → holiday name, by the version in
        force on each day."""
        return {day: name for _, name, day in self._dated(year)}

    def _dated(self, year: int) -> list[tuple[Version, str, date]]:
        out = []
        first, last = self.version_on(date(year, 1, 1)), self.version_on(date(year, 12, 31))
        for v in self.versions[self.versions.index(first) if first else 0:]:
            if last is None or v.effective_from > last.effective_from:
                break
            for name, specs in v.holidays:
                for spec in specs:
                    out += [(v, name, d) for d in _resolve(spec, year) if self.version_on(d) is v]
        return out

    def _days_off(self, year: int) -> dict[date, str]:
        dated = self._dated(year)
        statutory = {day: name for _, name, day in dated}
        off = {day: name for day, name in statutory.items() if day.weekday() < 5}
        groups: dict[tuple[Version, str], list[date]] = {}
        for v, name, day in dated:
            groups.setdefault((v, name), []).append(day)
        counted: set[date] = set()
        for (v, name), days in sorted(groups.items(), key=lambda g: max(g[1])):
            weekend = sorted(d for d in set(days) if d.weekday() >= 5 and d not in counted)
            counted.update(weekend)
            if v.make_up and weekend:
                _make_up(off, statutory, max(days), len(weekend), f"{name}补假", year)
        return off

    def reason(self, years: tuple[int, ...]) -> tuple[str, str]:
        """Why a due date counted over ``years`` (years without a notice) is provisional."""
        if years not in self._reasons:
            self._reasons[years] = self._reason(years)
        return self._reasons[years]

    def _reason(self, years: tuple[int, ...]) -> tuple[str, str]:
        labels = dict.fromkeys(self.version_on(date(y, 1, 1)) for y in years)
        zh_years = "、".join(f"{y}年" for y in years)
        en_years = ", ".join(str(y) for y in years)
        law = "；".join(v.label for v in labels if v)
        law_en = "; ".join(v.label_en for v in labels if v)
        return (f"{zh_years}的国务院办公厅节假日安排通知尚未公布：按{law}规定的法定节假日（含第六条补假）和周末推算，"
                f"未计调休，通知公布后可能变动",
                f"no State Council holiday notice for {en_years} yet: counted on weekends and the statutory "
                f"holidays of {law_en}, with the make-up days of its article 6 but without 调休 "
                f"(swapped workdays); it may change once the notice is published")


def _make_up(off: dict[date, str], statutory: dict[date, str], last: date, count: int, name: str,
             year: int) -> None:
    """第六条: ``count`` make-up days on the first working days after ``last`` (within ``year``)."""
    day = last
    while count:
        day += _ONE_DAY
        if day.year != year:  # no holiday of the 办法 lies near 31 December
            return
        if day.weekday() < 5 and day not in statutory and day not in off:
            off[day] = name
            count -= 1
