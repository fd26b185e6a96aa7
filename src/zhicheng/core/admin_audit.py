"""Changes made in the Django admin go through the audit trail like any other."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.http import HttpRequest

from zhicheng.audit.domain import Who, record


def _snapshot(obj: models.Model) -> dict[str, Any]:
    data = model_to_dict(obj)
    data.pop("password", None)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, FieldFile):
            out[key] = value.name or ""
        elif not isinstance(value, list | set):
            out[key] = value
    return out


class AuditedAdmin(admin.ModelAdmin):
    # The admin's file widget links to the storage's URL: on S3 a signed link straight to the
    # bucket, past the platform's own download views, their access checks and audit.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any,
                   change: bool) -> None:
        before = None
        if change and obj.pk:
            old = type(obj).objects.filter(pk=obj.pk).first()
            before = _snapshot(old) if old else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(Who.from_request(request), obj, "admin.changed" if change else "admin.added",
                   before=before, after=_snapshot(obj))

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            record(Who.from_request(request), obj, "admin.deleted", before=_snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                record(Who.from_request(request), obj, "admin.deleted", before=_snapshot(obj))
            super().delete_queryset(request, queryset)
