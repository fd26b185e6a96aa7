"""The committee office's overlap pages: policy, materials with their ratios, one report."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as
from zhicheng.jobs.models import WAITING, Job, JobKind
from zhicheng.orgs.models import Role

from . import domain, jobs
from .highlight import marked
from .models import Material, Report


class PolicyForm(forms.Form):
    check_all = forms.BooleanField(label="全部检查", required=False)
    sample_percent = forms.IntegerField(label="抽检比例（%）", min_value=0, max_value=100)
    resubmission_percent = forms.IntegerField(label="重复提交提示阈值（%）", min_value=1,
                                              max_value=100)
    min_run = forms.IntegerField(label="最短重合字数", min_value=8, max_value=100)


def _materials(request: HttpRequest):  # type: ignore[no-untyped-def]
    committee = request.acting.organisation  # type: ignore[attr-defined]
    return (Material.objects.filter(application__committee=committee)
            .select_related("application__applicant", "application__plan", "report"))


@acting_as(Role.COMMITTEE_OFFICE)
def index(request: HttpRequest) -> HttpResponse:
    committee = request.acting.organisation  # type: ignore[attr-defined]
    policy = domain.policy_for(committee)
    form = PolicyForm(request.POST or None, initial={
        k: getattr(policy, k) for k in PolicyForm.base_fields})
    if request.method == "POST" and form.is_valid():
        domain.set_policy(Who.from_request(request), committee, **form.cleaned_data)
        messages.success(request, "已保存检查设置，对之后提交的材料生效")
        return redirect("overlapcheck:index")
    materials = _materials(request)
    if request.GET.get("flagged"):
        materials = materials.filter(report__resubmission=True)
    return render(request, "overlapcheck/index.html", {
        "form": form, "materials": materials.order_by("-created_at")[:300],
        "flagged": materials.filter(report__resubmission=True).count()})


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """Check one material against the index, as a job whose page links to the report."""
    material = get_object_or_404(_materials(request), pk=pk)
    job = jobs.start_check(Who.from_request(request), material)
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def reindex(request: HttpRequest) -> HttpResponse:
    """Index the committee's submitted materials again (after restoring the index, or a
    change of the check settings), one job at a time per committee."""
    committee = request.acting.organisation  # type: ignore[attr-defined]
    # a job whose worker died stays 进行中: after half a day it no longer holds the others up
    recent = timezone.now() - timedelta(hours=12)
    if Job.objects.filter(kind=JobKind.OVERLAP_INDEX, organisation=committee,
                          status__in=WAITING, created_at__gte=recent).exists():
        messages.error(request, "本评委会已有查重索引任务在进行，请等它完成后再发起")
        return redirect("overlapcheck:index")
    job = jobs.start_reindex(Who.from_request(request))
    return redirect("jobs:detail", pk=job.pk)


@acting_as(Role.COMMITTEE_OFFICE)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    committee = request.acting.organisation  # type: ignore[attr-defined]
    row = get_object_or_404(Report.objects.select_related(
        "material__application__applicant"), pk=pk,
        material__application__committee=committee)
    data = row.data
    names = {m.name: m for m in Material.objects.filter(
        name__in=[s["source"] for s in data["sources"]]).select_related(
        "application__applicant", "application__plan")}
    own = f"u{row.material.owner_id}/"
    sources = [{"ratio": s["ratio"], "material": names.get(s["source"]),
                "own": s["source"].startswith(own), "passages": len(s["passages"])}
               for s in data["sources"]]
    spans = [(p["start"], p["end"]) for s in data["sources"] for p in s["passages"]]
    return render(request, "overlapcheck/report.html", {
        "report": row, "sources": sources,
        "text": mark_safe(marked(data.get("text", ""), spans))})  # noqa: S308 - escaped
