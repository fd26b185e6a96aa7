"""What a sign-in writes: the session once, under a new key (the old one deleted: no
session fixation), the lock-out counters read in one query and cleared only when there is
something to clear. Both session stores (core/sessions/) behave alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from zhicheng.accounts.models import LoginFailure
from zhicheng.core.sessions import cached_db

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
STORES = ["zhicheng.core.sessions.db", "zhicheng.core.sessions.cached_db"]


def _sign_in(client: Client, user: Any, password: str = factories.PASSWORD) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(LOGIN, {"identifier": user.mobile, "password": password})
    assert response.status_code == (302 if password == factories.PASSWORD else 200)
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("engine", STORES)
def test_a_sign_in_writes_its_session_once_under_a_new_key(engine: str) -> None:
    with override_settings(SESSION_ENGINE=engine):
        client = Client()
        user = factories.make_user()
        session = client.session
        session["seen"] = "before sign-in"
        session.save()
        before = session.session_key
        sql = _sign_in(client, user)
        session_sql = [s for s in sql if "django_session" in s]
        writes = [s.split()[0] for s in session_sql if not s.startswith("SELECT")]
        assert writes == ["DELETE", "INSERT"]
        assert not [s for s in session_sql if 'AS "a"' in s]  # no "is this key taken?"
        after = client.cookies["sessionid"].value
        assert after != before
        assert not Session.objects.filter(session_key=before).exists()
        data = Session.objects.get(session_key=after).get_decoded()
        assert data["_auth_user_id"] == str(user.pk) and data["seen"] == "before sign-in"
        assert client.get(reverse("core:dashboard")).status_code == 200


def test_a_first_sign_in_inserts_the_session_and_asks_nothing_first() -> None:
    client = Client()
    sql = _sign_in(client, factories.make_user())
    assert [s.split()[0] for s in sql if "django_session" in s] == ["INSERT"]


def test_the_counters_are_read_once_and_not_cleared_when_empty() -> None:
    client, user = Client(), factories.make_user()
    sql = _sign_in(client, user)
    failures = [s for s in sql if "accounts_loginfailure" in s]
    assert len(failures) == 1 and failures[0].startswith("SELECT")


def test_a_sign_in_after_failures_clears_them() -> None:
    client, user = Client(), factories.make_user()
    _sign_in(client, user, "Wrong-Password-1")
    assert LoginFailure.objects.count() == 1
    sql = _sign_in(client, user)
    assert any(s.startswith("DELETE") and "accounts_loginfailure" in s for s in sql)
    assert LoginFailure.objects.count() == 0


def test_the_cached_store_serves_the_cycled_session_from_the_cache() -> None:
    cache.clear()
    store = cached_db.SessionStore()
    store["a"] = 1
    store.save()
    old = store.session_key
    store.cycle_key()
    assert store.session_key is None and store["a"] == 1
    store.save()
    assert store.session_key not in (None, old)
    assert not cached_db.SessionStore().exists(old)
    Session.objects.filter(session_key=store.session_key).delete()  # the cache still has it
    assert cached_db.SessionStore(session_key=store.session_key)["a"] == 1
