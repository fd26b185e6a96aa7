"""What an expert may see: assigned applications with every conflict removed in the query.

Every expert-facing list, page, export and search starts from `applications_for_expert`;
nothing an expert reaches is filtered afterwards in Python.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhicheng.applications.models import Application
from zhicheng.plans.models import PLAN_HEAVY

from .models import Expert


def conflicted(expert: Expert) -> Q:
    """Applications the expert must not see: own employer (by record or by name), declared
    people and organisations, and the expert's own applications."""
    q = Q(applicant_id=expert.user_id)
    if expert.employer_id:
        q |= Q(employer_id=expert.employer_id)
    if expert.employer_name:
        q |= Q(employer__name=expert.employer_name)
    people = expert.conflicts.filter(person__isnull=False).values("person_id")
    orgs = expert.conflicts.filter(organisation__isnull=False).values("organisation_id")
    return q | Q(applicant_id__in=people) | Q(employer_id__in=orgs)


def applications_for_expert(expert: Expert) -> QuerySet[Application]:
    return (Application.objects.filter(assignments__expert=expert)
            .exclude(conflicted(expert)).select_related("plan", "applicant", "employer")
            .defer(*PLAN_HEAVY))


def is_conflicted(expert: Expert, app: Application) -> bool:
    return Application.objects.filter(pk=app.pk).filter(conflicted(expert)).exists()


def expert_of(request: Any) -> Expert | None:
    """The expert post of the signed-in user on the committee they act for."""
    acting = getattr(request, "acting", None)
    if acting is None or acting.organisation is None:
        return None
    return Expert.objects.filter(user=request.user, committee=acting.organisation).first()


def forbidden_pairs(experts: list[Expert], apps: list[Application]) -> set[tuple[int, int]]:
    """(application id, expert id) pairs that conflict, for the assignment solver: the same
    rules as `conflicted`, computed from three indexes instead of a query per expert."""
    from collections import defaultdict

    from .models import Conflict

    by_employer: dict[object, set[int]] = defaultdict(set)
    by_person: dict[int, set[int]] = defaultdict(set)
    for app in apps:
        by_employer[app.employer_id].add(app.pk)
        if app.employer is not None:
            by_employer[app.employer.name].add(app.pk)
        by_person[app.applicant_id].add(app.pk)
    declared: dict[int, list[Conflict]] = defaultdict(list)
    for c in Conflict.objects.filter(expert__in=experts):
        declared[c.expert_id].append(c)
    out: set[tuple[int, int]] = set()
    for expert in experts:
        hit = set(by_person.get(expert.user_id, ()))
        if expert.employer_id:
            hit |= by_employer.get(expert.employer_id, set())
        if expert.employer_name:
            hit |= by_employer.get(expert.employer_name, set())
        for c in declared[expert.pk]:
            if c.person_id:
                hit |= by_person.get(c.person_id, set())
            if c.organisation_id:
                hit |= by_employer.get(c.organisation_id, set())
        out.update((pk, expert.pk) for pk in hit)
    return out
