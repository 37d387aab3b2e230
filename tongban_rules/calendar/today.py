"""Today's date in China: the default date of application of the command line.

A 办结时限 runs from the day the application is made in China, wherever the program runs: a
server in UTC at 23:30 on 30 November, or in Los Angeles at 23:30 on 29 November, is already on
1 December / 30 November in Beijing.  Decisions themselves never read the clock (the date is an
argument); only the command line asks for today, and it asks here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

__all__ = ["CHINA", "china_today"]

#: 中国标准时间 (UTC+8, no daylight saving since 1991)
CHINA = ZoneInfo("Asia/Shanghai")


def china_today(now: Callable[[tzinfo], datetime] = datetime.now) -> date:
    """Today's date in Asia/Shanghai; ``now`` (``datetime.now`` unless a test injects a clock) is
    asked for the current time in that zone."""
    return now(CHINA).date()
