from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "zhicheng.plans"
    verbose_name = "评审计划"
