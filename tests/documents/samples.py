"""Sample inputs for the document tests; `python -m tests.documents.samples` writes them out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from zhicheng.documents import (
    Achievement,
    ApplicationForm,
    Appraisal,
    AppraisalTemplate,
    ContinuingEducation,
    Education,
    HoursSummary,
    Paper,
    Person,
    Pledge,
    ProjectCertificate,
    Qualification,
    WorkExperience,
)

PLAN = "2023年度无锡市锡山区工程技术中级专业技术资格评审"
EXPORTED = datetime(2026, 11, 24, 10, 31)
NAME = "欧阳晓峰"
EMPLOYER = "无锡市锡山区建设工程质量检测中心"
STATEMENT_END = "以上述职内容真实准确，恳请评审委员会审议。"
SENTENCE = "本人长期从事市政道路与桥梁工程的施工管理和质量检测工作，"


def statement(length: int = 1000) -> str:
    """A statement of exactly `length` characters ending with STATEMENT_END."""
    body_length = length - len(STATEMENT_END)
    body = (SENTENCE * (body_length // len(SENTENCE) + 1))[:body_length]
    return body + STATEMENT_END


def records() -> list[ContinuingEducation]:
    return [
        ContinuingEducation(2022, "专业科目", 48, "江苏省建设教育协会", "桥梁检测新技术"),
        ContinuingEducation(2022, "公需科目", Decimal("30"), "无锡市人社局", "数字经济与创新"),
        ContinuingEducation(2023, "公需科目", 30, "无锡市人社局", "法治理论与实践"),
        ContinuingEducation(2023, "专业科目", 42.5, "东南大学继续教育学院", "混凝土耐久性评估"),
        ContinuingEducation(2023, "专业科目", 12, "江苏省土木建筑学会", "智慧工地管理"),
    ]


def application(work_rows: int = 6, statement_length: int = 600) -> ApplicationForm:
    person = Person(NAME, "男", date(1988, 3, 14), "3202**********1234", EMPLOYER,
                    "市政工程", "中级（工程师）")
    work = [WorkExperience(f"{2010 + i % 14}-07 至 {2011 + i % 14}-06",
                           f"锡山区第{i + 1}建筑工程公司", "技术员" if i % 2 else "施工员",
                           i % 3 != 0) for i in range(work_rows)]
    return ApplicationForm(
        plan_title=PLAN,
        exported_at=EXPORTED,
        person=person,
        statement=statement(statement_length),
        pledge=Pledge("本人承诺所填信息及所附材料真实、准确、完整，如有虚假，愿承担相应责任。",
                      NAME, datetime(2026, 11, 20, 9, 15)),
        education=[Education("本科", "土木工程", "江南大学", date(2010, 6, 30), "全日制"),
                   Education("硕士研究生", "结构工程", "东南大学", "2016-06", "非全日制")],
        work=work,
        qualifications=[Qualification("助理工程师", "初级", date(2013, 12, 1),
                                      "无锡市人力资源和社会保障局", "WX2013-0456")],
        continuing_education=records(),
        appraisals=[Appraisal(2021, "合格", EMPLOYER), Appraisal(2022, "优秀", EMPLOYER),
                    Appraisal(2023, "合格", EMPLOYER)],
        achievements=[Achievement("锡沪路快速化改造工程质量检测", "主持", "2019-03 至 2021-05",
                                  "无锡市优质工程奖"),
                      Achievement("锡山大桥健康监测系统", "主要参加者", "2021-06 至 2023-02")],
        papers=[Paper("城市桥梁预应力孔道压浆密实度检测方法研究", "论文", "《江苏建筑》",
                      "2022-08", "第一作者"),
                Paper("锡沪路改造工程质量检测技术总结", "技术总结", "", date(2021, 6, 1))],
    )


def certificate() -> ProjectCertificate:
    return ProjectCertificate(
        person_name=NAME, employer=EMPLOYER, project_name="锡沪路快速化改造工程质量检测",
        sponsor="无锡市锡山区交通运输局", period="2019-03 至 2021-05", role="主持",
        award="无锡市优质工程奖（市级一等）",
        description="项目对锡沪路全线桥梁与道路结构开展质量检测。本人负责检测方案编制、"
                    "现场组织与报告审核，提出孔道压浆密实度快速检测方法。" * 3)


def hours() -> HoursSummary:
    return HoursSummary(NAME, records(), EMPLOYER)


def appraisal() -> AppraisalTemplate:
    return AppraisalTemplate(NAME, EMPLOYER, [2021, 2022, 2023])


if __name__ == "__main__":
    from pathlib import Path

    from zhicheng.documents import (
        annual_appraisal_template,
        application_form,
        ce_hours_summary,
        project_completion_certificate,
    )

    out = Path("var/documents-samples")
    out.mkdir(parents=True, exist_ok=True)
    (out / "application.pdf").write_bytes(application_form(application()))
    (out / "application-long.pdf").write_bytes(application_form(application(40, 1000)))
    (out / "certificate.pdf").write_bytes(project_completion_certificate(certificate()))
    (out / "hours.pdf").write_bytes(ce_hours_summary(hours()))
    (out / "appraisal.pdf").write_bytes(annual_appraisal_template(appraisal()))
    print(f"written to {out}/")
