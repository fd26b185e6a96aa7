from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from zhicheng.notifications.domain import notify, unread_count
from zhicheng.notifications.models import Message

pytestmark = pytest.mark.django_db
INBOX = reverse("notifications:inbox")


def _passed(user: Any, plan: str, channels: tuple[str, ...] = ("site",)) -> Message:
    return notify(user, "passed", {"plan": plan, "url": "/applications/"}, channels=channels)[0]


def test_inbox_needs_sign_in_and_a_view_guard(client: Client) -> None:
    from zhicheng.notifications import views

    response = client.get(INBOX)
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert views.inbox.access == "signed_in"  # type: ignore[attr-defined]
    assert views.read.access == views.read_all.access == "signed_in"  # type: ignore[attr-defined]


def test_inbox_shows_only_own_site_messages(client: Client) -> None:
    me, other = make_user(), make_user()
    _passed(me, "我的甲计划")
    _passed(me, "我的乙计划", channels=("site", "sms"))
    theirs = _passed(other, "别人的计划")
    client.force_login(me)

    html = client.get(INBOX).content.decode()

    assert "我的甲计划" in html and "我的乙计划" in html
    assert "别人的计划" not in html
    assert html.count("单位审核通过（我的乙计划）") == 1  # the SMS row is not in the inbox
    assert html.index("我的乙计划") < html.index("我的甲计划")  # newest first
    assert "2 条未读" in html

    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_one_and_all(client: Client) -> None:
    me, other = make_user(), make_user()
    first = _passed(me, "甲")
    _passed(me, "乙")
    theirs = _passed(other, "丙")
    client.force_login(me)
    url = reverse("notifications:read", args=[first.pk])

    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == INBOX
    first.refresh_from_db()
    assert first.read_at is not None
    assert unread_count(me) == 1
    assert "1 条未读" in client.get(INBOX).content.decode()

    response = client.post(url, {"next": "https://evil.example.com/"})
    assert response["Location"] == INBOX
    assert client.post(url, {"next": "/applications/"})["Location"] == "/applications/"

    client.post(reverse("notifications:read_all"))
    assert unread_count(me) == 0
    assert unread_count(other) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
    html = client.get(INBOX).content.decode()
    assert "未读" not in html


def test_unread_count_in_templates_is_one_query(rf: Any, django_assert_num_queries: Any) -> None:
    me = make_user()
    for i in range(3):
        _passed(me, f"计划{i}")
    Message.objects.filter(recipient=me, subject__contains="计划0").update(
        read_at=timezone.now())
    assert unread_count(me) == 2
    request = rf.get("/")
    request.user = me
    tpl = engines["jinja2"].from_string(
        "{% set n = unread_count() %}消息（{{ n }}）{{ unread_count() }}")
    with django_assert_num_queries(1):
        assert tpl.render({"request": request}) == "消息（2）2"
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert engines["jinja2"].from_string("{{ unread_count() }}").render(
            {"request": request}) == "0"


def test_header_links_to_the_inbox(client: Client) -> None:
    client.force_login(make_user())
    assert f'href="{INBOX}"' in client.get(reverse("core:dashboard")).content.decode()


def test_inbox_pages_by_thirty(client: Client) -> None:
    me = make_user()
    for i in range(31):
        _passed(me, f"第{i:02d}号计划")
    client.force_login(me)
    first = client.get(INBOX).content.decode()
    assert "第30号计划" in first and "第00号计划" not in first
    assert "第 1 / 2 页" in first
    second = client.get(INBOX, {"page": 2}).content.decode()
    assert "第00号计划" in second and "第30号计划" not in second
