from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "zhicheng.stats"
    verbose_name = "统计分析"
    default_auto_field = "django.db.models.BigAutoField"
