"""Every change to the archive goes through here: version check, re-verification, audit."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhicheng.audit.domain import Who, record

from . import signals
from .models import Entry, Verifiable, Verification


class StaleEdit(Exception):
    """The record was changed elsewhere (another tab) since this form was opened."""


def save_entry(who: Who, entry: Entry, seen_version: int | None) -> Entry:
    """Create or update one row; an update must come from the version the editor saw."""
    with transaction.atomic():
        is_new = entry.pk is None
        before = None
        if not is_new:
            current = type(entry).objects.select_for_update().get(pk=entry.pk)
            if seen_version is not None and current.version != seen_version:
                raise StaleEdit
            before = current.audit_data()
            entry.version = current.version + 1
            if isinstance(entry, Verifiable) and current.verification != (
                    Verification.UNVERIFIED):
                entry.verification = Verification.UNVERIFIED
                entry.verified_by = None
                entry.verified_at = None
                entry.verification_note = ""
        entry.updated_at = timezone.now()
        entry.save()
        record(who, entry, "archive.add" if is_new else "archive.edit",
               before=before, after=entry.audit_data())
    return entry


def delete_entry(who: Who, entry: Entry) -> None:
    with transaction.atomic():
        before = entry.audit_data()
        record(who, entry, "archive.delete", before=before)
        entry.delete()


def verify_entry(who: Who, entry: Verifiable, approve: bool, note: str = "",
                 seen_version: int | None = None) -> None:
    """The employer unit confirms (or returns) an achievement or a title."""
    with transaction.atomic():
        updated = type(entry).objects.filter(
            pk=entry.pk, **({"version": seen_version} if seen_version is not None else {})
        ).update(verification=Verification.VERIFIED if approve else Verification.REJECTED,
                 verified_by=who.acting_for, verified_at=timezone.now(),
                 verification_note=note[:500], version=F("version") + 1)
        if not updated:
            raise StaleEdit
        signals.changed(entry.owner_id)  # a queryset update sends no signal
        entry.refresh_from_db()
        record(who, entry, "archive.verify" if approve else "archive.return",
               after={"verification": entry.verification}, reason=note)
