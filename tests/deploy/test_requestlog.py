"""Every response carries a request id, every log line written during the request carries
the same id, and production writes JSON lines with an access line per request."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from zhicheng.core.requestlog import JsonFormatter, RequestIdFilter


def test_an_id_is_made_when_none_is_given(client: Client) -> None:
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxy_id_is_kept(client: Client) -> None:
    r = client.get("/healthz", HTTP_X_REQUEST_ID="5f0c2a9e-proxy-0001")
    assert r["X-Request-ID"] == "5f0c2a9e-proxy-0001"


@pytest.mark.parametrize("given", ["short", "a b c d e f g h", "x" * 65, "id\nforged-line",
                                   '{"level":"ERROR"}'])
def test_an_id_that_could_forge_log_text_is_replaced(client: Client, given: str) -> None:
    r = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert r["X-Request-ID"] != given and len(r["X-Request-ID"]) == 32


def _lines(caplog: Any, logger: str) -> list[dict[str, Any]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == logger]


@pytest.mark.django_db
def test_access_line_in_json_with_request_id_status_and_user(client: Client, settings: Any,
                                                             caplog: Any) -> None:
    from tests import factories

    settings.ACCESS_LOG = True
    user = factories.make_user()
    client.force_login(user)
    caplog.set_level(logging.INFO, logger="zhicheng.access")
    r = client.get("/dashboard/", HTTP_X_REQUEST_ID="abcdef0123456789")
    [line] = _lines(caplog, "zhicheng.access")
    assert line["request_id"] == "abcdef0123456789" == r["X-Request-ID"]
    assert line["http"]["status"] == 200 and line["http"]["path"] == "/dashboard/"
    assert line["http"]["user"] == user.pk and line["http"]["duration_ms"] >= 0
    assert 0 < line["http"]["cpu_ms"] < 10_000
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


def test_no_access_line_when_switched_off(client: Client, settings: Any, caplog: Any) -> None:
    settings.ACCESS_LOG = False
    caplog.set_level(logging.INFO, logger="zhicheng.access")
    client.get("/healthz")
    assert _lines(caplog, "zhicheng.access") == []


@pytest.mark.django_db
def test_log_lines_inside_a_request_carry_its_id(client: Client, caplog: Any) -> None:
    """The readiness check logs a failing part with the id of the request that found it."""
    from zhicheng.core import health

    def broken() -> None:
        raise RuntimeError("storage unreachable")

    caplog.set_level(logging.ERROR, logger="zhicheng.core.health")
    caplog.handler.addFilter(RequestIdFilter())  # as the console handler has it
    original = health.CHECKS["storage"]
    health.CHECKS["storage"] = broken
    try:
        r = client.get("/readyz", HTTP_X_REQUEST_ID="feedface00000001")
    finally:
        health.CHECKS["storage"] = original
    record = next(r for r in caplog.records if r.name == "zhicheng.core.health")
    line = json.loads(JsonFormatter().format(record))
    assert r.status_code == 503
    assert line["request_id"] == "feedface00000001"
    assert "storage unreachable" in line["exception"]


def test_outside_a_request_the_id_is_a_dash() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line == {"time": line["time"], "level": "INFO", "logger": "x",
                    "message": "hello world", "request_id": "-"}
