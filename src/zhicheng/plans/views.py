"""资格预检 for applicants and bulk pre-screening for committee offices."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as
from zhicheng.eligibility.profile import ProfileError, loads_profile
from zhicheng.orgs.models import Role

from . import jobs, screening
from .forms import PrecheckForm, ScreeningForm
from .models import PLAN_HEAVY, ScreeningRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN_ROWS = 500
STATUS_NAME = {"pass": "符合", "fail": "不符合", "unknown": "需审核", "conditional": "附条件",
               "not_applicable": "不适用"}


@acting_as(Role.APPLICANT)
def precheck(request: HttpRequest) -> HttpResponse:
    """An applicant checks themself against a plan: from the platform's data or a file."""
    form = PrecheckForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"]
        raw = form.cleaned_data["profile"]
        try:
            if raw is not None:
                profile = loads_profile(raw, today=timezone.localdate())
            else:
                data = screening.profile_from_user(request.user, timezone.localdate())
                profile = screening.parse_profile(data)
            verdict = screening.evaluate(plan.engine_plan(), profile)
        except ProfileError as exc:
            form.add_error("profile", exc.describe())
    return render(request, "plans/precheck.html", {
        "form": form, "verdict": verdict,
        "verdict_name": screening.VERDICT_NAME, "route_name": screening.ROUTE_NAME,
        "status_name": STATUS_NAME})


@acting_as(Role.COMMITTEE_OFFICE)
def screen(request: HttpRequest) -> HttpResponse:
    """The office uploads a sheet; the rows are judged by a background job. ?run= shows the
    first rows of an earlier run."""
    committee = request.acting.organisation
    form = ScreeningForm(request.POST or None, request.FILES or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"]
        name, raw = form.cleaned_data["sheet"]
        try:
            screening.check_upload(name, raw)
        except screening.UploadError as exc:
            form.add_error("sheet", str(exc))
        else:
            job = jobs.start_screen(Who.from_request(request), plan, name, raw)
            return redirect("jobs:detail", pk=job.pk)
    run = rows = None
    if request.GET.get("run", "").isdigit():
        run = get_object_or_404(ScreeningRun.objects.select_related("plan"),
                                pk=int(request.GET["run"]), committee=committee)
        with run.results.open("rb") as fh:
            rows = screening.read_results(fh.read(), SHOWN_ROWS)
    runs = (ScreeningRun.objects.filter(committee=committee).select_related("plan")
            .defer(*PLAN_HEAVY)[:20])
    return render(request, "plans/screen.html", {
        "form": form, "rows": rows, "run": run, "runs": runs, "shown": SHOWN_ROWS})


@acting_as(Role.COMMITTEE_OFFICE)
def screen_download(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ScreeningRun, pk=pk, committee=request.acting.organisation)
    response = FileResponse(run.results.open("rb"), content_type=XLSX, as_attachment=True,
                            filename=f"资格预检-{run.plan.key}-{run.created_at:%Y%m%d%H%M}.xlsx")
    return response


@acting_as(Role.COMMITTEE_OFFICE)
def screen_template(request: HttpRequest) -> HttpResponse:
    return HttpResponse(screening.template_workbook(), content_type=XLSX, headers={
        "Content-Disposition": 'attachment; filename="profiles-template.xlsx"'})
