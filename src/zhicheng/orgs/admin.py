from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from zhicheng.core.admin_audit import AuditedAdmin

from .models import Organisation, Role, RoleGrant


def office_committee_ids(user: Any) -> list[int]:
    """Committees whose office the user runs: the admin shows an office only their data."""
    return list(RoleGrant.objects.active()
                .filter(user=user, role=Role.COMMITTEE_OFFICE)
                .values_list("organisation_id", flat=True))


def organisations_of_offices(user: Any) -> QuerySet[Organisation]:
    ids = office_committee_ids(user)
    return Organisation.objects.filter(Q(pk__in=ids) | Q(parent__in=ids)
                                       | Q(parent__parent__in=ids))


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "kind", "status", "region", "parent", "created_at")
    list_filter = ("kind", "status", "ownership")
    search_fields = ("name", "credit_code", "region")
    raw_id_fields = ("parent", "reviewed_by")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=organisations_of_offices(request.user).values("pk"))


@admin.register(RoleGrant)
class RoleGrantAdmin(AuditedAdmin):
    list_display = ("user", "role", "organisation", "created_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__name", "organisation__name")
    raw_id_fields = ("user", "organisation", "granted_by")

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoleGrant]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(organisation__in=organisations_of_offices(request.user).values("pk"))
