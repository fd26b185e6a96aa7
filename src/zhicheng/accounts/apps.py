from typing import Any

from django.apps import AppConfig


def _signed_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """Every login() starts the session's clocks: age, activity and password entry."""
    from zhicheng.core.access import mark_signed_in

    if request is not None and hasattr(request, "session"):
        mark_signed_in(request)


def _user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from zhicheng.core import cached

    from .backends import user_scope

    cached.invalidate([user_scope(instance.pk)])


class AccountsConfig(AppConfig):
    name = "zhicheng.accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from .models import User

        user_logged_in.connect(_signed_in, dispatch_uid="zhicheng.session_clocks")
        post_save.connect(_user_changed, sender=User, dispatch_uid="zhicheng.user_cache")
        post_delete.connect(_user_changed, sender=User, dispatch_uid="zhicheng.user_cache")
