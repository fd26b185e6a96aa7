"""The office enters make-up days and new years here; every change goes through the service,
which writes the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from zhicheng.audit.domain import Who

from . import service
from .models import CoveredYear, DayOverride

WEEKDAYS = "一二三四五六日"


@admin.register(DayOverride)
class DayOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "weekday", "workday", "note", "created_by", "created_at")
    list_filter = ("workday",)
    search_fields = ("note",)
    date_hierarchy = "day"
    fields = ("day", "workday", "note")

    @admin.display(description="星期")
    def weekday(self, obj: DayOverride) -> str:
        return f"星期{WEEKDAYS[obj.day.weekday()]}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("day",) if obj else ()  # another day is another row

    def save_model(self, request: HttpRequest, obj: DayOverride, form: Any,
                   change: bool) -> None:
        row = service.set_override(Who.from_request(request), obj.day, obj.workday, obj.note)
        obj.pk, obj.created_by_id, obj.created_at = row.pk, row.created_by_id, row.created_at

    def delete_model(self, request: HttpRequest, obj: DayOverride) -> None:
        service.remove_override(Who.from_request(request), obj.day)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DayOverride]) -> None:
        with transaction.atomic():
            for obj in queryset:
                service.remove_override(Who.from_request(request), obj.day)


@admin.register(CoveredYear)
class CoveredYearAdmin(admin.ModelAdmin):
    list_display = ("year", "note", "created_by", "created_at")
    fields = ("year", "note")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("year",) if obj else ()

    def save_model(self, request: HttpRequest, obj: CoveredYear, form: Any,
                   change: bool) -> None:
        row = service.cover_year(Who.from_request(request), obj.year, obj.note)
        obj.pk, obj.created_by_id, obj.created_at = row.pk, row.created_by_id, row.created_at

    def delete_model(self, request: HttpRequest, obj: CoveredYear) -> None:
        service.uncover_year(Who.from_request(request), obj.year)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CoveredYear]) -> None:
        with transaction.atomic():
            for obj in queryset:
                service.uncover_year(Who.from_request(request), obj.year)
