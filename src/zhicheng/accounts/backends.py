"""Sign-in by mobile number or ID number with one password, with lock-out (lockout.py)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zhicheng.core import cached
from zhicheng.core.prepared import Prepared
from zhicheng.identity.idnumber import normalise

from . import lockout
from .models import User

MOBILE_RE = re.compile(r"1\d{10}")


# sign-in's reads, compiled once (core/prepared.py): the account by the keyed hash of its
# mobile or ID number, and a signed-in user's row with their unit when the cache has none
_BY_MOBILE: Prepared[User] = Prepared(
    lambda digest: User.objects.filter(mobile_digest=digest), str, first=True)
_BY_ID_NUMBER: Prepared[User] = Prepared(
    lambda digest: User.objects.filter(id_number_digest=digest).order_by("pk"), str, first=True)
_ROW: Prepared[User] = Prepared(
    lambda pk: User._default_manager.filter(pk=pk).select_related("employer"), int, first=True)


def find_user(identifier: str) -> User | None:
    ident = normalise(identifier or "")
    if not ident:
        return None
    if MOBILE_RE.fullmatch(ident):
        return _BY_MOBILE.first(User.mobile_digest_of(ident))
    return _BY_ID_NUMBER.first(User.id_number_digest_of(ident))


def request_ip(request: HttpRequest | None) -> str | None:
    from zhicheng.audit.domain import client_ip

    return client_ip(request) if request is not None else None


def user_scope(user_id: int) -> str:
    """The cache scope of one user's row (accounts/apps.py drops it when the row changes)."""
    return f"user:{user_id}"


class IdentifierBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        """The signed-in user of a session, from the cache: one query less per request.
        Every save or deletion of the row drops it (a queryset update() would not: none
        exists for users), and the session's password hash is still checked against it.
        The unit's row comes with it (the wizard and the dashboard read it); a change to
        the unit drops its people's copies (orgs/signals.py)."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = cached.get(user_scope(pk), "row", lambda: _ROW.first(pk))
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> User | None:
        identifier = username or kwargs.get("identifier") or ""
        user = find_user(identifier)
        key = lockout.key_for(identifier, user)
        ip = request_ip(request)
        refused, failures = lockout.check(key, ip)
        if refused is not None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user is None:
            User().set_password(password)
            lockout.failed(key, ip)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if failures:
                lockout.succeeded(key)
            return user
        lockout.failed(key, ip, user)
        return None
