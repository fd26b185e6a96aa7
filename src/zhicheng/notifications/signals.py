"""A site message saved or deleted drops its recipient's cached unread count."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from zhicheng.core import cached

from .domain import inbox_scope
from .models import Channel, Message


@receiver([post_save, post_delete], sender=Message, dispatch_uid="notifications.inbox")
def _message_changed(instance: Message, **kwargs: Any) -> None:
    if instance.channel == Channel.SITE:
        cached.invalidate([inbox_scope(instance.recipient_id)])
