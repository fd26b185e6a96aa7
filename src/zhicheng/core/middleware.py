"""Request middleware: the interface language, the role a signed-in user acts as, session
expiry after inactivity, and the security headers of every response."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.core.cache import DEFAULT_CACHE_ALIAS
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from zhicheng.orgs import acting

from . import cached
from .access import LOGIN_AT, SEEN_AT

# How often the last-activity time is written back to the session (not on every request).
SEEN_RESOLUTION_SECONDS = 60


class PrefetchMiddleware:
    """The cached look-ups every signed-in page makes, read in one round trip to the cache
    before the request is handled, and forgotten after it.

    The session itself is read in that same trip when the browser says whose it is: a
    cookie (HINT_COOKIE) holds the signed-in user's id, kept in step with the session on
    every response. It only chooses what to read. What a page uses is still looked up by
    the user id in the session, so a wrong or forged hint costs a second round trip and
    serves nothing of the other account."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        raw = request.COOKIES.get(HINT_COOKIE, "")
        hinted = int(raw) if raw.isdigit() and len(raw) < 19 else None
        if (hinted is not None and session.session_key and hasattr(session, "preload")
                and settings.SESSION_CACHE_ALIAS == DEFAULT_CACHE_ALIAS):
            found = cached.prefetch(every_page(hinted), raw=[session.cache_key])
            session.preload(found.get(session.cache_key))
        user_id = _signed_in(session)
        if user_id is not None and user_id != hinted:
            cached.prefetch(every_page(user_id))
        try:
            response = self.get_response(request)
        finally:
            cached.forget_prefetched()
        now = _signed_in(request.session)  # the view may have signed someone in or out
        if now != hinted:
            if now is None:
                response.delete_cookie(HINT_COOKIE, samesite=settings.SESSION_COOKIE_SAMESITE)
            else:
                response.set_cookie(HINT_COOKIE, str(now), httponly=True,
                                    secure=settings.SESSION_COOKIE_SECURE,
                                    samesite=settings.SESSION_COOKIE_SAMESITE)
        return response


HINT_COOKIE = "zc_uid"


def _signed_in(session: Any) -> int | None:
    user_id = session.get(SESSION_KEY)
    return int(user_id) if isinstance(user_id, str) and user_id.isdigit() else None


def every_page(user_id: int) -> list[tuple[str, str]]:
    from zhicheng.accounts.backends import user_scope
    from zhicheng.notifications.domain import inbox_scope

    return [(user_scope(user_id), "row"), (acting.roles_scope(user_id), "grants"),
            (inbox_scope(user_id), "unread")]


class ActingRoleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        options = SimpleLazyObject(lambda: acting.available(request.user))
        request.acting_options = options  # type: ignore[attr-defined]
        request.acting = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: acting.choose(list(options), request.session.get(acting.SESSION_KEY))
        )
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """Chinese unless the user chose another language (the browser's wish is not asked).

    Government platforms answer in Chinese; English is a user's explicit choice, stored in
    the language cookie by Django's set_language view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        codes = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class SessionExpiryMiddleware:
    """Sign out after SESSION_IDLE_SECONDS without a request, and SESSION_COOKIE_AGE after
    sign-in whatever the activity; the next page is the login page, saying why."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            seen = session.get(SEEN_AT)
            started = session.get(LOGIN_AT)
            if not isinstance(started, int):  # a session from before these keys existed
                session[LOGIN_AT] = started = now
            idle = isinstance(seen, int) and now - seen > settings.SESSION_IDLE_SECONDS
            aged = now - started > settings.SESSION_COOKIE_AGE
            if idle or aged:
                return self._expired(request, idle)
            if not isinstance(seen, int) or now - seen >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)

    def _expired(self, request: HttpRequest, idle: bool) -> HttpResponse:
        logout(request)
        if idle:
            minutes = settings.SESSION_IDLE_SECONDS // 60
            text = f"您已超过 {minutes} 分钟未操作，为保护账户安全已自动退出，请重新登录。"
        else:
            text = "登录已超过有效时间，为保护账户安全已自动退出，请重新登录。"
        messages.info(request, text)
        url = reverse(settings.LOGIN_URL)
        if request.method in ("GET", "HEAD"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)


CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'",
])
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy without inline script or style, and the other headers that
    tell the browser to be strict (Django's SecurityMiddleware sets HSTS and the rest)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        debug_page = settings.DEBUG and response.status_code >= 400  # Django's inline styles
        if not debug_page:
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
