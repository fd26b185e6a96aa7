"""The calendar in force (chinese_calendar plus the office's entries), and audited changes."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from zhicheng import workdays
from zhicheng.audit.domain import Who, record
from zhicheng.core import cached

from .models import CoveredYear, DayOverride

SCOPE = "workcalendar"
CACHE_KEY = cached.value_key(SCOPE, "calendar")
CACHE_SECONDS = 3600  # bounds staleness should a change ever slip past the signals


def _load() -> workdays.Calendar:
    return workdays.Calendar(
        dict(DayOverride.objects.values_list("day", "workday")),
        frozenset(CoveredYear.objects.values_list("year", flat=True)),
    )


def current() -> workdays.Calendar:
    return cached.get(SCOPE, "calendar", _load, CACHE_SECONDS)


def invalidate() -> None:
    # For every process: now, and again once the change is committed (core/cached.py); the
    # changing transaction itself reads the rows until then.
    cached.invalidate([SCOPE])


def set_override(who: Who, day: date, workday: bool, note: str = "") -> DayOverride:
    with transaction.atomic():
        row = DayOverride.objects.select_for_update().filter(day=day).first()
        before = row.audit_data() if row else None
        if row is None:
            row = DayOverride(day=day, created_by=who.actor)
        row.workday, row.note = workday, note
        row.save()
        record(who, row, "workcalendar.override.save", before=before, after=row.audit_data())
    return row


def remove_override(who: Who, day: date) -> bool:
    """Delete the day's entry; False when there was none."""
    with transaction.atomic():
        row = DayOverride.objects.select_for_update().filter(day=day).first()
        if row is None:
            return False
        record(who, row, "workcalendar.override.delete", before=row.audit_data())
        row.delete()
    return True


def cover_year(who: Who, year: int, note: str = "") -> CoveredYear:
    with transaction.atomic():
        row = CoveredYear.objects.select_for_update().filter(year=year).first()
        before = row.audit_data() if row else None
        if row is None:
            row = CoveredYear(year=year, created_by=who.actor)
        row.note = note
        row.save()
        record(who, row, "workcalendar.year.cover", before=before, after=row.audit_data())
    return row


def uncover_year(who: Who, year: int) -> bool:
    """Withdraw the declaration that a year is entered completely; False when there was none."""
    with transaction.atomic():
        row = CoveredYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            return False
        record(who, row, "workcalendar.year.uncover", before=row.audit_data())
        row.delete()
    return True
