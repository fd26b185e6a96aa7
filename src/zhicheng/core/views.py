"""The home page and each role's dashboard."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhicheng.core.access import public, signed_in
from zhicheng.orgs.models import Organisation, OrgKind, OrgStatus, Role, RoleGrant
from zhicheng.plans.lookups import committee_plans, open_plans


@public
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"plans": open_plans()})


@signed_in
def dashboard(request: HttpRequest) -> HttpResponse:
    acting = request.acting
    role = acting.role if acting else Role.APPLICANT
    org = acting.organisation if acting else None
    context: dict[str, object] = {"role": role, "org": org}
    if role == Role.APPLICANT:
        context["plans"] = open_plans()
    elif role == Role.UNIT_ADMIN:
        context["staff"] = org.staff.order_by("name") if org.is_approved else []
        context["admins"] = (RoleGrant.objects.active()
                             .filter(organisation=org, role=Role.UNIT_ADMIN)
                             .select_related("user"))
    elif role == Role.DEPARTMENT:
        context["counts"] = Organisation.objects.filter(
            kind=OrgKind.EMPLOYER, parent=org).aggregate(
            pending=Count("pk", filter=Q(status=OrgStatus.PENDING)),
            approved=Count("pk", filter=Q(status=OrgStatus.APPROVED)),
            rejected=Count("pk", filter=Q(status=OrgStatus.REJECTED)))
    elif role == Role.COMMITTEE_OFFICE:
        context["plans"] = committee_plans(org.pk)
        context["departments"] = Organisation.objects.filter(
            kind=OrgKind.DEPARTMENT, parent=org).count()
        context["experts"] = RoleGrant.objects.active().filter(
            organisation=org, role=Role.EXPERT).count()
    return render(request, f"core/dashboard_{role}.html", context)
