"""Calendar arithmetic for eligibility: periods, durations in years and months, retirement.

Periods are inclusive [start, end] pairs of dates. A duration is whole calendar months plus
left-over days; "满5年" means at least 60 months.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

ONE_DAY = timedelta(days=1)
Period = tuple[date, date]


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    day = d.day
    if day > 28:  # only then can the month be too short (monthrange is slow)
        day = min(day, monthrange(year, month)[1])
    return date(year, month, day)


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def span(start: date, end: date) -> tuple[int, int]:
    """Whole months and left-over days of the inclusive period [start, end]."""
    stop = end + ONE_DAY
    months = (stop.year - start.year) * 12 + stop.month - start.month
    if start.day <= stop.day:  # start moved by `months` lands in stop's month, on start.day
        return months, stop.day - start.day
    if (stop + ONE_DAY).day == 1:  # start.day is past stop's month's end: it lands on stop
        return months, 0
    months -= 1
    return months, (stop - add_months(start, months)).days


def total(periods: Iterable[Period]) -> tuple[int, int]:
    """Summed months and days; days carry into a month only past 30, so one period is exact."""
    months = days = 0
    for start, end in periods:
        m, d = span(start, end)
        months += m
        days += d
    return months + days // 31, days % 31


def fmt(months: int, days: int = 0) -> str:
    y, m = divmod(months, 12)
    if y and m:
        text = f"{y}年{m}个月"
    elif y:
        text = f"{y}年"
    elif m:
        text = f"{m}个月"
    else:
        text = "0个月" if not days else ""
    if days and not (y or m):
        text = f"{days}天"
    return text


def union(periods: Iterable[Period]) -> list[Period]:
    out: list[Period] = []
    for start, end in sorted(p for p in periods if p[0] <= p[1]):
        if out and start <= out[-1][1] + ONE_DAY:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def subtract(periods: list[Period], holes: Iterable[Period]) -> list[Period]:
    result = list(periods)
    for h_start, h_end in holes:
        nxt: list[Period] = []
        for start, end in result:
            if h_end < start or h_start > end:
                nxt.append((start, end))
                continue
            if start < h_start:
                nxt.append((start, h_start - ONE_DAY))
            if h_end < end:
                nxt.append((h_end + ONE_DAY, end))
        result = nxt
    return result


def clip(periods: Iterable[Period], lo: date | None, hi: date | None) -> list[Period]:
    out = []
    for start, end in periods:
        s = max(start, lo) if lo else start
        e = min(end, hi) if hi else end
        if s <= e:
            out.append((s, e))
    return out


def first_overlap(periods: list[Period]) -> tuple[int, int] | None:
    """Indexes of the first two periods that overlap, in the order given."""
    order = sorted(range(len(periods)), key=lambda i: periods[i])
    for a, b in pairwise(order):
        if periods[b][0] <= periods[a][1]:
            return (a, b) if a < b else (b, a)
    return None


def retirement_date(birth: date, sex: str, female_baseline: int = 55) -> date:
    """Statutory retirement date under the 2025 reform (全国人大常委会 2024年9月13日决定).

    Men 60 → 63 and women 55 → 58 rise by one month every four months of birth from
    January 1965 and January 1970; women on 50 rise to 55 by one month every two months
    from January 1975.
    """
    if sex == "male":
        base, start_year, step, cap = 60, 1965, 4, 36
    elif female_baseline == 50:
        base, start_year, step, cap = 50, 1975, 2, 60
    else:
        base, start_year, step, cap = 55, 1970, 4, 36
    k = (birth.year - start_year) * 12 + birth.month - 1
    delay = 0 if k < 0 else min(cap, k // step + 1)
    return add_months(birth, 12 * base + delay)
