from typing import Any

from django.apps import AppConfig


def _record_changed(instance: Any, **kwargs: Any) -> None:
    from zhicheng.core import cached

    from .domain import scope

    cached.invalidate([scope(instance.person_id)])


class IntegrityConfig(AppConfig):
    name = "zhicheng.integrity"
    verbose_name = "诚信档案"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import IntegrityRecord

        post_save.connect(_record_changed, sender=IntegrityRecord,
                          dispatch_uid="integrity.bars.saved")
        post_delete.connect(_record_changed, sender=IntegrityRecord,
                            dispatch_uid="integrity.bars.deleted")
