from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "zhicheng.api"
    label = "api"
    verbose_name = "开放接口"
