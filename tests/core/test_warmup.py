"""The warm-up gunicorn's master runs before its workers fork (core/warmup.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from django.forms.renderers import get_default_renderer
from django.template import engines

from zhicheng.core.warmup import warm


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the rest of the suite runs with the collector as usual


def test_every_page_and_widget_template_is_compiled_before_any_request(unfrozen: None) -> None:
    pages = engines["jinja2"].env
    widgets = get_default_renderer().jinja2.engine.env
    pages.cache.clear()
    widgets.cache.clear()
    loaded = warm()
    page_names = [n for n in pages.list_templates() if n.endswith((".html", ".txt"))]
    assert loaded["templates"] >= len(page_names) > 70
    # Jinja2 keys its cache by (loader, name): every page template is in it
    cached = {key[1] for key in pages.cache}
    assert {"base.html", "reviews/desk.html", "applications/step_pledge.html"} <= cached
    assert set(page_names) <= cached
    assert any(name.startswith("django/forms/widgets/") for _, name in widgets.cache)


def test_the_views_are_imported_and_the_collector_leaves_what_was_loaded(
        unfrozen: None) -> None:
    loaded = warm()
    assert loaded["namespaces"] >= 10
    assert gc.get_freeze_count() > 0
