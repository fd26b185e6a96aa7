from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    verbose_name = "账户"
