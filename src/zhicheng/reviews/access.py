"""Which applications a desk sees: filtered in the query by organisation and by how far the
application has travelled (a department never sees what a unit has not sent on)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhicheng.applications.models import Application, Reached
from zhicheng.applications.workflow import Actor
from zhicheng.orgs.models import Role
from zhicheng.plans.models import PLAN_HEAVY

DESK_OF_ROLE = {Role.UNIT_ADMIN: Actor.UNIT, Role.DEPARTMENT: Actor.DEPARTMENT,
                Role.COMMITTEE_OFFICE: Actor.OFFICE}


def applications_visible_to(acting: Any, user: Any) -> QuerySet[Application]:
    base = Application.objects.select_related("plan", "employer", "applicant").defer(*PLAN_HEAVY)
    role = getattr(acting, "role", None)
    org = getattr(acting, "organisation", None)
    if role == Role.APPLICANT or role is None:
        return base.filter(applicant=user)
    if org is None:
        return base.none()
    if role == Role.UNIT_ADMIN:
        return base.filter(employer=org, reached__gte=Reached.UNIT)
    if role == Role.DEPARTMENT:
        return base.filter(employer__parent=org, reached__gte=Reached.DEPARTMENT)
    if role == Role.COMMITTEE_OFFICE:
        return base.filter(committee=org, reached__gte=Reached.COMMITTEE)
    return base.none()
