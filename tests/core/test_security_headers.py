"""Content-Security-Policy without inline script or style, and the other strict headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src" / "zhicheng"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
TEMPLATES = sorted([*SRC.rglob("jinja2/**/*.html"), *SRC.rglob("templates/**/*.html")])


def test_templates_were_found() -> None:
    assert len(TEMPLATES) > 50
    assert any(p.name == "step_statement.html" for p in TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_inline_script_style_or_event_handler(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html, flags=re.I):
        assert re.search(r"\bsrc\s*=", tag), f"inline <script> in {path.name}: {tag}"
    assert not re.search(r"<style\b", html, flags=re.I), f"<style> in {path.name}"
    assert not re.search(r"\sstyle\s*=", html, flags=re.I), f"style= in {path.name}"
    handler = re.search(r"<[^>]*\son[a-z]+\s*=", html, flags=re.I)
    assert handler is None, f"event handler in {path.name}: {handler.group(0)}"
    assert "javascript:" not in html.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [reverse("core:home"), reverse("accounts:login")])
def test_pages_carry_the_security_headers(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_carry_them_too(client: Client) -> None:
    client.force_login(factories.make_user())
    response = client.get(reverse("core:dashboard"))
    assert response["Content-Security-Policy"] == CSP
    export = client.get(reverse("archive:export"))
    assert export["Content-Security-Policy"] == CSP
    assert export["X-Content-Type-Options"] == "nosniff"


def test_the_statement_counter_is_a_static_file() -> None:
    page = (SRC / "applications/jinja2/applications/step_statement.html").read_text()
    assert "zhicheng/charcount.js" in page and 'data-count-chars-of="id_statement"' in page
    script = Path(finders.find("zhicheng/charcount.js")).read_text()
    assert "data-count-chars-of" in script
