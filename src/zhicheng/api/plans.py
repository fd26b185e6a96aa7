"""Plans (public) and the eligibility check of a profile against one."""

from __future__ import annotations

from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router

from zhicheng.applications.domain import assess_on
from zhicheng.eligibility import PlanError, evaluate
from zhicheng.eligibility.profile import ProfileError, loads_profile
from zhicheng.orgs.models import Role
from zhicheng.plans.models import Plan, PlanStatus

from .auth import BearerToken, Caller, SessionUser, anyone, caller, need_applicant, need_scope
from .errors import ApiError
from .pagination import PageQuery, paginate
from .responses import ERRORS, OPTIONAL_AUTH, PROFILE_BODY, WITH_CONFLICT
from .rows import plan_row
from .schemas import Page, PlanOut, VerdictOut

router = Router(tags=["评审计划与资格预检"])
PUBLIC = [BearerToken(), SessionUser(), anyone]
KEY = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", description="计划代码")
MAX_PROFILE_BYTES = 2 * 1024 * 1024


def visible_plans(who: Caller) -> QuerySet[Plan]:
    """Published plans for anyone; a committee office also sees its own drafts (a token
    needs plans:read for that)."""
    qs = Plan.objects.select_related("committee")
    own_drafts = who.role == Role.COMMITTEE_OFFICE and (
        who.token is None or "plans:read" in who.token.scopes)
    if own_drafts:
        return qs.filter(~Q(status=PlanStatus.DRAFT) | Q(committee=who.organisation))
    return qs.exclude(status=PlanStatus.DRAFT)


def _plan(request: HttpRequest, key: str) -> Plan:
    plan = visible_plans(caller(request)).filter(key=key).first()
    if plan is None:
        raise ApiError(404, "没有这个评审计划")
    return plan


@router.get("/plans", response={200: Page[PlanOut], **ERRORS}, auth=PUBLIC,
            openapi_extra=OPTIONAL_AUTH, url_name="plans", summary="评审计划列表")
def plan_list(request: HttpRequest, paging: Query[PageQuery],
              status: Literal["draft", "open", "closed"] | None = None,
              year: int | None = Query(None, ge=1900, le=2200)) -> dict[str, Any]:
    qs = visible_plans(caller(request))
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return paginate(request, qs.order_by("-year", "key"), paging, plan_row)


@router.get("/plans/{key}", response={200: PlanOut, **ERRORS}, auth=PUBLIC,
            openapi_extra=OPTIONAL_AUTH, url_name="plan", summary="一个评审计划")
def plan_detail(request: HttpRequest, key: str = KEY) -> dict[str, Any]:
    return plan_row(_plan(request, key))


@router.post("/plans/{key}/eligibility", response={200: VerdictOut, **WITH_CONFLICT},
             auth=[BearerToken(), SessionUser()], openapi_extra=PROFILE_BODY,
             url_name="eligibility", summary="资格预检：提交一份档案，得到结论")
def eligibility(request: HttpRequest, key: str = KEY) -> dict[str, Any]:
    """The body is a `zhicheng.profile/1` profile; the verdict is the one the contract's
    command prints. Without `as_of`, the plan's assessment date (or today) is used. A token
    needs eligibility:check; a session must act as applicant."""
    who = caller(request)
    if who.token is not None:
        need_scope(request, "eligibility:check")
    else:
        need_applicant(request)
    plan = _plan(request, key)
    try:
        rules = plan.engine_plan()
    except PlanError:
        raise ApiError(409, "该计划没有可用的资格规则") from None
    raw = request.body
    if len(raw) > MAX_PROFILE_BYTES:
        raise ApiError(400, "档案不能超过 2 MB")
    try:
        profile = loads_profile(raw, today=assess_on(plan))
    except ProfileError as exc:
        raise ApiError(400, exc.describe(), {exc.field or "内容": exc.message}) from None
    return evaluate(rules, profile).as_dict()
