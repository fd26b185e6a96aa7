"""Who the signed-in person is acting as: a role, and the organisation it acts for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhicheng.core import cached

from .models import Role, RoleGrant

SESSION_KEY = "acting_grant"


@dataclass(frozen=True)
class Acting:
    role: str
    organisation: Any = None
    grant_id: int | None = None

    @property
    def label(self) -> str:
        name = Role(self.role).label
        return f"{name} · {self.organisation}" if self.organisation else name

    @property
    def key(self) -> str:
        return str(self.grant_id) if self.grant_id else Role.APPLICANT


APPLICANT = Acting(Role.APPLICANT)


def roles_scope(user_id: int) -> str:
    """The cache scope of one user's grants (orgs/signals.py drops it on any change)."""
    return f"roles:{user_id}"


def _granted(user_id: int) -> list[Acting]:
    grants = (RoleGrant.objects.active().filter(user_id=user_id)
              .select_related("organisation").order_by("role", "organisation__name"))
    return [Acting(g.role, g.organisation, g.id) for g in grants]


def available(user: Any) -> list[Acting]:
    """Every role the user may act as now: the applicant role plus active grants.

    The grants are read once and cached until a grant of the user, or an organisation it
    is for, changes (a revoked grant is gone on the very next request)."""
    if not user.is_authenticated:
        return []
    roles = list(cached.get(roles_scope(user.pk), "grants", lambda: _granted(user.pk)))
    if user.id_number or not roles:
        roles.insert(0, APPLICANT)
    return roles


def resolve(user: Any, key: str | None) -> Acting | None:
    """The role the session names, if the user still holds it."""
    return choose(available(user), key)


def choose(options: list[Acting], key: str | None) -> Acting | None:
    """The option the session names, else the first one (None for no options)."""
    for option in options:
        if option.key == key:
            return option
    return options[0] if options else None
