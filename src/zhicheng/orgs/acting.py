"""Who the signed-in person is acting as: a role, and the organisation it acts for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def available(user: Any) -> list[Acting]:
    """Every role the user may act as now: the applicant role plus active grants."""
    if not user.is_authenticated:
        return []
    grants = (RoleGrant.objects.active().filter(user=user)
              .select_related("organisation").order_by("role", "organisation__name"))
    roles = [Acting(g.role, g.organisation, g.id) for g in grants]
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
