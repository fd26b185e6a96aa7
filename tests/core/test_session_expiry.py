"""Signed out after 30 minutes without activity, and 8 hours after sign-in in any case."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.core.access import LOGIN_AT, SEEN_AT

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("core:dashboard")


def signed_in(client: Client) -> None:
    client.force_login(factories.make_user())


def set_clock(client: Client, key: str, seconds_ago: int) -> None:
    session = client.session
    session[key] = int(time.time()) - seconds_ago
    session.save()


def test_the_settings() -> None:
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_activity_within_thirty_minutes_keeps_the_session(client: Client) -> None:
    signed_in(client)
    set_clock(client, SEEN_AT, 29 * 60)
    assert client.get(DASHBOARD).status_code == 200
    assert time.time() - client.session[SEEN_AT] < 5  # the activity was written back


def test_thirty_minutes_idle_signs_out_and_says_why(client: Client) -> None:
    signed_in(client)
    set_clock(client, SEEN_AT, 31 * 60)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fdashboard%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "超过 30 分钟未操作" in page
    assert client.get(DASHBOARD).status_code == 302  # still signed out


def test_eight_hours_after_sign_in_end_the_session_despite_activity(client: Client) -> None:
    signed_in(client)
    set_clock(client, LOGIN_AT, 8 * 3600 + 1)
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert "登录已超过有效时间" in client.get(response["Location"]).content.decode()


def test_an_idle_form_post_is_not_carried_out(client: Client) -> None:
    signed_in(client)
    set_clock(client, SEEN_AT, 31 * 60)
    response = client.post(reverse("orgs:my_employer"), {"employer": ""})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_the_session_cookie_ends_with_the_browser(client: Client) -> None:
    user = factories.make_user()
    response = client.post(reverse("accounts:login"), {"identifier": user.mobile,
                                                       "password": factories.PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
