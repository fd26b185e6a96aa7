from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "zhicheng.integrity"
    verbose_name = "诚信档案"
    default_auto_field = "django.db.models.BigAutoField"
