"""Which applications a desk sees: filtered in the query by organisation and by how far the
application has travelled (a department never sees what a unit has not sent on)."""

from __future__ import annotations

from collections.abc import Callable
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


class DeskQuery:
    """`shape(applications_visible_to(acting, user), *args)`, compiled once per desk role
    (core/prepared.py) for the reads every desk page makes; called with the acting role,
    the user and the arguments, it gives the rows (or with one=True the one row)."""

    def __init__(self, shape: Callable[..., QuerySet[Any]], *kinds: type,
                 one: bool = False) -> None:
        self.shape = shape
        self.one = one
        self.prepared = {role: self._prepared(role, kinds) for role in DESK_OF_ROLE}

    def _prepared(self, role: str, kinds: tuple[type, ...]) -> Prepared[Any]:
        return Prepared(lambda org, *args: self.shape(
            applications_visible_to(_Desk(role, org), None), *args), int, *kinds, one=self.one)

    def __call__(self, acting: Any, user: Any, *args: Any) -> Any:
        prepared = self.prepared.get(getattr(acting, "role", None))
        org = getattr(acting, "organisation", None)
        if prepared is None or org is None:
            qs = self.shape(applications_visible_to(acting, user), *args)
            return qs.get() if self.one else list(qs)
        return prepared.get(org.pk, *args) if self.one else prepared.all(org.pk, *args)


# one application as its desk sees it, with its posting, paper copies and fee (one row
# each at most): every page of an application and every action on it reads it
visible_application = DeskQuery(
    lambda qs, pk: qs.filter(pk=pk).select_related("posting", "paper", "fee"), int, one=True)
