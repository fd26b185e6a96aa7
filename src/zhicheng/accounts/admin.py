from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from zhicheng.core.admin_audit import AuditedAdmin

from .models import User


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ("-date_joined",)
    list_display = ("name", "masked_mobile", "masked_id", "employer", "is_active", "is_staff")
    search_fields = ("name", "mobile")
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
