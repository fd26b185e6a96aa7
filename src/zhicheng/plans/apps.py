from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "zhicheng.plans"
    verbose_name = "评审计划"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (drops cached plan lists when a plan changes)
