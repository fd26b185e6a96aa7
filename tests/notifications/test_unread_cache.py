"""The unread count in every page's header comes from the cache, and a new site message or
a read one changes it on the next page (also when changed by another process: the
generation is renewed on commit)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_user
from zhicheng.notifications.domain import mark_all_read, notify, unread_count
from zhicheng.notifications.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def _site(user: object) -> None:
    notify(user, "accepted", {"plan": "2026年度评审", "acceptance_no": "ZC-7", "url": "/a/"},
           channels=("site",))


def _count_queries(user: object) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        n = unread_count(user)
    return n, len(ctx.captured_queries)


def test_count_is_served_from_the_cache_until_a_message_changes() -> None:
    user = make_user()
    _site(user)
    assert _count_queries(user) == (1, 1)
    assert _count_queries(user) == (1, 0)  # cached
    _site(user)
    assert _count_queries(user) == (2, 1)
    Message.objects.filter(recipient=user).first().delete()
    assert _count_queries(user)[0] == 1
    mark_all_read(user)  # a queryset update: no signal, invalidated by hand
    assert _count_queries(user) == (0, 1)


def test_reading_a_message_clears_the_header_count(client: Client) -> None:
    user = make_user()
    _site(user)
    client.force_login(user)
    assert "消息（1）" in client.get("/dashboard/").content.decode()
    message = Message.objects.get(recipient=user)
    client.post(f"/notifications/{message.pk}/read/")
    assert "消息（1）" not in client.get("/dashboard/").content.decode()


def test_another_users_message_leaves_the_count_alone() -> None:
    user, other = make_user(), make_user()
    _site(user)
    assert _count_queries(user) == (1, 1)
    _site(other)
    assert _count_queries(user) == (1, 0)
