"""Request ids and structured logs: every log line written while a request is handled
carries its id, the id comes from the proxy (X-Request-ID) or is made here, and goes back
in the response so a user's complaint, the proxy's log and ours can be matched."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# what we accept from outside: a proxy's hex id or a UUID; anything else is replaced, so a
# client cannot write arbitrary text (or a forged log line) into our logs
_ACCEPTED = re.compile(r"[A-Za-z0-9-]{8,64}")
_current: ContextVar[str] = ContextVar("request_id", default="-")
access_log = logging.getLogger("zhicheng.access")


def current() -> str:
    return _current.get()


def _incoming(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if _ACCEPTED.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain: sets the id for the request's log lines, returns it as a
    header and, where settings.ACCESS_LOG is on, writes one access line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = _incoming(request)
        token = _current.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            response = self.get_response(request)
            response.headers[HEADER] = rid
            if getattr(settings, "ACCESS_LOG", False):
                user = getattr(request, "user", None)
                access_log.info("%s %s %s", request.method, request.path, response.status_code,
                                extra={"http": {
                                    "method": request.method, "path": request.path,
                                    "status": response.status_code,
                                    "duration_ms": round((time.perf_counter() - started) * 1000,
                                                         1),
                                    # the process's CPU (this request's, in a sync worker)
                                    "cpu_ms": round((time.process_time() - cpu_started) * 1000,
                                                    2),
                                    "user": user.pk if user is not None
                                    and user.is_authenticated else None}})
            return response
        finally:
            _current.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, the `http`
    fields of an access line and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _current.get()),
        }
        http = getattr(record, "http", None)
        if http:
            out["http"] = http
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)

