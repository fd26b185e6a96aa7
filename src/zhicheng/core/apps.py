from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "zhicheng.core"
    verbose_name = "平台"

    def ready(self) -> None:
        from .groups import ensure_office_group

        post_migrate.connect(ensure_office_group, dispatch_uid="zhicheng.office_group")
