from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.eligibility import periods
from zhicheng.eligibility.periods import add_months, retirement_date, span, total


def d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2018-01-01", "2022-12-31", (60, 0)),   # exactly five years, inclusive
    ("2018-01-02", "2022-12-31", (59, 30)),  # a day short
    ("2017-12-31", "2022-12-31", (60, 1)),
    ("2020-02-29", "2021-02-27", (12, 0)),   # a year from 29 Feb ends on 28 Feb
    ("2022-05-01", "2022-05-01", (0, 1)),
])
def test_span(start: str, end: str, expected: tuple[int, int]) -> None:
    assert span(d(start), d(end)) == expected


def test_total_of_two_periods_carries_days() -> None:
    months, days = total([(d("2020-01-01"), d("2020-01-20")), (d("2021-01-01"),
                                                                 d("2021-01-20"))])
    assert (months, days) == (1, 9)


def test_union_and_subtract() -> None:
    merged = periods.union([(d("2020-01-01"), d("2020-06-30")), (d("2020-07-01"),
                                                                 d("2020-12-31"))])
    assert merged == [(d("2020-01-01"), d("2020-12-31"))]
    holes = periods.subtract(merged, [(d("2020-03-01"), d("2020-03-31"))])
    assert holes == [(d("2020-01-01"), d("2020-02-29")), (d("2020-04-01"), d("2020-12-31"))]
    assert total(holes) == (11, 0)


def test_first_overlap_names_the_pair_in_input_order() -> None:
    ps = [(d("2015-01-01"), d("2018-12-31")), (d("2019-01-01"), d("2020-12-31")),
          (d("2018-06-01"), d("2019-03-01"))]
    assert periods.first_overlap(ps) == (0, 2)
    assert periods.first_overlap(ps[:2]) is None


def test_fmt() -> None:
    assert periods.fmt(54) == "4年6个月"
    assert periods.fmt(60) == "5年"
    assert periods.fmt(7) == "7个月"
    assert periods.fmt(0, 12) == "12天"


@pytest.mark.parametrize(("birth", "sex", "baseline", "expected"), [
    ("1964-12-15", "male", 55, "2024-12-15"),     # before the reform: 60
    ("1965-01-10", "male", 55, "2025-02-10"),     # 60 + 1 month
    ("1965-05-10", "male", 55, "2025-07-10"),     # 60 + 2 months
    ("1976-09-01", "male", 55, "2039-09-01"),     # capped at 63
    ("1969-12-01", "female", 55, "2024-12-01"),   # 55, before the reform
    ("1970-01-01", "female", 55, "2025-02-01"),   # 55 + 1 month
    ("1981-09-01", "female", 55, "2039-09-01"),   # capped at 58
    ("1974-12-01", "female", 50, "2024-12-01"),   # 50, before the reform
    ("1975-01-01", "female", 50, "2025-02-01"),   # 50 + 1 month
    ("1975-03-01", "female", 50, "2025-05-01"),   # 50 + 2 months (one per two months)
    ("1984-12-01", "female", 50, "2039-12-01"),   # capped at 55
])
def test_retirement_dates_follow_the_2025_reform(birth: str, sex: str, baseline: int,
                                                 expected: str) -> None:
    assert retirement_date(d(birth), sex, baseline) == d(expected)


def test_engine_package_imports_no_django() -> None:
    import ast
    from pathlib import Path

    import zhicheng.eligibility as pkg

    root = Path(pkg.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.startswith("django") for n in names), path


@given(st.dates(date(1950, 1, 1), date(2060, 12, 31)), st.integers(-1, 20000))
def test_span_agrees_with_moving_the_start_month_by_month(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    stop = end + timedelta(days=1)
    months = 0
    while add_months(start, months + 1) <= stop:
        months += 1
    assert span(start, end) == (months, (stop - add_months(start, months)).days)
