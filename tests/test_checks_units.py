"""The building blocks of the checks: time limits compared across units, numbers in prose."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongban_rules import load_rules
from tongban_rules.calendar.days import WorkingCalendar
from tongban_rules.calendar.limits import Verdict, compare
from tongban_rules.checks.prose import literals, mentions, unmentioned
from tongban_rules.errors import DecisionError
from tongban_rules.model.items import TimeLimit

from .conftest import MINIMAL

CALENDAR = load_rules(MINIMAL).calendar  # 2025 and 2026, from the State Council notices
EMPTY = WorkingCalendar({})


def limit(value: int, unit: str) -> TimeLimit:
    return TimeLimit(value=value, unit=unit)


@pytest.mark.parametrize("a, b, verdict", [
    ((0, "immediate"), (1, "working_days"), Verdict.NOT_LONGER),
    ((1, "calendar_days"), (0, "immediate"), Verdict.LONGER),
    ((10, "working_days"), (20, "working_days"), Verdict.NOT_LONGER),
    ((21, "working_days"), (20, "working_days"), Verdict.LONGER),
    ((21, "working_days"), (20, "calendar_days"), Verdict.LONGER),      # W > C: always longer
    ((20, "calendar_days"), (20, "working_days"), Verdict.NOT_LONGER),  # C <= W: never longer
    ((15, "working_days"), (18, "calendar_days"), Verdict.LONGER),      # never ends first
    ((15, "working_days"), (20, "calendar_days"), Verdict.SOMETIMES),   # 20 days ending in 国庆 run on
    ((15, "working_days"), (28, "calendar_days"), Verdict.NOT_LONGER),
    ((3, "working_days"), (4, "calendar_days"), Verdict.SOMETIMES),     # Thursday start: longer
    ((3, "working_days"), (20, "calendar_days"), Verdict.NOT_LONGER),
    ((30, "calendar_days"), (20, "working_days"), Verdict.SOMETIMES),
])
def test_compare(a, b, verdict) -> None:
    assert compare(limit(*a), limit(*b), CALENDAR) is verdict


def test_without_a_calendar_only_the_sure_cases_are_decided() -> None:
    assert compare(limit(3, "working_days"), limit(4, "calendar_days"), EMPTY) is Verdict.UNKNOWN
    assert compare(limit(5, "working_days"), limit(4, "calendar_days"), EMPTY) is Verdict.LONGER
    assert compare(limit(4, "calendar_days"), limit(5, "working_days"), EMPTY) is Verdict.NOT_LONGER


def _signs(a: TimeLimit, b: TimeLimit) -> set[int]:
    """For every start date the calendar can count from: 1 if a ends later than b, -1 earlier, 0 same day."""
    out = set()
    day = date(2025, 1, 1)
    while day.year < 2027:
        try:
            da, db = CALENDAR.due_date(day, a.value, a.unit), CALENDAR.due_date(day, b.value, b.unit)
        except DecisionError:
            pass
        else:
            out.add((da > db) - (da < db))
        day += timedelta(days=1)
    return out


units = st.sampled_from(["working_days", "calendar_days", "immediate"])


@st.composite
def limits(draw) -> TimeLimit:
    unit = draw(units)
    return limit(0 if unit == "immediate" else draw(st.integers(1, 60)), unit)


@settings(max_examples=150, deadline=None)
@given(limits(), limits())
def test_verdict_is_sound_on_every_covered_date(a: TimeLimit, b: TimeLimit) -> None:
    verdict = compare(a, b, CALENDAR)
    signs = _signs(a, b)
    if verdict is Verdict.LONGER:
        assert 1 in signs and -1 not in signs
    elif verdict is Verdict.NOT_LONGER:
        assert 1 not in signs
    else:
        assert verdict is Verdict.SOMETIMES and {1, -1} <= signs


def test_literals_of_an_expression() -> None:
    numbers, dates = literals('age >= 16 and income < 3000.50 and province_of(home) == "510000" '
                              'and decision_date() >= date("2023-05-12") and x > -2')
    assert numbers == [Decimal(16), Decimal("3000.50"), Decimal(2)]
    assert dates == [date(2023, 5, 12)]
    assert literals("age >= (") == ([], [])  # unparseable: nothing, no exception


@pytest.mark.parametrize("text, number", [
    ("年满16周岁", 16), ("年满十六周岁", 16), ("男方年满二十二周岁", 22), ("不超过一百二十天", 120),
    ("月收入低于3000.5元", Decimal("3000.5")), ("不超过1.5万元", 15000), ("满１８周岁", 18),
    ("两个以上", 2), ("二〇二三年", 2023), ("三万元", 30000),
])
def test_mentions_numbers(text: str, number) -> None:
    assert Decimal(number) in mentions(text)[0]


def test_mentions_dates_in_both_forms() -> None:
    assert date(2023, 5, 12) in mentions("自2023-05-12起")[1]
    assert date(2023, 5, 12) in mentions("自2023年5月12日起")[1]


def test_unmentioned() -> None:
    assert unmentioned("age >= 16", "年满16周岁") == []
    assert unmentioned("age >= 16", "年满18周岁") == ["16"]
    assert unmentioned('decision_date() >= date("2023-05-12")', "自2023年5月12日起") == []
    assert unmentioned('decision_date() >= date("2023-05-12")', "自2023年起") == ["2023-05-12"]
    assert unmentioned('home in province("510000")', "户籍在四川省") == []  # region codes are exempt
