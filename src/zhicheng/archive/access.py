"""Who may see whose archive rows: filtered in the query, never by hiding links."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from zhicheng.orgs.models import Role


def entries_visible_to(request: HttpRequest, model: type[Model]) -> QuerySet[Model]:
    """The owner's own rows; a unit's operator sees the rows of staff who name the unit."""
    acting = getattr(request, "acting", None)
    q = Q(owner=request.user)
    if acting is not None and acting.role == Role.UNIT_ADMIN and acting.organisation:
        q |= Q(owner__employer=acting.organisation)
    return model.objects.filter(q)
