from django.apps import AppConfig


class OverlapcheckConfig(AppConfig):
    name = "zhicheng.overlapcheck"
    verbose_name = "重合度检查"
    default_auto_field = "django.db.models.BigAutoField"
