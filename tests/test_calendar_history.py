"""The bundled working-day calendar reaches back to 2019, notice by notice.

Platforms re-decide old applications and the impact report replays past application sets: a due
date in 2021 must count 2021's holidays and 调休 days as the State Council published them — and as
it later changed them (the 2019 劳动节, the 2020 春节 extended for the epidemic).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tongban_rules.errors import DecisionError
from tongban_rules.load.loader import load_rules

RULES = load_rules(Path(__file__).resolve().parent.parent / "rules")
CAL = RULES.calendar


def test_every_year_from_2019_has_its_notice() -> None:
    assert CAL.years[:8] == tuple(range(2019, 2027))
    for year in range(2019, 2027):
        source = RULES.calendar_years[year].source
        assert source.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
        assert source.issued is not None and source.issued.year == year - 1


def test_the_2020_spring_festival_as_extended() -> None:
    [extension] = RULES.calendar_years[2020].amended_by
    assert (extension.document, extension.issued) == ("国办发明电〔2020〕1号", date(2020, 1, 26))
    # 1月31日 (Fri) and 2月1日 (Sat, a 调休 workday until the extension) were off; work resumed 2月3日
    assert [CAL.is_working_day(date(2020, 1, d)) for d in (19, 23, 24, 31)] == [True, True, False, False]
    assert [CAL.is_working_day(date(2020, 2, d)) for d in (1, 2, 3)] == [False, False, True]
    assert CAL.due(date(2020, 1, 23), 1, "working_days").date == date(2020, 2, 3)


def test_the_2019_labour_day_as_changed() -> None:
    [change] = RULES.calendar_years[2019].amended_by
    assert change.issued == date(2019, 3, 22)
    assert [CAL.is_working_day(date(2019, 5, d)) for d in (1, 2, 3, 4, 5, 6)] == [False] * 4 + [True, True]
    assert CAL.is_working_day(date(2019, 4, 28)) is True  # a Sunday worked
    assert CAL.due(date(2019, 4, 30), 1, "working_days").date == date(2019, 5, 5)


@pytest.mark.parametrize(("start", "days", "due"), [
    (date(2022, 12, 30), 1, date(2023, 1, 3)),   # 2022-12-31 to 2023-01-02 off
    (date(2021, 2, 10), 1, date(2021, 2, 18)),   # 春节 2021: 2月11日至17日
    (date(2022, 4, 1), 1, date(2022, 4, 2)),     # a Saturday worked before 清明
    (date(2023, 9, 28), 1, date(2023, 10, 7)),   # 中秋、国庆 8 days, then a Saturday worked
    (date(2024, 2, 9), 1, date(2024, 2, 18)),    # 除夕 is worked; 春节 2月10日至17日; 2月18日 (Sun) is worked
])
def test_due_dates_across_past_holidays(start: date, days: int, due: date) -> None:
    assert CAL.due(start, days, "working_days") == (due, ())


def test_before_2019_is_still_outside_the_calendar() -> None:
    with pytest.raises(DecisionError) as caught:
        CAL.due(date(2018, 12, 28), 3, "working_days")
    assert caught.value.code == "TB401" and "2018-12-28" in caught.value.message


def test_every_past_day_matches_chinese_calendar() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    days = (date.fromordinal(n) for n in range(date(2019, 1, 1).toordinal(), date(2025, 1, 1).toordinal()))
    assert [d for d in days if CAL.is_working_day(d) != chinese_calendar.is_workday(d)] == []
