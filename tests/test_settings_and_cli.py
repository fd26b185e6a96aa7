"""Production settings refuse unsafe starts; the console command runs Django's commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

ENV = {k: v for k, v in os.environ.items()
       if k not in {"DEBUG", "SECRET_KEY", "ZHICHENG_FIELD_KEY", "ZHICHENG_SSL_REDIRECT",
                    "ZHICHENG_BEHIND_PROXY", "DJANGO_SETTINGS_MODULE"}}
# A field key of the production's own (any 32 random bytes, base64), for the start-up tests.
FIELD_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80="


def run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=ENV | env, timeout=60, check=False)


IMPORT_PROD = "import zhicheng.settings.production"


def test_production_refuses_default_secret() -> None:
    result = run(IMPORT_PROD)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug() -> None:
    result = run(IMPORT_PROD, SECRET_KEY="x" * 50, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_a_secret() -> None:
    result = run(IMPORT_PROD + "; print(zhicheng.settings.production.SESSION_COOKIE_SECURE)",
                 SECRET_KEY="x" * 50, ZHICHENG_FIELD_KEY=FIELD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize(("key", "says"), [
    (None, "ZHICHENG_FIELD_KEY"),
    ("bm90LTMyLWJ5dGVz", "32"),
    ("emhpY2hlbmctZGV2LWZpZWxkLWtleS1OT1RTRUNSRVQ=", "演示用"),
])
def test_production_refuses_a_missing_short_or_demo_field_key(key: str | None, says: str
                                                             ) -> None:
    env = {"SECRET_KEY": "x" * 50} | ({"ZHICHENG_FIELD_KEY": key} if key else {})
    result = run(IMPORT_PROD, **env)
    assert result.returncode != 0
    assert says in result.stderr


PROD_VALUES = """
import json, zhicheng.settings.production as s
print(json.dumps({k: getattr(s, k, None) for k in (
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", "SECURE_CONTENT_TYPE_NOSNIFF", "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY")}))
"""


def test_production_cookies_hsts_and_https() -> None:
    result = run(PROD_VALUES, SECRET_KEY="x" * 50, ZHICHENG_FIELD_KEY=FIELD_KEY)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True, "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None, "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True, "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True, "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "same-origin"}


def test_production_behind_a_tls_proxy() -> None:
    result = run(PROD_VALUES, SECRET_KEY="x" * 50, ZHICHENG_FIELD_KEY=FIELD_KEY,
                 ZHICHENG_BEHIND_PROXY="1", ZHICHENG_SSL_REDIRECT="0")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False


def test_production_passes_djangos_deployment_checks(tmp_path: Any) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zhicheng.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
        env=ENV | {"DJANGO_SETTINGS_MODULE": "zhicheng.settings.production",
                   "SECRET_KEY": "Vq3-production-secret-" + "k8Zp2xR7mW4nT9bL" * 3,
                   "ZHICHENG_FIELD_KEY": FIELD_KEY, "ALLOWED_HOSTS": "zhicheng.example.cn",
                   "ZHICHENG_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults_are_chinese_and_shanghai_time() -> None:
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.AUTH_USER_MODEL == "accounts.User"


@pytest.mark.parametrize("args", [["--help"], ["audit", "--help"]])
def test_console_command(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "zhicheng.cli", *args], capture_output=True,
                            text=True, env=ENV | {"DJANGO_SETTINGS_MODULE":
                                                  "zhicheng.settings.test"},
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "verify" in result.stdout or "audit" in result.stdout
