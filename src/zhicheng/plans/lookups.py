"""The plan lists nearly every page shows (the home page's open plans, a committee's plans),
cached until a plan or a committee changes (plans/signals.py)."""

from __future__ import annotations

from zhicheng.core import cached

from .models import Plan, PlanStatus

SCOPE = "plans"


def open_plans() -> list[Plan]:
    """Plans open for applications, newest year first, with their committee."""
    return list(cached.get(SCOPE, "open", lambda: list(
        Plan.objects.filter(status=PlanStatus.OPEN).select_related("committee")
        .order_by("-year", "key"))))


def plan(pk: int) -> Plan:
    """One plan by id (its file left out, as every plan query does)."""
    return cached.get(SCOPE, f"plan:{pk}", lambda: Plan.objects.get(pk=pk))


def committee_plans(committee_id: int, order: tuple[str, ...] = ("-year", "key")
                    ) -> list[Plan]:
    """Every plan of a committee, drafts included, in `order`."""
    return list(cached.get(SCOPE, f"committee:{committee_id}:{','.join(order)}", lambda: list(
        Plan.objects.filter(committee_id=committee_id).order_by(*order))))
