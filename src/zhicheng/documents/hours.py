"""继续教育学时汇总表: a table per year (公需科目 first), yearly and overall totals."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .inputs import PROFESSIONAL, PUBLIC, ContinuingEducation, HoursSummary
from .layout import Sheet, show

TITLE = "继续教育学时汇总表"
HEADINGS = ("年度", "类别", "学时", "施教机构", "课程")
WIDTHS = (12, 14, 10, 30, 34)


def _hours(records: list[ContinuingEducation], category: str | None = None) -> Decimal:
    return sum((Decimal(str(r.hours)) for r in records
                if category is None or r.category == category), Decimal())


def _total_line(label: str, records: list[ContinuingEducation]) -> str:
    return (f"{label}：公需科目 {show(_hours(records, PUBLIC))} 学时，"
            f"专业科目 {show(_hours(records, PROFESSIONAL))} 学时，"
            f"共 {show(_hours(records))} 学时")


def ce_hours_summary(data: HoursSummary) -> bytes:
    """Render the summary as PDF bytes; records of other categories count only in 共."""
    sheet = Sheet(f"{TITLE} {data.person_name}")
    sheet.title_block(TITLE)
    sheet.fields([("姓名", data.person_name), ("工作单位", data.employer)])
    by_year: dict[int, list[ContinuingEducation]] = defaultdict(list)
    for record in data.records:
        by_year[record.year].append(record)
    order = {PUBLIC: 0, PROFESSIONAL: 1}
    for year in sorted(by_year):
        records = sorted(by_year[year], key=lambda r: order.get(r.category, 2))
        sheet.section(f"{year} 年度")
        sheet.grid(HEADINGS, [(r.year, r.category, r.hours, r.provider, r.course)
                              for r in records], WIDTHS)
        sheet.paragraph(_total_line(f"{year} 年度合计", records))
    sheet.section("总计")
    records = list(data.records)
    sheet.paragraph(_total_line("全部年度合计", records) if records else "（无记录）")
    return sheet.to_bytes()
