from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from zhicheng.core.admin_audit import AuditedAdmin
from zhicheng.identity.idnumber import normalise

from .models import User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ("-date_joined",)
    list_display = ("name", "masked_mobile", "masked_id", "employer", "is_active", "is_staff")
    search_fields = ("name",)  # and the exact mobile or ID number: see get_search_results
    list_filter = ("is_active", "is_staff", "id_type")
    fieldsets = (
        (None, {"fields": ("mobile", "password")}),
        ("实名信息", {"fields": ("name", "sex", "id_type", "id_number", "birth_date", "email",
                             "employer")}),
        ("权限", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("mobile", "name", "password1", "password2")}),)
    readonly_fields = ("date_joined",)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[User],
                           search_term: str) -> tuple[QuerySet[User], bool]:
        """Names by substring; a mobile or ID number only whole (they are stored encrypted)."""
        found, may_duplicate = super().get_search_results(request, queryset, search_term)
        term = normalise(search_term.strip())
        if term:
            exact = queryset.model.objects.by_mobile(term) | \
                queryset.model.objects.by_id_number(term)
            found = found | queryset.filter(pk__in=exact.values("pk"))
        return found, may_duplicate
