from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "zhicheng.archive"
    verbose_name = "个人业绩档案"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .signals import connect

        connect()
