"""A request whose Content-Length is not a number is a 400, not a server error.

Django reads the header with int() when a view first touches the body, and a ValueError
then becomes a 500 (front servers such as gunicorn refuse such requests, runserver and some
others pass them on). Under /api/ the answer has the API's error shape."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

from .errors import API_PREFIX, respond


class ContentLengthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not (length.isascii() and length.isdigit()):
            if request.path.startswith(API_PREFIX):
                return respond(400, "请求头 Content-Length 无效")
            return HttpResponseBadRequest("Content-Length 无效")
        return self.get_response(request)
