"""The archive and an application as the inputs of the PDF documents (zhicheng.documents)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from zhicheng import documents as d
from zhicheng.archive import models as m
from zhicheng.core.uploads import attachment
from zhicheng.identity.idnumber import mask

from .models import Application

PLEDGE_TEXT = ("本人承诺：所填报的个人信息、学历、资历、业绩成果和提交的材料均真实、准确、完整；"
               "如有弄虚作假，自愿接受撤销职称、记入诚信档案、三年内不得申报等处理。")
LEVEL_NAME = {"assistant": "助理工程师", "engineer": "工程师", "senior": "高级工程师",
              "technician": "技术员"}


def pdf_response(body: bytes, name: str) -> HttpResponse:
    return attachment(HttpResponse(body, content_type="application/pdf"), f"{name}.pdf")


def _period(start: Any, end: Any) -> str:
    return f"{start:%Y.%m}—{end:%Y.%m}" if end else f"{start:%Y.%m}—至今"


def _ce(user: Any) -> list[d.ContinuingEducation]:
    return [d.ContinuingEducation(r.year, r.get_category_display(), float(r.hours),
                                  r.provider, r.course)
            for r in m.CeRecord.objects.filter(owner=user).order_by("year", "category")]


def application_form(app: Application, *, show_id: bool = False) -> bytes:
    """The 评审表 of an application, watermarked with the plan and the time of export. The ID
    number is masked unless the reader may see it (the owner, the offices)."""
    user = app.applicant
    employer = app.employer.name if app.employer else ""
    person = d.Person(user.name, user.get_sex_display(), user.birth_date or "",
                      user.id_number if show_id else mask(user.id_number), employer,
                      app.specialty, LEVEL_NAME.get(app.level, app.level))
    pledge = d.Pledge(PLEDGE_TEXT, app.pledge_name or "（未签署）",
                      timezone.localtime(app.pledged_at) if app.pledged_at else "")
    data = d.ApplicationForm(
        plan_title=app.plan.title, exported_at=timezone.localtime(), person=person,
        pledge=pledge, statement=app.statement,
        education=[d.Education(e.get_level_display(), e.major, e.school, e.awarded,
                               e.get_mode_display())
                   for e in m.Education.objects.filter(owner=user)],
        work=[d.WorkExperience(_period(w.start, w.end), w.employer, w.post, w.technical)
              for w in m.WorkPeriod.objects.filter(owner=user)],
        qualifications=[d.Qualification(t.name, t.get_level_display(), t.obtained, t.issuer)
                        for t in m.TitleHeld.objects.filter(owner=user,
                                                            verification="verified")],
        continuing_education=_ce(user),
        appraisals=[d.Appraisal(a.year, a.get_result_display())
                    for a in m.Appraisal.objects.filter(owner=user)],
        achievements=[d.Achievement(a.name, a.get_role_display(), _period(a.start, a.end),
                                    " ".join(x for x in (a.award, a.award_rank) if x))
                      for a in app.achievements.all()],
        papers=[d.Paper(o.title, o.get_kind_display(), o.journal, o.written,
                        f"第{o.rank}作者（共{o.authors}人）") for o in app.outputs.all()],
    )
    return d.application_form(data)


def project_certificate(a: m.Achievement) -> bytes:
    user = a.owner
    return d.project_completion_certificate(d.ProjectCertificate(
        user.name, user.employer.name if user.employer else "", a.name, a.sponsor,
        _period(a.start, a.end), a.get_role_display(),
        " ".join(x for x in (a.award, a.award_rank) if x) or "无", a.description))


def hours_summary(user: Any) -> bytes:
    return d.ce_hours_summary(d.HoursSummary(
        user.name, _ce(user), user.employer.name if user.employer else ""))


def appraisal_template(user: Any, years: list[int]) -> bytes:
    return d.annual_appraisal_template(d.AppraisalTemplate(
        user.name, user.employer.name if user.employer else "", years))
