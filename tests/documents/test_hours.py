"""继续教育学时汇总表."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.documents import samples
from tests.documents.pdfcheck import all_text, dark_share, render
from zhicheng.documents import ContinuingEducation, HoursSummary, ce_hours_summary


@pytest.fixture(scope="module")
def text() -> str:
    return all_text(ce_hours_summary(samples.hours()))


def test_rows_and_header(text: str) -> None:
    for expected in ("继续教育学时汇总表", samples.NAME, samples.EMPLOYER, "东南大学继续教育学院",
                     "混凝土耐久性评估", "2023专业科目42.5"):
        assert expected in text, expected


def test_years_in_order_public_before_professional(text: str) -> None:
    assert text.index("2022年度") < text.index("2023年度")
    assert text.index("2022公需科目30") < text.index("2022专业科目48")


def test_totals_per_year_and_overall(text: str) -> None:
    assert "2022年度合计：公需科目30学时，专业科目48学时，共78学时" in text
    assert "2023年度合计：公需科目30学时，专业科目54.5学时，共84.5学时" in text
    assert "全部年度合计：公需科目60学时，专业科目102.5学时，共162.5学时" in text


def test_decimal_hours_print_without_exponent() -> None:
    records = [ContinuingEducation(2024, "专业科目", Decimal("100.0"), "某机构", "某课程")]
    assert "共100学时" in all_text(ce_hours_summary(HoursSummary("张三", records)))


def test_no_records() -> None:
    pdf = ce_hours_summary(HoursSummary("张三", []))
    assert "（无记录）" in all_text(pdf)


def test_first_page_has_sensible_ink() -> None:
    assert 0.01 < dark_share(render(ce_hours_summary(samples.hours()))) < 0.4
