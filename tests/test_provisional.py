"""The provisional calendar: 《全国年节及纪念日放假办法》 for years without a State Council notice.

Expected dates below were worked out by hand from the 办法 (第二条 and 第六条) and a printed
calendar; the lunar dates (除夕, 端午, 中秋) and 清明 are the ones the 2025 and 2026 notices and
``chinesecalendar`` give where they overlap.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongban_rules.calendar.days import LAST_YEAR, WorkingCalendar, days_in_range
from tongban_rules.calendar.statutory import DaySpec, HolidayLaw, Version
from tongban_rules.errors import DecisionError
from tongban_rules.load.loader import load_rules

from .conftest import ROOT

RULES = load_rules(ROOT / "rules")
CAL = RULES.calendar  # 2019–2026 published; later years provisional
LAW = CAL.law


def _iso(days) -> list[str]:
    return sorted(d.isoformat() for d in days)


# --- the law: statutory days and 补假 ---------------------------------------------------------


def test_2027_statutory_days_and_make_up_days() -> None:
    off = LAW.days_off(2027)
    # 元旦 Fri 1/1; 春节 除夕 Fri 2/5, 初一 Sat 2/6, 初二 Sun 2/7, 初三 Mon 2/8 -> 2 weekend days made up
    # on Tue 2/9 and Wed 2/10; 清明 Mon 4/5; 劳动节 Sat 5/1, Sun 5/2 -> Mon 5/3, Tue 5/4; 端午 Wed 6/9;
    # 中秋 Wed 9/15; 国庆 Fri 10/1, Sat 10/2, Sun 10/3 -> Mon 10/4, Tue 10/5.
    assert _iso(off) == [
        "2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-04-05", "2027-05-03",
        "2027-05-04", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-04", "2027-10-05"]
    assert off[date(2027, 2, 9)] == "春节补假" and off[date(2027, 10, 5)] == "国庆节补假"


def test_2028_spring_festival_national_day_and_new_year_make_up() -> None:
    off = LAW.days_off(2028)
    # 春节: 除夕 Tue 1/25 to 初三 Fri 1/28, no weekend day, no 补假.
    assert [d for d, n in sorted(off.items()) if n == "春节"] == [date(2028, 1, d) for d in (25, 26, 27, 28)]
    # 元旦 falls on Saturday 1/1 -> made up on Monday 1/3.
    assert off[date(2028, 1, 3)] == "元旦补假" and date(2028, 1, 1) not in off  # a weekend day is off anyway
    # 国庆: Sun 10/1, Mon 10/2, Tue 10/3 -> one day made up, Wed 10/4.  中秋 (农历八月十五) is 10/3 too:
    # the 办法 gives no extra day for two holidays on one date, and neither does this calendar.
    assert [(d.isoformat(), n) for d, n in sorted(off.items()) if d.month == 10] == [
        ("2028-10-02", "国庆节"), ("2028-10-03", "国庆节"), ("2028-10-04", "国庆节补假")]
    # 端午 Sun 5/28 -> Mon 5/29.
    assert off[date(2028, 5, 29)] == "端午节补假"


def test_version_in_force_decides_the_days() -> None:
    # 2024: the 2013 text (春节 初一至初三, 劳动节 5月1日); 2025: the 2024 text adds 除夕 and 5月2日.
    days_2024, days_2025 = LAW.statutory_days(2024), LAW.statutory_days(2025)
    assert date(2024, 2, 9) not in days_2024 and date(2024, 2, 10) in days_2024  # 除夕 / 初一
    assert date(2024, 5, 2) not in days_2024 and days_2024[date(2024, 1, 1)] == "新年"
    assert days_2025[date(2025, 1, 28)] == "春节" and days_2025[date(2025, 5, 2)] == "劳动节"
    assert (len(days_2024), len(days_2025)) == (11, 13)
    assert LAW.days_off(2013) is None  # no version in force on 2013-01-01 in the data


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_are_off_in_the_published_notice(year: int) -> None:
    periods = RULES.calendar_years[year].holidays
    for day, name in LAW.statutory_days(year).items():
        period = [p for p in periods if p.from_ <= day <= p.to]
        assert period and name in period[0].name, (day, name)
    # 补假 and statutory weekdays are days off in the notice too (the notice adds 调休 on top).
    assert not any(CAL.is_working_day(d) for d in LAW.days_off(year))


def test_matches_chinesecalendar_2014_to_2026() -> None:
    cc = pytest.importorskip("chinese_calendar")
    names = {"新年": "new_years_day", "元旦": "new_years_day", "春节": "spring_festival",
             "清明节": "tomb_sweeping_day", "劳动节": "labour_day", "端午节": "dragon_boat_festival",
             "中秋节": "mid_autumn_festival", "国庆节": "national_day"}
    for year in range(2014, 2027):
        for day, name in LAW.statutory_days(year).items():
            assert cc.get_holiday_detail(day) == (True, getattr(cc.Holiday, names[name]).value), day
        made_up = [d for d, n in LAW.days_off(year).items() if n.endswith("补假") and not cc.is_holiday(d)]
        # The one exception: the 2015 notice gave no weekday for 中秋 on Sunday 9/27 ("9月27日放假").
        assert made_up == ([date(2015, 9, 28)] if year == 2015 else []), year


def test_qingming_matches_chinesecalendar_solar_terms() -> None:
    cc = pytest.importorskip("chinese_calendar")
    law = HolidayLaw([Version(date(1950, 1, 1), "", "", (("清明节", (DaySpec("solar_term", term="清明"),)),), False)])
    for year in range(1950, 2100):
        terms = cc.get_solar_terms(date(year, 4, 1), date(year, 4, 7))
        assert list(law.statutory_days(year)) == [d for d, name in terms if name == "清明"], year


def test_lunar_thirtieth_missing_in_a_short_month() -> None:
    # 腊月 of lunar 2025 has 29 days: a "12-30" has no date; "01-01" with offset -1 is still 除夕.
    eve = HolidayLaw([Version(date(2020, 1, 1), "", "", (("除夕", (DaySpec("lunar", 12, 30),
                                                                  DaySpec("lunar", 1, 1, -1))),), False)])
    assert list(eve.statutory_days(2026)) == [date(2026, 2, 16)]


def test_reason_names_the_years_and_the_version() -> None:
    zh, en = CAL.provisional_reason((2027,))
    assert "2027年" in zh and "国务院令第795号" in zh and "第六条补假" in zh and "调休" in zh
    assert "2027" in en and "795" in en
    with pytest.raises(ValueError):
        WorkingCalendar({2025: ((), ())}).provisional_reason((2026,))


# --- the working calendar beyond the notices ---------------------------------------------------


def test_working_days_across_2026_to_2027() -> None:
    # From Thu 2026-12-24: 12/25 (1), 12/28-12/31 (2-5), 1/1 元旦, 1/2-1/3 weekend, Mon 1/4 (6).
    assert CAL.due(date(2026, 12, 24), 5, "working_days") == (date(2026, 12, 31), ())
    assert CAL.due(date(2026, 12, 24), 6, "working_days") == (date(2027, 1, 4), (2027,))
    assert CAL.due(date(2026, 11, 30), 20, "working_days") == (date(2026, 12, 28), ())


def test_calendar_days_across_2026_to_2027() -> None:
    # 2026-12-01 + 60 = Sat 2027-01-30 -> Mon 2027-02-01; + 30 from there = Wed 3/3.
    assert CAL.due(date(2026, 12, 1), 60, "calendar_days") == (date(2027, 2, 1), (2027,))
    # 2027-01-05 + 30 = Thu 2/4; + 32 = Sat 2/6 (春节) -> 2/7 Sun, 2/8 初三, 2/9, 2/10 补假 -> Thu 2/11.
    assert CAL.add_calendar_days(date(2027, 1, 5), 30) == date(2027, 2, 4)
    assert CAL.add_calendar_days(date(2027, 1, 5), 32) == date(2027, 2, 11)


def test_a_year_with_no_notice_2028() -> None:
    # From Fri 2028-09-22: 9/25-9/29 (1-5), 10/2-10/4 off, 10/5-10/6 (6-7), 10/9-13 (8-12),
    # 10/16-20 (13-17), 10/23-25 (18-20).
    assert CAL.due(date(2028, 9, 22), 20, "working_days") == (date(2028, 10, 25), (2028,))
    # From Fri 2028-01-21: 1/24 (1), 1/25-1/28 春节, 1/31 (2), 2/1-2/3 (3-5).
    assert CAL.add_working_days(date(2028, 1, 21), 5) == date(2028, 2, 3)
    assert CAL.is_working_day(date(2028, 10, 4)) is False and CAL.is_working_day(date(2028, 10, 5)) is True


def test_not_provisional_for_immediate_or_zero() -> None:
    assert CAL.due(date(2027, 3, 3), 0, "immediate") == (date(2027, 3, 3), ())
    assert CAL.due(date(2027, 3, 3), 0, "working_days") == (date(2027, 3, 3), ())
    assert CAL.due(date(2027, 3, 3), 1, "working_days") == (date(2027, 3, 4), (2027,))


def test_before_the_first_year_and_past_the_last_remain_tb401() -> None:
    for call in (lambda: CAL.due(date(2018, 12, 31), 1, "working_days"),
                 lambda: CAL.is_working_day(date(LAST_YEAR + 1, 1, 3)),
                 lambda: CAL.add_calendar_days(date(LAST_YEAR, 12, 20), 30)):
        with pytest.raises(DecisionError) as caught:
            call()
        assert caught.value.code == "TB401" and "2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026" in caught.value.message


def test_gap_years_between_notices_are_provisional() -> None:
    cal = WorkingCalendar({2025: ((), ()), 2027: ((), ())}, LAW)
    assert [cal.is_provisional(y) for y in (2025, 2026, 2027, 2028)] == [False, True, False, True]
    assert cal.due(date(2025, 12, 30), 2, "working_days") == (date(2026, 1, 2), (2026,))
    assert cal.working_days_between(date(2025, 12, 31), date(2027, 1, 1)) == len(cal.working_days(2026)) + 1


class _CountingLaw(HolidayLaw):
    __slots__ = ("calls",)

    def days_off(self, year: int):
        self.calls.append(year)
        return super().days_off(year)


def test_provisional_years_are_worked_out_once_per_calendar_object() -> None:
    law = _CountingLaw(LAW.versions)
    law.calls = []
    cal = WorkingCalendar({2026: ((), ())}, law)
    assert law.calls == []  # nothing before it is needed
    for _ in range(3):
        cal.due(date(2026, 12, 1), 60, "calendar_days")
        cal.add_working_days(date(2027, 3, 1), 250)
    assert law.calls == [2027, 2028]
    other = WorkingCalendar({2026: ((), ())}, law)
    other.is_working_day(date(2027, 1, 1))
    assert law.calls == [2027, 2028, 2027]  # no state shared between calendar objects


# --- properties over the published and provisional years ---------------------------------------

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2031, 12, 31))


@settings(max_examples=300, deadline=None)
@given(d=DAYS, a=st.integers(0, 300), b=st.integers(0, 300))
def test_working_days_compose_across_years(d: date, a: int, b: int) -> None:
    end = CAL.add_working_days(d, a + b)
    assert CAL.add_working_days(CAL.add_working_days(d, a), b) == end
    assert CAL.working_days_between(d, end) == a + b
    due = CAL.due(d, a + b, "working_days")
    assert due.provisional == tuple(y for y in range(d.year, end.year + 1) if y > 2026) or a + b == 0


@settings(max_examples=300, deadline=None)
@given(d=DAYS, n=st.integers(1, 120))
def test_calendar_days_land_on_the_next_working_day(d: date, n: int) -> None:
    end = CAL.add_calendar_days(d, n)
    assert CAL.is_working_day(end) and end >= d + timedelta(days=n)
    assert not any(CAL.is_working_day(x) for x in days_in_range(d + timedelta(days=n), end)[:-1])
