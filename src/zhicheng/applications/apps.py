from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "zhicheng.applications"
    verbose_name = "职称申报"
    default_auto_field = "django.db.models.BigAutoField"
