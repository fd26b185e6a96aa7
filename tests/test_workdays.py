"""Working days for posting periods, on the State Council arrangements (no database).

Expected values are worked out by hand from the published arrangements:
2023 Spring Festival off 01-21..27, make-up Sat 01-28 and Sun 01-29; 2023 Mid-Autumn and
National Day off 09-29..10-06, make-up Sat 10-07 and Sun 10-08; 2024 Spring Festival off
02-10..17, make-up Sun 02-04 and Sun 02-18; 2024 National Day off 10-01..07, make-up
Sun 09-29 and Sat 10-12.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.workdays import DEFAULT, Calendar, CalendarGap, PostingTooShort, chinese_date

D = date


@pytest.mark.parametrize(("day", "workday"), [
    (D(2023, 1, 20), True), (D(2023, 1, 21), False), (D(2023, 1, 27), False),
    (D(2023, 1, 28), True), (D(2023, 1, 29), True),                      # Sat, Sun make-up
    (D(2023, 9, 28), True), (D(2023, 9, 29), False), (D(2023, 10, 6), False),
    (D(2023, 10, 7), True), (D(2023, 10, 8), True),
    (D(2024, 2, 4), True), (D(2024, 2, 9), True), (D(2024, 2, 10), False),
    (D(2024, 2, 17), False), (D(2024, 2, 18), True),
    (D(2024, 9, 28), False), (D(2024, 9, 29), True), (D(2024, 10, 7), False),
    (D(2024, 10, 12), True), (D(2024, 10, 13), False),
    (D(2023, 9, 9), False), (D(2023, 9, 11), True),                        # plain weekend/Mon
])
def test_is_workday_follows_the_arrangements(day: date, workday: bool) -> None:
    assert DEFAULT.is_workday(day) is workday


@pytest.mark.parametrize(("start", "end"), [
    (D(2023, 1, 20), D(2023, 1, 31)),   # 1/20, 1/28, 1/29, 1/30, 1/31
    (D(2023, 1, 19), D(2023, 1, 30)),   # 1/19, 1/20, 1/28, 1/29, 1/30
    (D(2023, 9, 27), D(2023, 10, 9)),   # 9/27, 9/28, 10/7, 10/8, 10/9
    (D(2023, 10, 7), D(2023, 10, 11)),  # starts on the Saturday make-up day
    (D(2024, 2, 1), D(2024, 2, 6)),     # 2/1, 2/2, 2/4 (Sun), 2/5, 2/6
    (D(2024, 2, 8), D(2024, 2, 20)),    # 2/8, 2/9, 2/18 (Sun), 2/19, 2/20
    (D(2024, 9, 26), D(2024, 10, 8)),   # 9/26, 9/27, 9/29 (Sun), 9/30, 10/8
    (D(2024, 10, 8), D(2024, 10, 12)),  # 10/8..10/11, 10/12 (Sat)
    (D(2023, 9, 8), D(2023, 9, 14)),    # plain week: Fri, Mon..Thu
])
def test_posting_end_and_proof(start: date, end: date) -> None:
    assert DEFAULT.posting_end(start) == end
    assert DEFAULT.proof_from(start) == end + timedelta(days=1)
    assert DEFAULT.workdays_between(start, end) == 5


@pytest.mark.parametrize(("start", "end"), [
    (D(2023, 1, 21), D(2023, 2, 1)),    # first day of Spring Festival: 1/28 .. 2/1
    (D(2023, 10, 1), D(2023, 10, 11)),  # 10/7, 10/8, 10/9, 10/10, 10/11
    (D(2024, 10, 1), D(2024, 10, 12)),  # 10/8 .. 10/12
    (D(2024, 2, 3), D(2024, 2, 8)),     # Saturday off: 2/4, 2/5, 2/6, 2/7, 2/8
])
def test_start_on_a_day_off_counts_from_the_next_working_day(start: date, end: date) -> None:
    assert DEFAULT.posting_end(start) == end


def test_posting_of_other_lengths() -> None:
    assert DEFAULT.posting_end(D(2023, 1, 20), 1) == D(2023, 1, 20)
    assert DEFAULT.posting_end(D(2023, 1, 21), 1) == D(2023, 1, 28)
    assert DEFAULT.posting_end(D(2023, 9, 27), 7) == D(2023, 10, 11)
    with pytest.raises(ValueError, match="至少"):
        DEFAULT.posting_end(D(2023, 1, 20), 0)


def test_check_posting_refuses_a_proof_on_the_last_day() -> None:
    start = D(2023, 9, 8)
    with pytest.raises(PostingTooShort) as exc:
        DEFAULT.check_posting(start, D(2023, 9, 14))
    assert str(exc.value) == "公示期未满5个工作日，最早可于2023年9月15日出具公示证明"
    assert exc.value.earliest == D(2023, 9, 15)
    assert isinstance(exc.value, ValueError)
    DEFAULT.check_posting(start, D(2023, 9, 15))
    DEFAULT.check_posting(start, D(2023, 10, 20))


def test_check_posting_across_national_day() -> None:
    with pytest.raises(PostingTooShort) as exc:
        DEFAULT.check_posting(D(2023, 9, 27), D(2023, 10, 9))
    assert str(exc.value) == "公示期未满5个工作日，最早可于2023年10月10日出具公示证明"
    DEFAULT.check_posting(D(2023, 9, 27), D(2023, 10, 10))
    with pytest.raises(PostingTooShort) as exc:
        DEFAULT.check_posting(D(2023, 9, 27), D(2023, 10, 11), workdays=7)
    assert str(exc.value) == "公示期未满7个工作日，最早可于2023年10月12日出具公示证明"


def test_chinese_date_has_no_leading_zeros() -> None:
    assert chinese_date(D(2024, 1, 5)) == "2024年1月5日"
    assert chinese_date(D(2023, 12, 31)) == "2023年12月31日"


def test_workdays_between() -> None:
    assert DEFAULT.workdays_between(D(2023, 1, 21), D(2023, 1, 27)) == 0
    assert DEFAULT.workdays_between(D(2023, 1, 21), D(2023, 1, 29)) == 2
    assert DEFAULT.workdays_between(D(2023, 9, 25), D(2023, 10, 8)) == 6   # 9/25..28, 10/7, 10/8
    assert DEFAULT.workdays_between(D(2024, 2, 1), D(2024, 2, 29)) == 18   # 21 Mon–Fri - 5 + 2
    assert DEFAULT.workdays_between(D(2024, 10, 2), D(2024, 10, 2)) == 0
    assert DEFAULT.workdays_between(D(2024, 10, 12), D(2024, 10, 12)) == 1
    assert DEFAULT.workdays_between(D(2024, 10, 12), D(2024, 10, 1)) == 0


def test_add_workdays() -> None:
    assert DEFAULT.add_workdays(D(2023, 1, 20), 1) == D(2023, 1, 28)
    assert DEFAULT.add_workdays(D(2023, 1, 20), 5) == D(2023, 2, 1)  # 1/28, 29, 30, 31, 2/1
    assert DEFAULT.add_workdays(D(2024, 9, 27), 5) == D(2024, 10, 10)  # 9/29, 9/30, 10/8..10
    assert DEFAULT.add_workdays(D(2024, 10, 3), 5) == D(2024, 10, 12)
    assert DEFAULT.add_workdays(D(2023, 9, 8), 5) == D(2023, 9, 15)
    assert DEFAULT.add_workdays(D(2023, 1, 22), 0) == D(2023, 1, 22)
    with pytest.raises(ValueError):
        DEFAULT.add_workdays(D(2023, 1, 22), -1)


@pytest.mark.parametrize(("day", "name"), [
    (D(2023, 1, 1), "元旦"), (D(2023, 1, 23), "春节"), (D(2023, 1, 28), "春节"),
    (D(2023, 4, 5), "清明节"), (D(2023, 5, 1), "劳动节"), (D(2023, 6, 22), "端午节"),
    (D(2023, 9, 29), "中秋节"), (D(2023, 10, 3), "国庆节"), (D(2024, 10, 12), "国庆节"),
    (D(2023, 9, 9), None), (D(2023, 9, 11), None), (D(2027, 1, 1), None),
])
def test_holiday_name(day: date, name: str | None) -> None:
    assert DEFAULT.holiday_name(day) == name


def test_a_year_without_data_is_a_gap_never_a_guess() -> None:
    with pytest.raises(CalendarGap) as exc:
        DEFAULT.is_workday(D(2027, 3, 1))  # a plain Monday, still not guessed
    assert "2027年" in str(exc.value)
    assert "工作日历" in str(exc.value)
    assert exc.value.year == 2027
    with pytest.raises(CalendarGap, match="2027年"):
        DEFAULT.posting_end(D(2026, 12, 28))  # runs out of 2026 into 2027
    with pytest.raises(CalendarGap, match="2003年"):
        DEFAULT.workdays_between(D(2003, 12, 30), D(2004, 1, 5))


def test_posting_inside_the_data_does_not_touch_a_gap() -> None:
    assert DEFAULT.posting_end(D(2026, 12, 24)) == D(2026, 12, 30)


def test_overrides_win_both_ways() -> None:
    cal = Calendar({D(2023, 1, 27): True, D(2023, 9, 11): False}, frozenset())
    assert cal.is_workday(D(2023, 1, 27))
    assert not cal.is_workday(D(2023, 9, 11))
    assert cal.posting_end(D(2023, 1, 21)) == D(2023, 1, 31)     # 1/27, 28, 29, 30, 31
    assert DEFAULT.posting_end(D(2023, 1, 21)) == D(2023, 2, 1)
    assert cal.posting_end(D(2023, 9, 8)) == D(2023, 9, 15)      # 9/8, 12, 13, 14, 15
    assert DEFAULT.posting_end(D(2023, 9, 8)) == D(2023, 9, 14)  # the default is untouched


def test_a_covered_year_counts_weekdays_and_overrides() -> None:
    # An office's 2027 Spring Festival: off Sat 2/6 .. Sun 2/14, Sunday 2/21 worked.
    off = {D(2027, 2, 6) + timedelta(days=i): False for i in range(9)}
    cal = Calendar({**off, D(2027, 2, 21): True}, frozenset({2027}))
    assert cal.is_workday(D(2027, 3, 1))
    assert not cal.is_workday(D(2027, 3, 6))
    assert not cal.is_workday(D(2027, 2, 8))
    assert cal.posting_end(D(2027, 2, 4)) == D(2027, 2, 17)  # 2/4, 2/5, 2/15, 2/16, 2/17
    assert cal.posting_end(D(2027, 2, 18)) == D(2027, 2, 23)  # 2/18, 19, 21 (Sun), 22, 23
    assert cal.proof_from(D(2026, 12, 28)) == D(2027, 1, 2)   # 12/28..31, 2027-01-01 (Fri)
    with pytest.raises(CalendarGap, match="2028年"):
        cal.is_workday(D(2028, 1, 3))


def test_an_override_alone_does_not_cover_its_year() -> None:
    cal = Calendar({D(2027, 1, 1): False}, frozenset())
    assert not cal.is_workday(D(2027, 1, 1))
    with pytest.raises(CalendarGap, match="2027年"):
        cal.is_workday(D(2027, 1, 4))


@given(start=st.dates(D(2005, 1, 1), D(2026, 11, 30)), n=st.integers(1, 20))
def test_posting_end_has_exactly_n_working_days(start: date, n: int) -> None:
    end = DEFAULT.posting_end(start, n)
    assert DEFAULT.is_workday(end)
    assert DEFAULT.workdays_between(start, end) == n
    assert DEFAULT.workdays_between(start, end - timedelta(days=1)) == n - 1
    assert DEFAULT.proof_from(start, n) == end + timedelta(days=1)
    with pytest.raises(PostingTooShort):
        DEFAULT.check_posting(start, end, n)
