"""Who may see whose archive rows: filtered in the query, never by hiding links."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from zhicheng.orgs.models import Role


def entries_visible_to(request: HttpRequest, model: type[Model]) -> QuerySet[Model]:
    """The owner's own rows; a unit's operator sees the rows of staff who name the unit,
    while the unit is approved (as every unit page requires: core.access.acting_as)."""
    acting = getattr(request, "acting", None)
    q = Q(owner=request.user)
    org = getattr(acting, "organisation", None)
    if getattr(acting, "role", None) == Role.UNIT_ADMIN and org is not None and org.is_approved:
        q |= Q(owner__employer=org)
    return model.objects.filter(q)
