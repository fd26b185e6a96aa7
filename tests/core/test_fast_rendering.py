"""The shared cache keeps one Redis client per pool; form widgets render through Jinja2 with
the markup the Django engine gives, and the admin's own widgets still render."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test.html import parse_html

from zhicheng.accounts.forms import LoginForm
from zhicheng.applications.forms import PledgeForm, StatementForm
from zhicheng.core.formrenderer import WidgetRenderer
from zhicheng.core.rediscache import Cache

REDIS = "redis://127.0.0.1:6379/8"


def test_one_client_per_pool_and_values_round_trip() -> None:
    cache = Cache(REDIS, {"KEY_PREFIX": "zhicheng-test"})
    cache.clear()
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads use the same pool
    cache.set("row", {"name": "林晓", "pk": 7})
    assert cache.get("row") == {"name": "林晓", "pk": 7}
    cache.set_many({"a": 1, "b": "二"})
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": "二"}
    assert cache.incr("a") == 2
    assert cache.add("a", 5) is False
    cache.delete("row")
    assert cache.get("row") is None
    cache.clear()


def test_keys_redis_takes_are_not_warned_about(recwarn: pytest.WarningsRecorder) -> None:
    cache = Cache(REDIS, {"KEY_PREFIX": "zhicheng-test"})
    key = "申报 " + "x" * 300  # memcached would refuse both the space and the length
    cache.set(key, 1)
    assert cache.get_many([key]) == {key: 1}
    cache.delete(key)
    assert not [w for w in recwarn if issubclass(w.category, CacheKeyWarning)]


def test_widgets_from_jinja2_and_the_admins_from_the_django_engine() -> None:
    renderer = get_default_renderer()
    assert isinstance(renderer, WidgetRenderer)
    widget = renderer.get_template("django/forms/widgets/text.html")
    admin = renderer.get_template("admin/widgets/related_widget_wrapper.html")
    assert type(widget).__module__ == "django.template.backends.jinja2"
    assert type(admin).__module__ == "django.template.backends.django"


def test_forms_render_the_same_markup_as_with_the_django_engine() -> None:
    forms = [LoginForm(data={"identifier": "", "password": ""}),
             StatementForm(initial={"version": 3, "statement": "<b>述职</b> & 总结"}),
             PledgeForm(data={}, user=SimpleNamespace(name="林晓"), initial={"version": 1})]
    for form in forms:
        if form.is_bound:
            assert not form.is_valid()  # with its error messages in the markup
        fast = str(form)
        form.renderer = DjangoTemplates()
        assert parse_html(fast) == parse_html(str(form)), type(form).__name__
    assert "&lt;b&gt;" in str(forms[1])  # the initial text stays escaped
