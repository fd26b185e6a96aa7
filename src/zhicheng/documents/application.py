"""专业技术资格评审表: everything an applicant submitted, watermarked with round and export time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from .inputs import ApplicationForm, ContinuingEducation
from .layout import Sheet, show

TITLE = "专业技术资格评审表"


def watermark_text(plan_title: str, exported_at: datetime | str) -> str:
    """E.g. "2023年度无锡市锡山区工程技术中级专业技术资格评审 · 导出于 2026-11-24 10:31"."""
    return f"{plan_title} · 导出于 {show(exported_at)}"


def hours_by_year(records: Sequence[ContinuingEducation]) -> list[tuple[int, str, Decimal]]:
    """Hours added up per (year, category), 公需科目 before 专业科目 within a year."""
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for record in records:
        totals[record.year, record.category] += Decimal(str(record.hours))
    order = {"公需科目": 0, "专业科目": 1}
    keys = sorted(totals, key=lambda k: (k[0], order.get(k[1], 2), k[1]))
    return [(year, category, totals[year, category]) for year, category in keys]


def application_form(data: ApplicationForm) -> bytes:
    """Render the 评审表 as PDF bytes; long content flows onto as many pages as it needs."""
    sheet = Sheet(f"{data.plan_title} {TITLE}",
                  watermark=watermark_text(data.plan_title, data.exported_at))
    sheet.title_block(TITLE, data.plan_title)
    person = data.person
    sheet.section("一、基本信息")
    sheet.fields([("姓名", person.name), ("性别", person.gender),
                  ("出生日期", person.birth_date), ("证件号码", person.id_number),
                  ("工作单位", person.employer), ("申报专业", person.specialty),
                  ("申报级别", person.level)])
    sheet.section("二、学历")
    sheet.grid(("学历", "专业", "学校", "毕业时间", "学习形式"),
               [(e.degree, e.major, e.school, e.graduated, e.mode) for e in data.education],
               (14, 22, 30, 18, 16))
    sheet.section("三、工作经历")
    sheet.grid(("起止时间", "单位", "岗位", "是否专业技术工作"),
               [(w.period, w.employer, w.post, w.professional) for w in data.work],
               (26, 38, 22, 14))
    sheet.section("四、专业技术职务 / 职业资格")
    sheet.grid(("名称", "级别", "取得时间", "评审或发证机构", "证书编号"),
               [(q.name, q.level, q.obtained, q.issuer, q.number) for q in data.qualifications],
               (22, 10, 16, 30, 22))
    sheet.section("五、继续教育")
    rows = hours_by_year(data.continuing_education)
    if rows:
        rows.append(("合计", "", sum((hours for *_, hours in rows), Decimal())))
    sheet.grid(("年度", "类别", "学时"), rows, (30, 40, 30))
    sheet.section("六、年度考核")
    sheet.grid(("年度", "考核结果", "考核单位"),
               [(a.year, a.result, a.employer) for a in data.appraisals], (20, 25, 55))
    sheet.section("七、主要业绩")
    sheet.grid(("序号", "名称", "本人角色", "起止时间", "获奖及等级"),
               [(i, a.name, a.role, a.period, a.award)
                for i, a in enumerate(data.achievements, 1)], (7, 37, 14, 20, 22))
    sheet.section("八、论文 / 技术总结")
    sheet.grid(("序号", "题目", "类别", "刊物或出处", "时间", "本人排名"),
               [(i, p.title, p.kind, p.venue, p.published, p.author_rank)
                for i, p in enumerate(data.papers, 1)], (7, 35, 11, 22, 13, 12))
    sheet.section("九、本人述职")
    sheet.paragraph(data.statement, border=True)
    sheet.section("十、诚信承诺")
    sheet.paragraph(data.pledge.text)
    sheet.fields([("承诺人", data.pledge.signed_name), ("签署时间", data.pledge.signed_at)])
    return sheet.to_bytes()
