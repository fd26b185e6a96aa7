"""Background work of the review desks, through Django's tasks API."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from . import exports, reminders


@task()
def build_export(export_id: int) -> str:
    return exports.build(export_id)


@task()
def posting_ends(day: str) -> int:
    """Tell units whose postings may be closed from `day` (ISO date) that they can act."""
    return reminders.postings_ending(date.fromisoformat(day))
