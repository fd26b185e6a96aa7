"""Sign-in by mobile number or ID number with one password."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zhicheng.identity.idnumber import normalise

from .models import User

MOBILE_RE = re.compile(r"1\d{10}")


def find_user(identifier: str) -> User | None:
    ident = normalise(identifier or "")
    if not ident:
        return None
    if MOBILE_RE.fullmatch(ident):
        return User.objects.filter(mobile=ident).first()
    return User.objects.filter(id_number=ident).order_by("pk").first()


class IdentifierBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> User | None:
        user = find_user(username or kwargs.get("identifier") or "")
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
