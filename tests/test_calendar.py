"""Tests for tongban_rules.calendar.days against the State Council holiday notices for 2025 and 2026."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tongban_rules.calendar.days import WorkingCalendar, days_in_range
from tongban_rules.errors import DecisionError

CALENDAR_DIR = Path(__file__).resolve().parent.parent / "rules" / "calendar"
YEARS = (2025, 2026)


def _load_year(year: int) -> tuple[tuple[date, ...], tuple[date, ...]]:
    """Read rules/calendar/<year>.yaml directly (the rule loader does not exist yet)."""
    data = yaml.safe_load((CALENDAR_DIR / f"{year}.yaml").read_text(encoding="utf-8"))
    assert data["year"] == year
    off = tuple(d for h in data["holidays"] for d in days_in_range(h["from"], h["to"]))
    return off, tuple(w["date"] for w in data["workdays"])


CAL = WorkingCalendar({year: _load_year(year) for year in YEARS})


def _all_days(year: int) -> list[date]:
    return list(days_in_range(date(year, 1, 1), date(year, 12, 31)))


# --- the rule files -------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_yaml_source_block(year: int) -> None:
    data = yaml.safe_load((CALENDAR_DIR / f"{year}.yaml").read_text(encoding="utf-8"))
    assert data["source"]["title"] == f"国务院办公厅关于{year}年部分节假日安排的通知"
    assert data["source"]["url"].startswith("http")
    if year == 2025:
        assert data["source"]["document"] == "国办发明电〔2024〕12号"
        assert data["source"]["issued"] == date(2024, 11, 12)
    else:
        assert "document" not in data["source"]
        assert data["source"]["issued"] == date(2025, 11, 4)


@pytest.mark.parametrize("year", YEARS)
def test_yaml_workdays_are_weekends_and_ranges_ordered(year: int) -> None:
    data = yaml.safe_load((CALENDAR_DIR / f"{year}.yaml").read_text(encoding="utf-8"))
    assert all(w["date"].weekday() >= 5 for w in data["workdays"])
    assert all(h["from"] <= h["to"] and h["from"].year == year for h in data["holidays"])


@pytest.mark.parametrize("year", YEARS)
def test_248_working_days(year: int) -> None:
    assert len(CAL.working_days(year)) == 248
    assert sum(CAL.is_working_day(d) for d in _all_days(year)) == 248


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 26), True),  # Sunday, 春节调休
        (date(2025, 1, 1), False),
        (date(2025, 1, 28), False),  # 除夕
        (date(2025, 2, 8), True),  # Saturday, 春节调休
        (date(2025, 10, 8), False),  # Wednesday in 国庆节、中秋节
        (date(2025, 10, 11), True),  # Saturday, 调休
        (date(2026, 2, 23), False),  # Monday, 正月初七
        (date(2026, 1, 4), True),  # Sunday, 元旦调休
        (date(2026, 10, 10), True),  # Saturday, 国庆节调休
        (date(2026, 3, 2), True),  # ordinary Monday
        (date(2026, 3, 7), False),  # ordinary Saturday
    ],
)
def test_known_days(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_matches_chinese_calendar_every_day() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    mismatches = [
        d for year in YEARS for d in _all_days(year)
        if CAL.is_working_day(d) != chinese_calendar.is_workday(d)
    ]
    assert mismatches == []


# --- due dates ------------------------------------------------------------------------------


def test_fifteen_working_days_across_national_day_2025() -> None:
    # Sept 2025 working days after 9/24: 25, 26, 28 (Sun 调休), 29, 30 -> 5;
    # 10/1-10/8 off; 10/9, 10/10, 10/11 (Sat 调休) -> 8; 10/13-10/17 -> 13; 10/20, 10/21 -> 15.
    assert CAL.add_working_days(date(2025, 9, 24), 15) == date(2025, 10, 21)
    assert CAL.due_date(date(2025, 9, 24), 15, "working_days") == date(2025, 10, 21)


def test_twenty_working_days_across_spring_festival_2026() -> None:
    # From Fri 2026-02-06: 2/9-2/13 (5), 2/14 Sat 调休 (6), 2/15-2/23 off, 2/24-2/27 (10),
    # 2/28 Sat 调休 (11), 3/2-3/6 (16), 3/9-3/12 (20).
    assert CAL.add_working_days(date(2026, 2, 6), 20) == date(2026, 3, 12)


def test_one_working_day_from_holiday_and_from_day_before_weekend() -> None:
    assert CAL.add_working_days(date(2025, 10, 1), 1) == date(2025, 10, 9)
    assert CAL.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Fri -> Mon
    assert CAL.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)  # Sun 调休, next year
    assert CAL.add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 5)


def test_calendar_days_end_on_holiday_moves_to_next_working_day() -> None:
    # 2025-08-02 + 60 days = 2025-10-01 (国庆) -> first working day after is 10/9.
    assert CAL.add_calendar_days(date(2025, 8, 2), 60) == date(2025, 10, 9)
    assert CAL.due_date(date(2025, 8, 2), 60, "calendar_days") == date(2025, 10, 9)


def test_calendar_days_end_on_weekend_or_tiaoxiu_workday() -> None:
    assert CAL.add_calendar_days(date(2026, 3, 4), 3) == date(2026, 3, 9)  # Sat 3/7 -> Mon 3/9
    assert CAL.add_calendar_days(date(2026, 1, 1), 3) == date(2026, 1, 4)  # Sun 调休, stays
    assert CAL.add_calendar_days(date(2026, 3, 2), 2) == date(2026, 3, 4)  # plain working day


def test_immediate_and_zero() -> None:
    assert CAL.due_date(date(2025, 10, 3), 0, "immediate") == date(2025, 10, 3)
    assert CAL.due_date(date(2025, 10, 3), 0, "working_days") == date(2025, 10, 3)
    assert CAL.add_working_days(date(2025, 10, 3), 0) == date(2025, 10, 3)
    assert CAL.add_calendar_days(date(2025, 10, 3), 0) == date(2025, 10, 3)


def test_working_days_between() -> None:
    assert CAL.working_days_between(date(2025, 9, 24), date(2025, 10, 21)) == 15
    assert CAL.working_days_between(date(2025, 10, 21), date(2025, 9, 24)) == -15
    assert CAL.working_days_between(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert CAL.working_days_between(date(2025, 1, 1), date(2026, 12, 31)) == 248 + 248


def test_bad_arguments_are_value_errors() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(date(2025, 5, 6), -1)
    with pytest.raises(ValueError):
        CAL.due_date(date(2025, 5, 6), 3, "fortnights")  # type: ignore[arg-type]


def test_calendar_is_immutable() -> None:
    with pytest.raises(AttributeError):
        CAL._working = ()  # type: ignore[misc]
    assert CAL.years == (2025, 2026)


def test_constructor_rejects_inconsistent_data() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar({2025: ((date(2026, 1, 1),), ())})
    with pytest.raises(ValueError):
        WorkingCalendar({2025: ((date(2025, 1, 26),), (date(2025, 1, 26),))})
    with pytest.raises(ValueError):
        WorkingCalendar({2025: ((), (date(2025, 1, 27),))})  # a Monday is not a 调休 day


def test_from_ranges_matches_day_list() -> None:
    ranges = {2025: (((date(2025, 1, 28), date(2025, 2, 4)),), (date(2025, 1, 26),))}
    cal = WorkingCalendar.from_ranges(ranges)
    assert not cal.is_working_day(date(2025, 2, 3))
    assert cal.is_working_day(date(2025, 1, 26))


# --- properties -----------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 9, 30))
SMALL = st.integers(min_value=0, max_value=40)


@settings(max_examples=300)
@given(d=DAYS, a=SMALL, b=SMALL)
def test_working_days_compose(d: date, a: int, b: int) -> None:
    if a + b > CAL.working_days_between(d, date(2026, 12, 31)):
        # Not enough working days left in 2026: the calendar must refuse, not guess 2027.
        with pytest.raises(DecisionError, match="TB401"):
            CAL.add_working_days(d, a + b)
        return
    end = CAL.add_working_days(CAL.add_working_days(d, a), b)
    assert end == CAL.add_working_days(d, a + b)
    if a + b >= 1:
        assert CAL.is_working_day(end)
        assert end > d


@settings(max_examples=300)
@given(d=DAYS, n=st.integers(min_value=1, max_value=60))
def test_calendar_days_land_on_working_day(d: date, n: int) -> None:
    end = CAL.add_calendar_days(d, n)
    assert CAL.is_working_day(end)
    assert end >= d + timedelta(days=n)
    # Nothing skipped: every day from start + n up to the result is a non-working day.
    assert not any(CAL.is_working_day(x) for x in days_in_range(d + timedelta(days=n), end)[:-1])


@settings(max_examples=300)
@given(d=DAYS, n=SMALL)
def test_working_days_between_inverts_add(d: date, n: int) -> None:
    assert CAL.working_days_between(d, CAL.add_working_days(d, n)) == n


# --- TB401: dates the calendar does not cover -----------------------------------------------


def _assert_tb401(excinfo: pytest.ExceptionInfo[DecisionError], day: date) -> None:
    assert excinfo.value.code == "TB401"
    assert day.isoformat() in excinfo.value.message
    assert "2025, 2026" in excinfo.value.message
    assert "outside" in excinfo.value.message_en


@pytest.mark.parametrize("day", [date(2024, 12, 31), date(2027, 1, 1), date(2030, 6, 1)])
def test_is_working_day_outside_coverage(day: date) -> None:
    assert not CAL.covers(day)
    with pytest.raises(DecisionError) as excinfo:
        CAL.is_working_day(day)
    _assert_tb401(excinfo, day)


def test_add_working_days_runs_off_the_end() -> None:
    assert CAL.add_working_days(date(2026, 12, 24), 5) == date(2026, 12, 31)
    with pytest.raises(DecisionError) as excinfo:
        CAL.add_working_days(date(2026, 12, 24), 6)
    _assert_tb401(excinfo, date(2027, 1, 1))


def test_add_working_days_start_outside_coverage() -> None:
    with pytest.raises(DecisionError) as excinfo:
        CAL.add_working_days(date(2024, 12, 20), 10)
    _assert_tb401(excinfo, date(2024, 12, 20))


def test_add_calendar_days_outside_coverage() -> None:
    with pytest.raises(DecisionError) as excinfo:
        CAL.add_calendar_days(date(2026, 12, 1), 60)
    _assert_tb401(excinfo, date(2027, 1, 1))
    # Sat 2026-12-26 + 7 = Sat 2027-01-02: outside coverage.
    with pytest.raises(DecisionError):
        CAL.add_calendar_days(date(2026, 12, 26), 7)
    with pytest.raises(DecisionError) as excinfo:
        CAL.add_calendar_days(date(2024, 11, 1), 90)
    _assert_tb401(excinfo, date(2024, 11, 1))


def test_calendar_days_roll_forward_in_last_week_of_coverage() -> None:
    # 2026-12-27 is a Sunday; rolling forward from it reaches 2026-12-28, still covered.
    assert CAL.add_calendar_days(date(2026, 12, 20), 7) == date(2026, 12, 28)


def test_working_days_between_outside_coverage() -> None:
    with pytest.raises(DecisionError) as excinfo:
        CAL.working_days_between(date(2026, 12, 1), date(2027, 1, 5))
    _assert_tb401(excinfo, date(2027, 1, 1))


def test_gap_between_covered_years_is_not_bridged() -> None:
    cal = WorkingCalendar({2025: ((), ()), 2027: ((), ())})
    assert cal.add_working_days(date(2025, 12, 30), 1) == date(2025, 12, 31)
    with pytest.raises(DecisionError) as excinfo:
        cal.add_working_days(date(2025, 12, 30), 2)  # would need 2026, which is not given
    _assert_tb401_years(excinfo, date(2026, 1, 1), "2025, 2027")
    with pytest.raises(DecisionError):
        cal.is_working_day(date(2026, 6, 1))


def _assert_tb401_years(excinfo: pytest.ExceptionInfo[DecisionError], day: date, years: str) -> None:
    assert excinfo.value.code == "TB401"
    assert day.isoformat() in excinfo.value.message
    assert years in excinfo.value.message
