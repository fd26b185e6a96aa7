"""PDF forms an applicant prints from the archive: 项目完成情况证明, 学时汇总表, 考核登记表."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zhicheng.applications import paperwork
from zhicheng.core.access import acting_as
from zhicheng.orgs.models import Role

from .models import Achievement

APPRAISAL_YEARS = 5


@acting_as(Role.APPLICANT)
def project_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_object_or_404(Achievement.objects.select_related("owner__employer"),
                                    pk=pk, owner=request.user)
    return paperwork.pdf_response(paperwork.project_certificate(achievement), f"project-{pk}")


@acting_as(Role.APPLICANT)
def hours_summary(request: HttpRequest) -> HttpResponse:
    return paperwork.pdf_response(paperwork.hours_summary(request.user), "ce-hours")


@acting_as(Role.APPLICANT)
def appraisal_template(request: HttpRequest) -> HttpResponse:
    last = timezone.localdate().year - 1
    years = list(range(last - APPRAISAL_YEARS + 1, last + 1))
    body = paperwork.appraisal_template(request.user, years)
    return paperwork.pdf_response(body, "appraisal-form")
