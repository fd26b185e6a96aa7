"""The look-ups every signed-in page makes are read in one round trip before the request
(cached.prefetch): each is served once from what was read, a change made during the request
is never hidden by it, and nothing read for one request is left for the next."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.core import cached
from zhicheng.core.middleware import every_page
from zhicheng.notifications.domain import unread_count

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _clean() -> None:
    cache.clear()
    cached.forget_prefetched()


def test_a_prefetched_value_is_served_once_then_the_cache_is_asked_again() -> None:
    assert cached.get("scope-a", "k", lambda: "first") == "first"
    cached.prefetch([("scope-a", "k")])
    # another process stores a newer value under the same generation after the prefetch
    generation = cache.get("zc-gen:scope-a")
    cache.set(cached.value_key("scope-a", "k"), (generation, "newer"))
    assert cached.get("scope-a", "k", lambda: "loaded") == "first"  # what was read
    assert cached.get("scope-a", "k", lambda: "loaded") == "newer"  # the cache again


def test_a_change_during_the_request_is_not_hidden_by_the_prefetch() -> None:
    assert cached.get("scope-b", "k", lambda: "old") == "old"
    cached.prefetch([("scope-b", "k")])
    cached.invalidate(["scope-b"])
    assert cached.get("scope-b", "k", lambda: "reloaded") == "reloaded"


def test_a_missing_value_is_loaded_and_stored() -> None:
    cached.prefetch([("scope-c", "k")])
    assert cached.get("scope-c", "k", lambda: 42) == 42
    assert cached.get("scope-c", "k", lambda: 0) == 42


def test_forgotten_after_the_request() -> None:
    assert cached.get("scope-d", "k", lambda: "x") == "x"
    cached.prefetch([("scope-d", "k")])
    cached.forget_prefetched()
    generation = cache.get("zc-gen:scope-d")
    cache.set(cached.value_key("scope-d", "k"), (generation, "y"))
    assert cached.get("scope-d", "k", lambda: "z") == "y"


def test_pages_of_a_signed_in_user_get_the_user_roles_and_unread_count() -> None:
    user = factories.make_user()
    client = Client()
    client.force_login(user, backend="zhicheng.accounts.backends.IdentifierBackend")
    assert client.get(reverse("core:dashboard")).status_code == 200
    keys = [k for scope, key in every_page(user.pk)
            for k in (f"zc-gen:{scope}", cached.value_key(scope, key))]
    assert all(k in cache.get_many(keys) for k in keys)  # all three were stored
    assert unread_count(user) == 0
    # the request left nothing prefetched behind
    assert not getattr(cached._prefetched, "values", None)


CACHED_DB = "zhicheng.core.sessions.cached_db"
BACKEND = "zhicheng.accounts.backends.IdentifierBackend"


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """The keys each cache read of the request asks for, in order."""
    from django.core.cache import caches

    backend = caches["default"]
    calls: list[tuple[str, list[str]]] = []
    get, get_many = backend.get, backend.get_many
    inside = []  # the local-memory cache's get_many calls its get for each key

    def one(key: str, *args: object, **kwargs: object) -> object:
        if not inside:
            calls.append(("get", [key]))
        return get(key, *args, **kwargs)

    def many(keys: list[str], *args: object, **kwargs: object) -> object:
        calls.append(("get_many", list(keys)))
        inside.append(1)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(backend, "get", one)
    monkeypatch.setattr(backend, "get_many", many)
    return calls


def test_the_session_is_read_with_the_pages_look_ups(settings: object,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    settings.SESSION_ENGINE = CACHED_DB  # type: ignore[attr-defined]
    user = factories.make_user()
    client = Client()
    client.force_login(user, backend=BACKEND)
    first = client.get(reverse("core:dashboard"))
    assert first.status_code == 200 and first.cookies["zc_uid"].value == str(user.pk)
    session_key = "django.contrib.sessions.cached_db" + client.session.session_key
    calls = _reads(monkeypatch)
    second = client.get(reverse("core:dashboard"))
    assert second.status_code == 200 and user.name in second.content.decode()
    kind, keys = calls[0]
    assert kind == "get_many" and session_key in keys
    assert {k for scope, key in every_page(user.pk)
            for k in (f"zc-gen:{scope}", cached.value_key(scope, key))} <= set(keys)
    assert session_key not in {k for _, ks in calls[1:] for k in ks}  # read once
    assert "zc_uid" not in second.cookies  # already right: not sent again


def test_a_wrong_hint_serves_nothing_of_the_other_account(settings: object) -> None:
    settings.SESSION_ENGINE = CACHED_DB  # type: ignore[attr-defined]
    user, other = factories.make_user(name="本人"), factories.make_user(name="他人")
    Client().force_login(other, backend=BACKEND)
    client = Client()
    client.force_login(user, backend=BACKEND)
    for browser in (Client(), client):  # the other's cached rows exist
        browser.force_login(other, backend=BACKEND)
        browser.get(reverse("core:dashboard"))
    client.force_login(user, backend=BACKEND)
    client.cookies["zc_uid"] = str(other.pk)
    page = client.get(reverse("core:dashboard"))
    assert "本人" in page.content.decode() and "他人" not in page.content.decode()
    assert page.cookies["zc_uid"].value == str(user.pk)


def test_signing_out_drops_the_hint(settings: object) -> None:
    settings.SESSION_ENGINE = CACHED_DB  # type: ignore[attr-defined]
    user = factories.make_user()
    client = Client()
    client.force_login(user, backend=BACKEND)
    client.get(reverse("core:dashboard"))
    out = client.post(reverse("accounts:logout"))
    assert out.cookies["zc_uid"]["max-age"] == 0
