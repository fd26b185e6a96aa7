"""`make serve-prod`'s stack started for real: nginx with TLS in front of gunicorn, the RQ
worker, Redis; the database is a SQLite file, or a PostgreSQL database of its own when the
suite runs on PostgreSQL. Checked through the proxy as a browser sees it."""

from __future__ import annotations

import json
import os
import re
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest

from tests.servers import free_port, own_database_url, serve_prod


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Stack:
    def __init__(self, base: str, var: Path, cert: Path, process: subprocess.Popen) -> None:
        self.base, self.var, self.process = base, var, process
        self.context = ssl.create_default_context(cafile=str(cert))
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=self.context),
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect())

    def get(self, path: str, data: dict[str, str] | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={
            "Referer": self.base + path, **(headers or {})})
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.cookies if c.name == name)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("stack")
    url = own_database_url(tmp, "stack")
    https, http = free_port(), free_port()
    env = {**os.environ, "ZHICHENG_PROD_DIR": str(tmp / "prod"), "DATABASE_URL": url,
           "REDIS_URL": "redis://127.0.0.1:6379/14",
           "ZHICHENG_QUEUE_URL": "redis://127.0.0.1:6379/15",
           "HTTPS_PORT": str(https), "HTTP_PORT": str(http), "GUNICORN_WORKERS": "2"}
    env.pop("GUNICORN_BIND", None)  # the default: a Unix socket under the run directory
    env.pop("DJANGO_SETTINGS_MODULE", None)
    prod = serve_prod()
    process = prod.start(env, tmp / "serve.log", timeout=240)
    try:
        yield Stack(f"https://127.0.0.1:{https}", tmp / "prod",
                    tmp / "prod" / "tls" / "cert.pem", process)
    finally:
        prod.stop(process)
        prod.drop_database(url)


def test_ready_through_the_proxy_over_tls(stack: Stack) -> None:
    assert (stack.var / "run" / "gunicorn.sock").is_socket()  # nginx -> gunicorn
    status, headers, body = stack.get("/readyz")
    assert status == 200, body
    assert json.loads(body)["checks"] == {"database": "ok", "cache": "ok", "tasks": "ok",
                                          "storage": "ok"}
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_is_sent_to_https(stack: Stack) -> None:
    http_port = int(re.search(r"listen (\d+);", (stack.var / "run" / "nginx.conf")
                              .read_text()).group(1))
    request = urllib.request.Request(f"http://127.0.0.1:{http_port}/accounts/login/")
    opener = urllib.request.build_opener(NoRedirect())
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=10)
    assert answer.value.code == 301
    assert answer.value.headers["Location"].startswith("https://127.0.0.1:")


def test_static_files_have_hashed_names_and_a_year_of_cache(stack: Stack) -> None:
    status, _, page = stack.get("/")
    assert status == 200
    css = re.search(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert css, "the stylesheet link has no content hash"
    status, headers, _ = stack.get(css.group(1).decode())
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_sign_in_form_works_behind_the_proxy_and_logs_json_with_the_request_id(
        stack: Stack) -> None:
    status, headers, page = stack.get("/accounts/login/")
    assert status == 200 and "Secure" in headers["Set-Cookie"]
    status, headers, page = stack.get(
        "/accounts/login/", {"identifier": "13900000000", "password": "Wrong@Password1",
                             "csrfmiddlewaretoken": stack.cookie("csrftoken")},
        headers={"X-Request-ID": "stacktest0000000001"})
    assert status == 200, page[-500:]  # the form again with its error, not a CSRF refusal
    assert "密码" in page.decode() and headers["X-Request-ID"] == "stacktest0000000001"
    time.sleep(0.5)  # the access line is written after the response
    lines = [json.loads(line) for line in (stack.var / "log" / "app.log").read_text()
             .splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == "stacktest0000000001"]
    assert any(line["logger"] == "zhicheng.access" and line["http"]["method"] == "POST"
               and line["http"]["status"] == 200 for line in mine), mine
    proxy = [json.loads(line) for line in (stack.var / "log" / "nginx-access.log").read_text()
             .splitlines()]
    assert any(p["request_id"] == "stacktest0000000001" and p["status"] == 200 for p in proxy)


def test_the_master_warmed_up_before_its_workers_forked(stack: Stack) -> None:
    log = (stack.var / "log" / "app.log").read_text()
    warmed = re.search(r"warmed up before forking: \{'namespaces': (\d+), 'templates': (\d+)\}",
                       log)
    assert warmed, log[-2000:]
    assert int(warmed.group(1)) >= 10 and int(warmed.group(2)) > 100
    assert log.index("warmed up before forking") < log.index("Booting worker")


def test_stopping_the_stack_stops_every_process(stack: Stack) -> None:
    pid = int((stack.var / "run" / "gunicorn.pid").read_text())
    os.kill(stack.process.pid, signal.SIGTERM)
    stack.process.wait(timeout=60)
    assert stack.process.returncode == 0
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
