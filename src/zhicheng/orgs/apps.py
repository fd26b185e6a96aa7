from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhicheng.orgs"
    verbose_name = "机构与角色"

    def ready(self) -> None:
        # the rules, and the signals that drop cached roles when a grant changes
        from . import predicates, signals  # noqa: F401
