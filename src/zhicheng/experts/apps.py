from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "zhicheng.experts"
    verbose_name = "评审专家"
    default_auto_field = "django.db.models.BigAutoField"
