"""`{% load inbox %}{% unread_count as n %}`: the signed-in user's unread site messages."""

from __future__ import annotations

from typing import Any

from django import template

from zhicheng.notifications.domain import unread_count as count_unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context: template.Context) -> int:
    request: Any = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return count_unread(user)
    if not hasattr(request, "_unread_messages"):
        request._unread_messages = count_unread(user)  # one COUNT per request
    return request._unread_messages
