"""Any change to the office's entries drops the cached calendar."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import service
from .models import CoveredYear, DayOverride


@receiver([post_save, post_delete], sender=DayOverride,
          dispatch_uid="workcalendar.invalidate.override")
@receiver([post_save, post_delete], sender=CoveredYear,
          dispatch_uid="workcalendar.invalidate.year")
def _invalidate(**kwargs: Any) -> None:
    service.invalidate()
