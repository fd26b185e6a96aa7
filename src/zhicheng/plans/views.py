"""资格预检 for applicants and bulk pre-screening for committee offices."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zhicheng.audit.domain import Who, record
from zhicheng.core.access import acting_as
from zhicheng.eligibility.profile import ProfileError, loads_profile
from zhicheng.orgs.models import Role

from . import screening
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
    committee = request.acting.organisation
    form = ScreeningForm(request.POST or None, request.FILES or None, committee=committee)
    rows = None
    run = None
    if request.method == "POST" and form.is_valid():
        plan = form.cleaned_data["plan"]
        name, raw = form.cleaned_data["sheet"]
        try:
            rows = screening.screen(plan.engine_plan(), screening.read_upload(name, raw))
        except screening.UploadError as exc:
            form.add_error("sheet", str(exc))
        else:
            run = _save_run(request, plan, name, rows)
    runs = (ScreeningRun.objects.filter(committee=committee).select_related("plan")
            .defer(*PLAN_HEAVY)[:20])
    return render(request, "plans/screen.html", {
        "form": form, "rows": rows[:SHOWN_ROWS] if rows else rows, "run": run, "runs": runs,
        "shown": SHOWN_ROWS, "verdict_name": screening.VERDICT_NAME,
        "route_name": screening.ROUTE_NAME})


def _save_run(request: HttpRequest, plan: object, name: str,
              rows: list[screening.Row]) -> ScreeningRun:
    counts = {"eligible": 0, "ineligible": 0, "needs_review": 0}
    errors = 0
    for r in rows:
        if r.verdict:
            counts[r.verdict.verdict] += 1
        else:
            errors += 1
    with transaction.atomic():
        run = ScreeningRun(plan=plan, committee=request.acting.organisation,
                           created_by=request.user, source_name=name[:200], total=len(rows),
                           errors=errors, **counts)
        run.results.save("results.xlsx", ContentFile(
            screening.results_workbook(str(plan), rows)), save=False)
        run.save()
        record(Who.from_request(request), run, "screening.run",
               after={"plan": plan.pk, "total": run.total, **counts, "errors": errors})
    return run


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
