"""Exports: a unit's posting list, an office's roster, fee list and forms, built by a task."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Path, Query, Router, Status

from zhicheng.audit.domain import record
from zhicheng.orgs.models import Role
from zhicheng.plans.models import Plan
from zhicheng.reviews.models import Export, ExportKind, ExportStatus
from zhicheng.reviews.office_views import KINDS_OF_ROLE
from zhicheng.reviews.tasks import build_export

from .auth import BearerToken, Caller, need_scope
from .errors import ApiError
from .pagination import PageQuery, paginate
from .responses import ERRORS, WITH_CONFLICT
from .rows import export_row
from .schemas import MAX_ID, ExportIn, ExportOut, Page

router = Router(tags=["导出文件"], auth=[BearerToken()])
EXPORT_ID = Path(..., ge=1, le=MAX_ID)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {"schema": {"type": "string", "format": "binary"}}


def _exports(who: Caller) -> QuerySet[Export]:
    return Export.objects.filter(organisation=who.organisation, role=who.role)


def _export(who: Caller, pk: int) -> Export:
    export = _exports(who).filter(pk=pk).first()
    if export is None:
        raise ApiError(404, "没有这个导出文件")
    return export


@router.post("/exports", response={202: ExportOut, **ERRORS}, url_name="exports_new",
             summary="请求生成导出文件（需 exports:write）")
def export_new(request: HttpRequest, payload: ExportIn) -> Status:
    """Queued for the task worker; poll the export until `status` is done, then download."""
    who = need_scope(request, "exports:write")
    kinds = KINDS_OF_ROLE.get(who.role, [])  # type: ignore[call-overload]
    if payload.kind not in kinds:
        raise ApiError(403, "本机构不能生成这种导出文件",
                       {"kind": f"可选：{', '.join(kinds) or '无'}"})
    filters: dict[str, Any] = {}
    if payload.plan is not None:
        if who.role != Role.COMMITTEE_OFFICE or not Plan.objects.filter(
                pk=payload.plan, committee=who.organisation).exists():
            raise ApiError(400, "请求参数有误", {"plan": "没有这个计划，或本机构不能按它导出"})
        filters["plan"] = payload.plan
    with transaction.atomic():
        export = Export.objects.create(kind=payload.kind, organisation=who.organisation,
                                       role=who.role, filters=filters,
                                       requested_by=who.token.created_by)  # type: ignore[union-attr]
        record(who.who(), export, "export.requested",
               after={"kind": payload.kind, "filters": filters} | who.via())
        transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return Status(202, export_row(request, export))


@router.get("/exports", response={200: Page[ExportOut], **ERRORS}, url_name="exports",
            summary="本机构的导出文件（需 exports:read）")
def export_list(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    who = need_scope(request, "exports:read")
    return paginate(request, _exports(who).order_by("-created_at", "-pk"), paging,
                    lambda e: export_row(request, e))


@router.get("/exports/{pk}", response={200: ExportOut, **ERRORS}, url_name="export",
            summary="一个导出文件的进度（需 exports:read）")
def export_detail(request: HttpRequest, pk: int = EXPORT_ID) -> dict[str, Any]:
    who = need_scope(request, "exports:read")
    return export_row(request, _export(who, pk))


@router.get("/exports/{pk}/download", response={200: None, **WITH_CONFLICT},
            url_name="export_download", summary="下载导出文件（需 exports:read）",
            openapi_extra={"responses": {200: {"description": "Excel 或 ZIP 文件", "content": {
                XLSX: BINARY, "application/zip": BINARY}}}})
def export_download(request: HttpRequest, pk: int = EXPORT_ID) -> FileResponse:
    who = need_scope(request, "exports:read")
    export = _export(who, pk)
    if export.status != ExportStatus.DONE:
        raise ApiError(409, f"导出文件尚未生成完毕（{export.get_status_display()}）")
    record(who.who(), export, "export.downloaded", after={"rows": export.rows} | who.via())
    if export.kind == ExportKind.FORMS:
        suffix, mime = "zip", "application/zip"
    else:
        suffix = "xlsx"
        mime = XLSX
    name = f"{export.kind}-{export.created_at:%Y%m%d%H%M}.{suffix}"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=name,
                        content_type=mime)
