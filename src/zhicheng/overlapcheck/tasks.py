"""Fingerprinting and checking run in the background."""

from __future__ import annotations

from django_tasks import task

from . import domain
from .models import Material


@task()
def fingerprint_application(app_id: int) -> int:
    return domain.fingerprint_application(app_id)


@task()
def check_material(material_id: int) -> float:
    """Kept for checks queued before the office's checks became jobs (overlapcheck.jobs)."""
    return domain.check(Material.objects.get(pk=material_id)).overlap_ratio
