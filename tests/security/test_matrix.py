"""The authorisation matrix (issue 8): every URL pattern × every role × read and write.

The rows are in matrix.py; a URL pattern without a row, or a row for a pattern that no longer
exists, fails `test_every_url_has_a_row` / `test_every_row_names_a_url`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import matrix
from .actors import ACTS_AS, ANONYMOUS, ROLES, World
from .matrix import (
    ADMIN_INDEX,
    ADMIN_LOGIN,
    CONFIRM,
    FORBIDDEN,
    GET,
    LOGIN,
    NOT_FOUND,
    OK,
    POST,
    UNAUTHORISED,
    Row,
)

pytestmark = pytest.mark.django_db


# ---- the URL patterns -----------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    key: str  # namespaced name, or the full route of an unnamed pattern
    route: str
    callback: Any


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Pattern]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, route, ns)
        elif isinstance(entry, URLPattern):
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route
            yield Pattern(key, route, entry.callback)


def patterns() -> list[Pattern]:
    return list(_walk(get_resolver()))


def test_every_url_has_a_row() -> None:
    missing = [p for p in patterns() if p.key not in matrix.BY_KEY]
    assert not missing, (
        "URL patterns without a row in the authorisation matrix: "
        + ", ".join(f"{p.key!r} (/{p.route})" for p in missing)
        + ". Add a Row for each to tests/security/matrix.py (see the comment at its top) "
        "saying which roles may read and write it.")


def test_every_row_names_a_url() -> None:
    keys = {p.key for p in patterns()}
    stale = [key for key in matrix.BY_KEY if key not in keys]
    assert not stale, (f"rows for URL patterns that no longer exist: {stale}; remove them "
                       "from tests/security/matrix.py (or fix the name)")


def test_pattern_keys_are_unique() -> None:
    seen: dict[str, str] = {}
    for p in patterns():
        assert p.key not in seen, f"{p.key!r} names two patterns: {seen[p.key]}, {p.route}"
        seen[p.key] = p.route


# ---- every view states who may use it ------------------------------------------------------

# Views that are not ours: their own access rules are tested through the matrix rows.
FOREIGN_VIEWS = ("django.", "ninja.")


def _chain(callback: Any) -> Iterator[Any]:
    seen = 0
    while callback is not None and seen < 20:
        yield callback
        callback = getattr(callback, "__wrapped__", None)
        seen += 1


def access_of(callback: Any) -> Any:
    for fn in _chain(callback):
        if hasattr(fn, "access"):
            return fn.access
    return None


def recent_auth_of(callback: Any) -> int | None:
    for fn in _chain(callback):
        if hasattr(fn, "recent_auth"):
            return fn.recent_auth
    return None


def _module(callback: Any) -> str:
    """Where the view comes from: the admin's views (whatever ModelAdmin they belong to) count
    as Django's, django-ninja's operations and documents as ninja's."""
    from django.contrib.admin import AdminSite, ModelAdmin

    chain = list(_chain(callback))
    if any(getattr(fn, "admin_site", None) is not None
           or isinstance(getattr(fn, "__self__", None), AdminSite | ModelAdmin) for fn in chain):
        return "django.contrib.admin"
    last = chain[-1]
    last = getattr(last, "func", last)  # functools.partial
    owner = getattr(last, "view_class", None)
    return getattr(owner or last, "__module__", "") or ""


def test_every_view_of_ours_carries_an_access_decorator() -> None:
    bare = [p.key for p in patterns()
            if not _module(p.callback).startswith(FOREIGN_VIEWS) and access_of(p.callback) is None]
    assert not bare, (f"views without @public/@signed_in/@acting_as (zhicheng.core.access): "
                      f"{bare}")


def test_the_rows_agree_with_the_decorators() -> None:
    """A row may not let in a role its view's decorator keeps out: anonymous is sent to the
    login page by @signed_in and @acting_as, and a role @acting_as does not name is refused.
    (The requests prove the rows; this keeps a row from being written looser than the code.)"""
    assert set(ACTS_AS) == set(ROLES)
    problems = []
    for p in patterns():
        row = matrix.BY_KEY.get(p.key)
        access = access_of(p.callback)
        if row is None or row.skip or access is None:
            continue
        for _label, _kwargs, expect in row.cases():
            for role in ROLES:
                got = {row.expected(expect, role, m) for m in row.methods}
                if access == "public":
                    continue
                if role == ANONYMOUS:
                    want = {LOGIN}
                elif isinstance(access, tuple) and ACTS_AS[role] not in access[1]:
                    want = {FORBIDDEN}
                else:
                    continue
                if got != want:
                    problems.append(f"{p.key} {role}: row says {got}, decorator {want}")
    assert not problems, "\n".join(problems)


# ---- the requests ---------------------------------------------------------------------------

def _url(row: Row, kwargs: dict[str, Any], world: World) -> str:
    if row.url is not None:
        return row.url(world)
    if "/" not in row.key:  # a name; unnamed patterns are keyed by their route
        return reverse(row.key, kwargs=kwargs or None)
    route = row.key
    for name, value in kwargs.items():
        route = re.sub(rf"<(?:\w+:)?{name}>", str(value), route)
    assert "<" not in route, f"{row.key}: kwargs {kwargs} leave {route}"
    return "/" + route


def outcome(response: HttpResponse) -> str:
    status = response.status_code
    if status == 401:
        return UNAUTHORISED
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return NOT_FOUND
    if status in (301, 302, 303, 307, 308):
        where = urlsplit(response["Location"]).path
        if where == reverse("accounts:login"):
            return LOGIN
        if where == reverse("admin:login"):
            return ADMIN_LOGIN
        if where == reverse("admin:index"):
            return ADMIN_INDEX
        if where == reverse("accounts:confirm_password"):
            return CONFIRM
    assert status < 500, f"server error {status}"
    return OK


def request(world: World, row: Row, kwargs_of: Any, role: str, method: str) -> HttpResponse:
    kwargs = kwargs_of(world) if kwargs_of else {}
    url = _url(row, kwargs, world)
    client = world.client(role, api=row.api)
    data = row.data(world, role) if row.data else {}
    if method == GET:
        response = client.get(url)
    elif row.api:
        response = client.post(url, data, content_type="application/json")
    else:
        response = client.post(url, data)
    if response.streaming:
        # read it through: the test client's wrapper closes the file without the
        # request_finished signal, which on PostgreSQL would close the connection the
        # module's world lives in
        b"".join(response.streaming_content)
    return response


def _cases() -> Iterator[Any]:
    for row in matrix.ROWS:
        for label, kwargs_of, expect in row.cases():
            name = f"{row.key}[{label}]" if label else row.key
            for method in row.methods:
                for role in ROLES:
                    marks = [pytest.mark.skip(reason=row.skip)] if row.skip else []
                    yield pytest.param(row, kwargs_of, role, method,
                                       row.expected(expect, role, method),
                                       id=f"{name}-{role}-{method}", marks=marks)


CASES = list(_cases())


@pytest.mark.parametrize(("row", "kwargs_of", "role", "method", "expected"), CASES)
def test_matrix(world: World, row: Row, kwargs_of: Any, role: str, method: str,
                expected: str) -> None:
    response = request(world, row, kwargs_of, role, method)
    got = outcome(response)
    where = response.get("Location", "")
    assert got == expected, (
        f"{method} {row.key} as {role}: expected {expected}, got {got} "
        f"({response.status_code}{' → ' + where if where else ''})")


# ---- sensitive views ask for the password again --------------------------------------------

def _recent_auth_cases() -> Iterator[Any]:
    by_key = {p.key: p for p in patterns()}
    for row in matrix.ROWS:
        p = by_key.get(row.key)
        if p is None or row.skip or recent_auth_of(p.callback) is None:
            continue
        _label, kwargs_of, expect = row.cases()[0]
        role = next(r for r in ROLES if expect[r] == OK)
        for method in row.methods:
            yield pytest.param(row, kwargs_of, role, method, id=f"{row.key}-{role}-{method}")


RECENT_AUTH_CASES = list(_recent_auth_cases())


def test_the_recent_password_views_are_found() -> None:
    keys = {case.values[0].key for case in RECENT_AUTH_CASES}
    assert {"accounts:password_change", "reviews:fraud", "experts:run_apply",
            "certificates:office_revoke", "reviews:export_download"} <= keys


@pytest.mark.parametrize(("row", "kwargs_of", "role", "method"), RECENT_AUTH_CASES)
def test_a_stale_password_is_asked_for_again(world: World, row: Row, kwargs_of: Any,
                                             role: str, method: str) -> None:
    """The matrix's sessions typed their password just now (factories.act_as); the same
    session with the password typed 11 minutes ago is sent to confirm it, unless the view
    checks only some methods (`recent_auth(methods=...)`)."""
    from django.contrib.sessions.backends.db import SessionStore

    from zhicheng.core.access import AUTH_AT

    store = SessionStore(session_key=world.sessions[role])
    store[AUTH_AT] -= 11 * 60
    store.save()
    p = next(p for p in patterns() if p.key == row.key)
    checked = _checked_methods(p.callback)
    got = outcome(request(world, row, kwargs_of, role, method))
    assert got == (CONFIRM if checked is None or method in checked else OK)


def _checked_methods(callback: Any) -> tuple[str, ...] | None:
    """The methods recent_auth checks (None: all), read from its closure."""
    for fn in _chain(callback):
        if hasattr(fn, "recent_auth") and fn.__closure__:
            for cell in fn.__closure__:
                value = cell.cell_contents
                if isinstance(value, tuple) and all(isinstance(v, str) for v in value) \
                        and value and set(value) <= {"GET", "POST", "HEAD", "PUT", "DELETE"}:
                    return value
    return None


# ---- views that only take posts refuse GET --------------------------------------------------

def _post_only_cases() -> Iterator[Any]:
    routes = [p.route for p in patterns()]
    shared = {p.key for p in patterns() if routes.count(p.route) > 1}  # GET is another's
    for row in matrix.ROWS:
        if row.methods != matrix.WRITE or row.skip or row.key in shared:
            continue
        _label, kwargs_of, expect = row.cases()[0]
        role = next(r for r in ROLES if expect[r] == OK)
        yield pytest.param(row, kwargs_of, role, id=f"{row.key}-{role}")


@pytest.mark.parametrize(("row", "kwargs_of", "role"), list(_post_only_cases()))
def test_a_view_that_changes_things_refuses_get(world: World, row: Row, kwargs_of: Any,
                                                role: str) -> None:
    response = request(world, row, kwargs_of, role, GET)
    assert response.status_code == 405, f"GET {row.key} as {role}: {response.status_code}"


def test_the_matrix_has_a_case_for_every_role_and_method() -> None:
    for row in matrix.ROWS:
        assert row.methods and set(row.methods) <= {GET, POST}, row.key
        for _label, _kwargs, expect in row.cases():
            assert set(expect) == set(ROLES), f"{row.key}: roles {set(ROLES) ^ set(expect)}"
            assert set(expect.values()) <= set(matrix.OUTCOMES), row.key
        assert row.skip or row.note or any(
            expect[r] == OK for _l, _k, expect in row.cases() for r in ROLES), (
            f"{row.key}: nobody may use it (say why in the row's note)")
    assert len(CASES) > 1000

