"""Sign-in by mobile number or ID number with one password, with lock-out (lockout.py)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zhicheng.core import cached
from zhicheng.identity.idnumber import normalise

from . import lockout
from .models import User

MOBILE_RE = re.compile(r"1\d{10}")


def find_user(identifier: str) -> User | None:
    ident = normalise(identifier or "")
    if not ident:
        return None
    if MOBILE_RE.fullmatch(ident):
        return User.objects.by_mobile(ident).first()
    return User.objects.by_id_number(ident).order_by("pk").first()


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
        user = cached.get(user_scope(pk), "row", lambda: User._default_manager.filter(
            pk=pk).select_related("employer").first())
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
