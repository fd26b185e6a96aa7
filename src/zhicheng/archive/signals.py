"""A change to any row of a person's archive drops their cached profile sections
(archive.profile.archive_sections). Saves and deletes come through these signals; the
writes that send none (a verification's queryset update, the bulk imports) call
`changed` themselves."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from zhicheng.core import cached


def scope(user_id: int) -> str:
    return f"archive:{user_id}"


def changed(user_id: int) -> None:
    cached.invalidate([scope(user_id)])


def _entry_changed(instance: Any, **kwargs: Any) -> None:
    changed(instance.owner_id)


def connect() -> None:
    from .models import Entry

    for model in apps.get_app_config("archive").get_models():
        if issubclass(model, Entry):
            for signal in (post_save, post_delete):
                signal.connect(_entry_changed, sender=model,
                               dispatch_uid=f"archive.profile.{model.__name__}")
