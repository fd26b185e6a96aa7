"""A changed or deleted plan, or a renamed committee, drops the cached plan lists and this
process's parsed rules of that plan."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zhicheng.core import cached
from zhicheng.orgs.models import Organisation, OrgKind

from . import lookups
from .models import Plan, forget_engine_plan


@receiver([post_save, post_delete], sender=Plan, dispatch_uid="plans.lookups.plan")
def _plan_changed(instance: Plan, **kwargs: Any) -> None:
    forget_engine_plan(instance.pk)
    cached.invalidate([lookups.SCOPE])


@receiver([post_save, post_delete], sender=Organisation, dispatch_uid="plans.lookups.org")
def _committee_changed(instance: Organisation, **kwargs: Any) -> None:
    if instance.kind == OrgKind.COMMITTEE and not kwargs.get("created"):
        cached.invalidate([lookups.SCOPE])  # the lists show the committee's name
