"""Chinese by default whatever the browser asks; English when the user chooses it."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_browser_language_does_not_switch_to_english(client: Client) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-CN"' in html
    assert "职称申报与评审平台" in html


def test_user_choice_switches_to_english_and_back(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Professional Title Application and Evaluation" in html
    register = client.get("/accounts/register/").content.decode()
    assert "Mobile number" in register and "ID type" in register
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "职称申报与评审平台" in client.get("/").content.decode()


def test_unknown_language_cookie_falls_back_to_chinese(client: Client) -> None:
    client.cookies["django_language"] = "xx"
    assert 'lang="zh-CN"' in client.get("/").content.decode()
