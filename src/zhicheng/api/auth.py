"""Who calls: an organisation's token (Bearer), a signed-in person (session), or anyone."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle
from ninja.utils import check_csrf

from zhicheng.audit.domain import Who, client_ip
from zhicheng.orgs.acting import Acting
from zhicheng.orgs.models import Role

from . import tokens
from .errors import ApiError
from .models import ApiToken


@dataclass(frozen=True)
class Caller:
    """The acting role and organisation (None for anyone), and how the caller got here."""

    acting: Acting | None = None
    user: Any = None
    token: ApiToken | None = None
    ip: str | None = None

    @property
    def role(self) -> str | None:
        return self.acting.role if self.acting else None

    @property
    def organisation(self) -> Any:
        return self.acting.organisation if self.acting else None

    def who(self) -> Who:
        """For the audit trail: a token's actions are its creator's, for its organisation."""
        actor = self.token.created_by if self.token else self.user
        return Who(actor=actor, acting_for=self.organisation, role=self.role or "", ip=self.ip)

    def via(self) -> dict[str, str]:
        """What an audit row adds to say the API did it, and with which token."""
        if self.token is None:
            return {"via": "api"}
        return {"via": "api", "token": f"{self.token.name} ({self.token.prefix}…)"}


class BearerToken(HttpBearer):
    """`Authorization: Bearer zc_…`: an organisation's token."""

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found = tokens.find(token.strip())
        if found is None:
            raise ApiError(401, "接口令牌无效")
        if not found.active:
            raise ApiError(401, "接口令牌已撤销")
        if not found.organisation.is_approved:
            raise ApiError(403, "所属机构尚未通过审核")
        return Caller(acting=tokens.acting_of(found), token=found, ip=client_ip(request))


class SessionUser(APIKeyCookie):
    """A signed-in person's session; unsafe methods need the CSRF token as on the pages."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):
            raise HttpError(403, "CSRF")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        if key is None or not request.user.is_authenticated:
            return None
        return Caller(acting=request.acting, user=request.user,  # type: ignore[attr-defined]
                      ip=client_ip(request))


def anyone(request: HttpRequest) -> Caller:
    """The last resort of public operations: nobody in particular."""
    return Caller(ip=client_ip(request))


def caller(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def need_scope(request: HttpRequest, scope: str) -> Caller:
    """The token's caller, refused unless the token has `scope`."""
    who = caller(request)
    if who.token is None or scope not in who.token.scopes:
        raise ApiError(403, f"接口令牌没有“{tokens.SCOPES[scope]}”权限（{scope}）")
    return who


def need_applicant(request: HttpRequest) -> Caller:
    """A signed-in person acting as applicant, as the pages for one's own data require."""
    who = caller(request)
    if who.user is None:
        raise ApiError(401, "请先登录（本人数据只能用登录会话读取）")
    if who.role != Role.APPLICANT:
        raise ApiError(403, "当前角色无权访问，请切换为申报人")
    return who


class RateLimit(BaseThrottle):
    """Requests per minute per token, per signed-in person, or per address for anyone.

    Counted in the cache: per process with the default local-memory cache, shared by all
    servers with a shared cache. Limits: settings.API_RATE_LIMITS (per minute).
    """

    DEFAULTS = {"token": 600, "user": 120, "anyone": 60}

    def allow_request(self, request: HttpRequest) -> bool:
        who = getattr(request, "auth", None)
        if isinstance(who, Caller) and who.token is not None:
            kind, ident = "token", str(who.token.pk)
        elif isinstance(who, Caller) and who.user is not None:
            kind, ident = "user", str(who.user.pk)
        else:
            kind, ident = "anyone", client_ip(request) or "-"
        limits = {**self.DEFAULTS, **getattr(settings, "API_RATE_LIMITS", {})}
        window = int(time.time() // 60)
        key = f"api-rate:{kind}:{ident}:{window}"
        cache.add(key, 0, 120)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 120)
            count = 1
        return bool(count <= limits[kind])

    def wait(self) -> float:
        return 60 - time.time() % 60
