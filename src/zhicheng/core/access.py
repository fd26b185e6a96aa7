"""View guards: every view states who may see it with one of these decorators."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """Anyone, signed in or not."""
    view.access = "public"  # type: ignore[attr-defined]
    return view


def signed_in(view: View) -> View:
    """Any signed-in user."""
    wrapped = login_required(view)
    wrapped.access = "signed_in"  # type: ignore[attr-defined]
    return wrapped


def acting_as(*roles: str, approved_org: bool = True) -> Callable[[View], View]:
    """A signed-in user currently acting in one of `roles` (switch role to change).

    With approved_org, the organisation acted for must be approved (a unit still waiting
    for its acceptance point cannot act).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            current = request.acting  # type: ignore[attr-defined]
            if current is None or current.role not in roles:
                raise PermissionDenied(_("当前角色无权访问此页面，请切换角色。"))
            org = current.organisation
            if approved_org and org is not None and not org.is_approved:
                raise PermissionDenied(_("所属机构尚未通过审核。"))
            return view(request, *args, **kwargs)

        wrapped = login_required(inner)
        wrapped.access = ("acting_as", roles)  # type: ignore[attr-defined]
        return wrapped

    return decorate


# Session keys: when this sign-in began, when the password was last typed, last activity.
LOGIN_AT = "zhicheng.login_at"
AUTH_AT = "zhicheng.auth_at"
SEEN_AT = "zhicheng.seen_at"


def mark_signed_in(request: HttpRequest) -> None:
    """At sign-in (any `login()`): the session's age, activity and password entry start."""
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


def mark_password_confirmed(request: HttpRequest) -> None:
    request.session[AUTH_AT] = int(time.time())


def password_age_seconds(request: HttpRequest) -> float:
    """Seconds since the password was last typed in this session (infinite if never)."""
    at = request.session.get(AUTH_AT)
    return time.time() - at if isinstance(at, int | float) else float("inf")


def _safe(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return None


def return_url(request: HttpRequest) -> str:
    """Where to come back after confirming the password: this page, or for a form post the
    page the form was on (the post itself is not replayed)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    parts = urlsplit(referer)
    same_host = not parts.netloc or parts.netloc == request.get_host()
    local = (parts.path + (f"?{parts.query}" if parts.query else "")) if same_host else ""
    return _safe(request, local) or reverse("core:dashboard")


def recent_auth(minutes: int = 10, methods: tuple[str, ...] | None = None
                ) -> Callable[[View], View]:
    """The password must have been typed within `minutes`, else confirm it first.

    Put it under the access decorator. With `methods`, only those requests are checked (a
    list page whose form does the sensitive thing checks only POST).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            checked = methods is None or request.method in methods
            if (checked and request.user.is_authenticated
                    and password_age_seconds(request) > minutes * 60):
                if request.method not in ("GET", "HEAD"):
                    messages.info(request, _("为保护账户安全，请再次输入密码；"
                                             "确认后请重新提交刚才的操作。"))
                query = urlencode({"next": return_url(request)})
                return HttpResponseRedirect(f"{reverse('accounts:confirm_password')}?{query}")
            return view(request, *args, **kwargs)

        inner.recent_auth = minutes  # type: ignore[attr-defined]
        return inner

    return decorate
