"""Importing the hour records that continuing-education platforms export (CSV or Excel)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from zhicheng.audit.domain import Who, record
from zhicheng.core.access import acting_as
from zhicheng.orgs.models import Role

from . import signals
from .ce_import import CeImportError, parse_ce_export, summarise
from .models import CeRecord


class CeImportForm(forms.Form):
    export = forms.FileField(label="学时记录文件（CSV 或 Excel .xlsx）",
                             help_text="继续教育平台导出的学时明细；会议、讲座半天计4学时")


@acting_as(Role.APPLICANT)
def import_ce(request: HttpRequest) -> HttpResponse:
    form = CeImportForm(request.POST or None, request.FILES or None)
    rows, errors = None, []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["export"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            form.add_error("export", "文件过大")
        else:
            try:
                rows, errors = parse_ce_export(upload.read())
            except CeImportError as exc:
                form.add_error("export", str(exc))
            else:
                if rows and not errors:
                    _save(request, rows)
                    messages.success(request, f"已导入{len(rows)}条学时记录")
                    return redirect("archive:section", slug="ce")
    summary = summarise(rows) if rows else {}
    return render(request, "archive/ce_import.html",
                  {"form": form, "rows": rows, "errors": errors, "summary": summary})


def _save(request: HttpRequest, rows: list) -> None:
    with transaction.atomic():
        made = CeRecord.objects.bulk_create([
            CeRecord(owner=request.user, year=r.year, category=r.category,
                     hours=Decimal(str(r.hours)), provider=r.provider[:200],
                     course=r.course[:200]) for r in rows])
        signals.changed(request.user.pk)  # bulk_create sends no signal
        record(Who.from_request(request), ("archive.cerecord", "import"), "archive.ce_import",
               after={"rows": len(made), "hours": summarise(rows)})
