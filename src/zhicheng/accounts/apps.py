from typing import Any

from django.apps import AppConfig


def _signed_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """Every login() starts the session's clocks: age, activity and password entry."""
    from zhicheng.core.access import mark_signed_in

    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_signed_in, dispatch_uid="zhicheng.session_clocks")
