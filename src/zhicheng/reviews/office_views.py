"""Exports built in the background, and the office's per-plan desk settings."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.audit.domain import Who, record
from zhicheng.core.access import acting_as, recent_auth
from zhicheng.orgs.models import Role
from zhicheng.plans.lookups import committee_plans
from zhicheng.plans.models import Plan

from .forms import PlanDeskForm
from .models import Export, ExportKind, ExportStatus
from .tasks import build_export

KINDS_OF_ROLE = {Role.UNIT_ADMIN: [ExportKind.POSTING],
                 Role.COMMITTEE_OFFICE: [ExportKind.ROSTER, ExportKind.FEES, ExportKind.FORMS]}


def _exports(request: HttpRequest):  # type: ignore[no-untyped-def]
    acting = request.acting  # type: ignore[attr-defined]
    return Export.objects.filter(organisation=acting.organisation, role=acting.role)


@acting_as(Role.UNIT_ADMIN, Role.COMMITTEE_OFFICE)
def export_list(request: HttpRequest) -> HttpResponse:
    kinds = KINDS_OF_ROLE[request.acting.role]  # type: ignore[attr-defined]
    return render(request, "reviews/exports.html", {
        "exports": _exports(request)[:30], "kinds": kinds,
        "plans": committee_plans(request.acting.organisation.pk)  # type: ignore[attr-defined]
        if request.acting.role == Role.COMMITTEE_OFFICE else []})  # type: ignore[attr-defined]


@require_POST
@acting_as(Role.UNIT_ADMIN, Role.COMMITTEE_OFFICE)
def export_new(request: HttpRequest) -> HttpResponse:
    acting = request.acting  # type: ignore[attr-defined]
    kind = request.POST.get("kind", "")
    if kind not in KINDS_OF_ROLE[acting.role]:
        messages.error(request, "没有这种导出文件")
        return redirect("reviews:exports")
    plan = request.POST.get("plan", "")
    filters = {"plan": int(plan)} if plan.isdigit() else {}
    with transaction.atomic():
        export = Export.objects.create(kind=kind, organisation=acting.organisation,
                                       role=acting.role, filters=filters,
                                       requested_by=request.user)
        record(Who.from_request(request), export, "export.requested",
               after={"kind": kind, "filters": filters})
        transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return redirect("reviews:export", pk=export.pk)


@acting_as(Role.UNIT_ADMIN, Role.COMMITTEE_OFFICE)
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(_exports(request), pk=pk)
    waiting = export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
    return render(request, "reviews/export.html", {"export": export, "waiting": waiting})


@acting_as(Role.UNIT_ADMIN, Role.COMMITTEE_OFFICE)
@recent_auth()
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(_exports(request), pk=pk, status=ExportStatus.DONE)
    record(Who.from_request(request), export, "export.downloaded", after={"rows": export.rows})
    if export.kind == ExportKind.FORMS:
        suffix, mime = "zip", "application/zip"
    else:
        suffix = "xlsx"
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"{export.get_kind_display()}-{export.created_at:%Y%m%d%H%M}.{suffix}"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name,
                        content_type=mime)


@acting_as(Role.COMMITTEE_OFFICE)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = committee_plans(request.acting.organisation.pk)  # type: ignore[attr-defined]
    return render(request, "reviews/plans.html", {"plans": plans})


@acting_as(Role.COMMITTEE_OFFICE)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=pk, committee=request.acting.organisation)  # type: ignore[attr-defined]
    fields = PlanDeskForm.Meta.fields
    before = {f: str(getattr(plan, f)) for f in fields}
    form = PlanDeskForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            plan = form.save()
            record(Who.from_request(request), plan, "plan.desk_settings", before=before,
                   after={f: str(getattr(plan, f)) for f in fields})
        messages.success(request, "已保存")
        return redirect("reviews:plans")
    return render(request, "reviews/plan_edit.html", {"plan": plan, "form": form})
