"""An organisation's lists of applications: exactly what its desk sees on the web."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router

from zhicheng.applications.models import Application, Status
from zhicheng.identity.idnumber import mask
from zhicheng.orgs.models import Role
from zhicheng.reviews.access import applications_visible_to

from .auth import BearerToken, Caller, need_scope
from .errors import ApiError
from .pagination import PageQuery, paginate
from .responses import ERRORS
from .rows import application_row, history
from .schemas import MAX_ID, TEXT_FILTER, ApplicationDetailOut, ApplicationOut, Page

router = Router(tags=["机构的申报列表"], auth=[BearerToken()])
StatusName = Literal[tuple(Status.values)]  # type: ignore[valid-type]
APP_ID = Path(..., ge=1, le=MAX_ID)
STATUS_Q = Query(None, description="状态")


def _visible(who: Caller) -> QuerySet[Application]:
    return applications_visible_to(who.acting, None)


def _full_id(who: Caller) -> bool:
    # the desk lists of a committee office only hold its own committee's applications
    return who.role == Role.COMMITTEE_OFFICE


@router.get("/applications", response={200: Page[ApplicationOut], **ERRORS},
            url_name="applications", summary="本机构的申报列表（需 lists:read）")
def application_list(
        request: HttpRequest, paging: Query[PageQuery],
        status: StatusName | None = STATUS_Q,
        plan: int | None = Query(None, ge=1, le=MAX_ID, description="计划 id"),
        employer: int | None = Query(None, ge=1, le=MAX_ID, description="用人单位 id"),
        specialty: str | None = Query(None, max_length=50, pattern=TEXT_FILTER),
        q: str | None = Query(None, max_length=50, pattern=TEXT_FILTER,
                              description="姓名包含")) -> dict[str, Any]:
    """The filters of the web desk; ordered by the last change, newest first."""
    who = need_scope(request, "lists:read")
    qs = _visible(who)
    if status:
        qs = qs.filter(status=status)
    if plan:
        qs = qs.filter(plan_id=plan)
    if employer:
        qs = qs.filter(employer_id=employer)
    if specialty:
        qs = qs.filter(specialty=specialty)
    if q:
        qs = qs.filter(applicant__name__contains=q)
    full = _full_id(who)
    return paginate(request, qs.order_by("-status_changed_at", "-pk"), paging,
                    lambda app: application_row(app, full))


def _app(who: Caller, pk: int) -> Application:
    app = _visible(who).filter(pk=pk).first()
    if app is None:
        raise ApiError(404, "没有这份申报，或本机构无权查看")
    return app


@router.get("/applications/{pk}", response={200: ApplicationDetailOut, **ERRORS},
            url_name="application", summary="一份申报：状态与办理记录（需 applications:read）")
def application_detail(request: HttpRequest, pk: int = APP_ID) -> dict[str, Any]:
    who = need_scope(request, "applications:read")
    app = _app(who, pk)
    return application_row(app, _full_id(who)) | {
        "history": history(app, with_staff=True), "precheck": app.verdict or {}}


@router.get("/applications/{pk}/profile", response={200: dict[str, Any], **ERRORS},
            url_name="application_profile",
            summary="申报提交时的档案（zhicheng.profile/1，需 archive:read）")
def application_profile(request: HttpRequest, pk: int = APP_ID) -> dict[str, Any]:
    """The profile frozen at submission, with what the applicant chose; the ID number in it
    is masked."""
    who = need_scope(request, "archive:read")
    snapshot = dict(_app(who, pk).snapshot or {})
    person = dict(snapshot.get("person") or {})
    number = str(person.get("id_number") or "")
    if number and "*" not in number:  # frozen masked; older snapshots may not be
        snapshot["person"] = person | {"id_number": mask(number)}
    return snapshot
