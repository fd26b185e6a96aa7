"""Working days for public posting periods (公示): at least 5 working days, counted on the
State Council holiday arrangements, make-up working days (调休) included. No Django here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

import chinese_calendar

# The years chinese_calendar has arrangements for, derived once from its own data.
DATA_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}
ONE_DAY = timedelta(days=1)


class CalendarGap(ValueError):
    """No arrangement is known for a year: working days cannot be counted, never guessed."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"{year}年的法定节假日和调休安排尚未录入，无法计算工作日。"
                         "请评委会办公室在“工作日历”中录入该年的安排。")


class PostingTooShort(ValueError):
    """The proof of posting would be issued before the posting period has run its course."""

    def __init__(self, workdays: int, earliest: date) -> None:
        self.earliest = earliest
        super().__init__(f"公示期未满{workdays}个工作日，最早可于{chinese_date(earliest)}出具公示证明")


def chinese_date(d: date) -> str:
    """2023年9月15日: no leading zeros, no platform-specific strftime flags."""
    return f"{d.year}年{d.month}月{d.day}日"


@cache
def _data_workday(d: date) -> bool:
    return bool(chinese_calendar.is_workday(d))


@dataclass(frozen=True)
class Calendar:
    """chinese_calendar's data, plus the office's own entries: single days that override it
    (True = working day, False = day off), and years entered completely (Mon–Fri work)."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    covered_years: frozenset[int] = frozenset()

    def is_workday(self, d: date) -> bool:
        if isinstance(d, datetime):
            d = d.date()
        override = self.overrides.get(d)
        if override is not None:
            return override
        if d.year in DATA_YEARS:
            return _data_workday(d)
        if d.year in self.covered_years:
            return d.weekday() < 5
        raise CalendarGap(d.year)

    def holiday_name(self, d: date) -> str | None:
        """The holiday a day off or make-up working day belongs to (春节 …), where known."""
        if isinstance(d, datetime):
            d = d.date()
        if d.year not in DATA_YEARS:
            return None
        _, name = chinese_calendar.get_holiday_detail(d)
        if name is None:
            return None
        return HOLIDAY_NAMES.get(name) or chinese_calendar.Holiday(name).chinese

    def posting_end(self, start: date, workdays: int = 5) -> date:
        """The n-th working day counting from start inclusive."""
        if workdays < 1:
            raise ValueError("公示期至少为1个工作日")
        d, seen = start, 0
        while True:
            if self.is_workday(d):
                seen += 1
                if seen == workdays:
                    return d
            d += ONE_DAY

    def proof_from(self, start: date, workdays: int = 5) -> date:
        """The earliest day the proof may be issued: the day after the posting ends."""
        return self.posting_end(start, workdays) + ONE_DAY

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in [start, end], both included (0 when end is before start)."""
        return sum(self.is_workday(start + timedelta(days=i))
                   for i in range((end - start).days + 1))

    def add_workdays(self, d: date, n: int) -> date:
        """The day n working days after d, d itself not counted (n = 0 gives d)."""
        if n < 0:
            raise ValueError("n must not be negative")
        while n:
            d += ONE_DAY
            if self.is_workday(d):
                n -= 1
        return d

    def check_posting(self, start: date, issue_on: date, workdays: int = 5) -> None:
        earliest = self.proof_from(start, workdays)
        if issue_on < earliest:
            raise PostingTooShort(workdays, earliest)


DEFAULT = Calendar({}, frozenset())
