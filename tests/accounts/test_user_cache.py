"""The signed-in user's row comes from the cache after the first request, and a change to
the row is seen by the very next request (the tests commit, as a server does)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from zhicheng.accounts.backends import IdentifierBackend, user_scope
from zhicheng.accounts.models import User
from zhicheng.core import cached

pytestmark = pytest.mark.django_db(transaction=True)
DASHBOARD = reverse("core:dashboard")
BACKEND = "zhicheng.accounts.backends.IdentifierBackend"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _get(client: Client, user: User) -> tuple[int, int]:
    """The dashboard's status and how many times it read the user's row."""
    own_row = re.compile(rf'FROM "accounts_user" (LEFT OUTER JOIN .* )?'
                         rf'WHERE "accounts_user"\."id" = {user.pk}\b')
    with CaptureQueriesContext(connection) as queries:
        status = client.get(DASHBOARD).status_code
    return status, sum(bool(own_row.search(q["sql"])) for q in queries.captured_queries)


def signed_in(client: Client) -> User:
    user = factories.make_user()
    client.force_login(user, backend=BACKEND)
    return user


def test_the_row_is_read_once_then_served_from_the_cache(client: Client) -> None:
    user = signed_in(client)
    assert _get(client, user) == (200, 1)
    assert _get(client, user) == (200, 0)
    assert _get(client, user) == (200, 0)


def test_a_deactivated_account_is_signed_out_on_the_next_request(client: Client) -> None:
    user = signed_in(client)
    assert _get(client, user)[0] == 200
    user.is_active = False
    user.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_new_password_ends_other_sessions_at_once(client: Client) -> None:
    user = signed_in(client)
    assert _get(client, user)[0] == 200
    user.set_password("Another@Password2026")
    user.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_changed_name_shows_on_the_next_page(client: Client) -> None:
    user = signed_in(client)
    assert _get(client, user) == (200, 1)
    user.name = "改名后的姓名"
    user.save()
    assert "改名后的姓名" in client.get(DASHBOARD).content.decode()


def test_the_unit_comes_with_the_row_and_its_new_name_shows_on_the_next_page(
        client: Client) -> None:
    employer = factories.make_employer(name="甲单位")
    user = factories.make_user(employer=employer)
    client.force_login(user, backend=BACKEND)
    org_row = re.compile(r'FROM "orgs_organisation" WHERE "orgs_organisation"\."id" = ')
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert "甲单位" in client.get(DASHBOARD).content.decode()
        assert not any(org_row.search(q["sql"]) for q in queries.captured_queries)
    employer.name = "乙单位"
    employer.save()
    page = client.get(DASHBOARD).content.decode()
    assert "乙单位" in page and "甲单位" not in page


def test_a_deleted_account_is_not_served_from_the_cache() -> None:
    user = factories.make_user()
    backend = IdentifierBackend()
    assert backend.get_user(user.pk) == user
    assert cache.get(cached.value_key(user_scope(user.pk), "row")) is not None
    user.delete()
    assert backend.get_user(user.pk) is None


def test_a_malformed_session_id_is_nobody() -> None:
    assert IdentifierBackend().get_user("1 OR 1=1") is None
    assert IdentifierBackend().get_user(None) is None
