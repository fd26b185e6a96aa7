"""The signed-in person's own archive and applications (session authentication)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router

from zhicheng.applications.models import Application
from zhicheng.audit.domain import record
from zhicheng.orgs.acting import APPLICANT
from zhicheng.plans.screening import profile_from_user
from zhicheng.reviews.access import applications_visible_to

from .auth import SessionUser, need_applicant
from .errors import ApiError
from .pagination import PageQuery, paginate
from .responses import ERRORS
from .rows import history, my_application_row
from .schemas import MAX_ID, MyApplicationDetailOut, MyApplicationOut, Page

router = Router(tags=["本人数据（登录会话）"], auth=[SessionUser()])


@router.get("/me/archive", response={200: dict[str, Any], **ERRORS}, url_name="my_archive",
            summary="本人档案（zhicheng.profile/1，与“导出档案”相同）")
def my_archive(request: HttpRequest) -> dict[str, Any]:
    who = need_applicant(request)
    data = profile_from_user(who.user, timezone.localdate())
    record(who.who(), ("archive.profile", str(who.user.pk)), "archive.export", after=who.via())
    return data


def _mine(request: HttpRequest) -> Any:
    who = need_applicant(request)
    return applications_visible_to(APPLICANT, who.user)


@router.get("/me/applications", response={200: Page[MyApplicationOut], **ERRORS},
            url_name="my_applications", summary="本人的申报")
def my_applications(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    return paginate(request, _mine(request).order_by("-created_at", "-pk"), paging,
                    my_application_row)


@router.get("/me/applications/{pk}", response={200: MyApplicationDetailOut, **ERRORS},
            url_name="my_application", summary="本人的一份申报：状态与办理记录")
def my_application(request: HttpRequest, pk: int = Path(..., ge=1, le=MAX_ID)
                   ) -> dict[str, Any]:
    app: Application | None = _mine(request).filter(pk=pk).first()
    if app is None:
        raise ApiError(404, "没有这份申报")
    return my_application_row(app) | {"history": history(app, with_staff=False)}
