"""Production settings refuse unsafe starts; the console command runs Django's commands."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ENV = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}


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
                 SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


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
