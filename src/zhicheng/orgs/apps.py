from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "zhicheng.orgs"
    verbose_name = "机构与角色"

    def ready(self) -> None:
        from . import predicates  # noqa: F401  (registers the rules)
