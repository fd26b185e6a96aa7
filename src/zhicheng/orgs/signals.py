"""A change to a grant, or to an organisation grants are for, drops the cached roles of the
people concerned (orgs.acting.available); a change to a unit drops the cached rows of the
people who work there (accounts.backends)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zhicheng.core import cached

from .acting import roles_scope
from .models import Organisation, RoleGrant


@receiver([post_save, post_delete], sender=RoleGrant, dispatch_uid="orgs.roles.grant")
def _grant_changed(instance: RoleGrant, **kwargs: Any) -> None:
    cached.invalidate([roles_scope(instance.user_id)])


@receiver([post_save, post_delete], sender=Organisation, dispatch_uid="orgs.roles.org")
def _organisation_changed(instance: Organisation, **kwargs: Any) -> None:
    if kwargs.get("created"):
        return  # nobody holds a grant for it yet
    from zhicheng.accounts.backends import user_scope
    from zhicheng.accounts.models import User

    # the cached roles hold the organisation row itself (its name, status, parent), and a
    # signed-in user's cached row holds their unit's
    holders = (RoleGrant.objects.filter(organisation_id=instance.pk)
               .values_list("user_id", flat=True).distinct())
    staff = User.objects.filter(employer_id=instance.pk).values_list("pk", flat=True)
    cached.invalidate([*(roles_scope(user_id) for user_id in holders),
                       *(user_scope(user_id) for user_id in staff)])
