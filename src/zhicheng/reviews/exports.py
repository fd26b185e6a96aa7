"""The Excel files the desks work with: the unit's posting list (公示表), the office's
acceptance roster (受理花名册) and fee list (缴费名单). Built by a background task."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from zhicheng.applications.models import Application, Reached
from zhicheng.jobs.progress import Reporter
from zhicheng.orgs.models import Role

from .models import Export, ExportKind, ExportStatus

HEADERS: dict[str, list[tuple[str, int]]] = {
    ExportKind.POSTING: [("序号", 6), ("姓名", 10), ("性别", 6), ("出生年月", 10),
                         ("工作单位", 28), ("申报专业", 20), ("申报资格", 12),
                         ("代表性业绩", 40), ("论文、技术总结", 40), ("公示方式", 20),
                         ("公示起止", 24), ("异议情况", 16)],
    ExportKind.ROSTER: [("序号", 6), ("受理号", 16), ("姓名", 10), ("身份证号", 20),
                        ("手机", 13), ("工作单位", 28), ("主管部门", 24), ("申报专业", 20),
                        ("申报资格", 12), ("提交时间", 17), ("纸质材料", 14), ("评审费", 10)],
    ExportKind.FEES: [("序号", 6), ("受理号", 16), ("姓名", 10), ("工作单位", 28),
                      ("金额（元）", 10), ("缴费状态", 8), ("缴费方式", 12),
                      ("缴费凭证号", 20), ("缴费时间", 17)],
}
TITLES = {ExportKind.POSTING: "职称申报公示表", ExportKind.ROSTER: "职称评审受理花名册",
          ExportKind.FEES: "职称评审缴费名单"}


def workbook(kind: str, title: str, rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    headers = HEADERS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = TITLES[kind]
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([h for h, _ in headers])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    count = 0
    for count, row in enumerate(rows, start=1):
        ws.append([count, *row])
    for i, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), count


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def source(export: Export) -> QuerySet[Application]:
    """The rows of an export, filtered by the organisation that asked for it."""
    org, qs = export.organisation, Application.objects.select_related(
        "plan", "employer", "employer__parent", "applicant")
    if export.role == Role.UNIT_ADMIN:
        qs = qs.filter(employer=org, reached__gte=Reached.UNIT, posting__isnull=False)
        return qs.select_related("posting").prefetch_related("posting__objections")
    if export.role != Role.COMMITTEE_OFFICE:
        return qs.none()
    qs = qs.filter(committee=org, acceptance_no__isnull=False)
    if export.filters.get("plan"):
        qs = qs.filter(plan_id=export.filters["plan"])
    return qs.select_related("paper", "fee").order_by("acceptance_no")


def _objections(app: Application) -> str:
    objections = list(app.posting.objections.all())
    if not objections:
        return "无异议"
    return "；".join(f"{o.received_on:%m-%d} {o.get_status_display()}" for o in objections)


def rows(export: Export, apps: Iterable[Application]) -> Iterable[list[Any]]:
    for app in apps:
        person = app.applicant
        if export.kind == ExportKind.POSTING:
            content = app.posting.content
            yield [person.name, person.get_sex_display(), f"{person.birth_date:%Y-%m}"
                   if person.birth_date else "", str(app.employer or ""), app.specialty,
                   app.plan.get_level_display(), "\n".join(content.get("achievements", [])),
                   "\n".join(content.get("outputs", [])), app.posting.place,
                   f"{app.posting.starts_on:%Y-%m-%d}至{app.posting.ends_on:%Y-%m-%d}",
                   _objections(app)]
        elif export.kind == ExportKind.ROSTER:
            paper = getattr(app, "paper", None)
            fee = getattr(app, "fee", None)
            yield [app.acceptance_no, person.name, person.id_number, person.mobile,
                   str(app.employer or ""), str(app.employer.parent if app.employer else ""),
                   app.specialty, app.plan.get_level_display(), _when(app.submitted_at),
                   (f"{paper.copies}/{paper.copies_due}份" + ("（逾期）" if paper.late else ""))
                   if paper else "不需报送", fee.get_status_display() if fee else "不收费"]
        else:
            fee = getattr(app, "fee", None)
            if fee is None:
                continue
            yield [app.acceptance_no, person.name, str(app.employer or ""),
                   float(fee.amount), fee.get_status_display(), fee.method, fee.reference,
                   _when(fee.paid_at)]


def forms_zip(apps: Iterable[Application]) -> tuple[bytes, int]:
    """Every accepted application's 评审表 in one ZIP."""
    from zhicheng.applications.paperwork import application_form

    buf = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for app in apps:
            archive.writestr(f"{app.acceptance_no}-{app.applicant.name}.pdf",
                             application_form(app, show_id=True))
            count += 1
    return buf.getvalue(), count


def tracked(export_id: int, apps: list[Application]) -> Iterator[Application]:
    """The applications in turn, the count done saved for the page as jobs save theirs."""
    Export.objects.filter(pk=export_id).update(total=len(apps))
    report = Reporter(export_id, len(apps), write=lambda done, total, note: (
        Export.objects.filter(pk=export_id).update(rows=done)))
    for done, app in enumerate(apps, start=1):
        yield app
        report(done)


def build(export_id: int) -> str:
    """Run by the task: build the file, or record why it failed."""
    with transaction.atomic():
        export = Export.objects.select_for_update().get(pk=export_id)
        if export.status != ExportStatus.QUEUED:
            return export.status
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    try:
        found = list(source(export))
        export.total = len(found)
        apps = tracked(export.pk, found)
        if export.kind == ExportKind.FORMS:
            data, count = forms_zip(apps)
        else:
            day = timezone.localdate()
            title = f"{export.organisation} {TITLES[export.kind]}（{day:%Y-%m-%d}）"
            data, count = workbook(export.kind, title, rows(export, apps))
        export.file.save(export.kind, ContentFile(data), save=False)
        export.rows, export.status = count, ExportStatus.DONE
    except Exception as exc:  # the office sees the failure instead of a spinner for ever
        export.status, export.error = ExportStatus.FAILED, str(exc)[:2000]
    export.finished_at = timezone.now()
    export.save()
    return export.status

