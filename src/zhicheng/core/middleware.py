"""Request middleware: the interface language and the role a signed-in user acts as."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from zhicheng.orgs import acting


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
