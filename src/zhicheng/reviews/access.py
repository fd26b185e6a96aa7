"""Which applications a desk sees: filtered in the query by organisation and by how far the
application has travelled (a department never sees what a unit has not sent on)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from zhicheng.applications.models import Application, Reached
from zhicheng.applications.workflow import Actor
from zhicheng.core.prepared import Prepared
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


@dataclass(frozen=True)
class _Desk:
    """What applications_visible_to reads of the acting role: its role and organisation."""

    role: str
    organisation: int


def _one_of(role: str) -> Prepared[Application]:
    return Prepared(lambda pk, org: applications_visible_to(_Desk(role, org), None)
                    .filter(pk=pk), int, int, one=True)


# one application as its desk sees it, compiled once per desk (core/prepared.py): every
# page of an application and every action on it reads it
_ONE = {role: _one_of(role) for role in DESK_OF_ROLE}


def visible_application(acting: Any, user: Any, pk: int) -> Application:
    """`applications_visible_to(acting, user).get(pk=pk)`."""
    prepared = _ONE.get(getattr(acting, "role", None))
    org = getattr(acting, "organisation", None)
    if prepared is None or org is None:
        return applications_visible_to(acting, user).get(pk=pk)
    return prepared.get(pk, org.pk)
