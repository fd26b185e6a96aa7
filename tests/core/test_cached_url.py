"""`{% url %}` as a builtin that keeps its answers: the same URLs as reverse(), the same
errors, `as var` unchanged, and arguments that are not plain values not kept."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, Template
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape

from zhicheng.core.templatetags import cachedurl


def render(text: str, **context: object) -> str:
    return Template(text).render(Context(context))


def test_the_project_engine_uses_it() -> None:
    node = Engine.get_default().from_string("{% url 'core:home' %}").nodelist[0]
    assert isinstance(node, cachedurl.CachedURLNode)


def test_same_urls_as_reverse_for_args_and_kwargs() -> None:
    assert render("{% url 'applications:step' 7 'photo' %}") == reverse(
        "applications:step", args=[7, "photo"])
    assert render("{% url 'applications:step' pk=app step='pledge' %}", app=12) == reverse(
        "applications:step", kwargs={"pk": 12, "step": "pledge"})
    assert render("{% url 'core:home' %}") == reverse("core:home")


def test_answers_are_kept_and_distinct_per_argument() -> None:
    cachedurl.cached_reverse.cache_clear()
    for pk in (1, 2, 1, 2, 1):
        assert render("{% url 'applications:progress' pk %}", pk=pk) == reverse(
            "applications:progress", args=[pk])
    info = cachedurl.cached_reverse.cache_info()
    assert (info.misses, info.hits) == (2, 3)


def test_an_unknown_name_still_raises_and_as_var_still_swallows() -> None:
    with pytest.raises(NoReverseMatch):
        render("{% url 'no:such' %}")
    assert render("{% url 'no:such' as link %}[{{ link }}]") == "[]"
    assert render("{% url 'core:home' as link %}[{{ link }}]") == f"[{reverse('core:home')}]"


def test_arguments_that_are_not_plain_values_are_not_kept() -> None:
    class Pk:
        def __str__(self) -> str:
            return "5"

    cachedurl.cached_reverse.cache_clear()
    assert render("{% url 'applications:progress' pk %}", pk=Pk()) == reverse(
        "applications:progress", args=[5])
    assert cachedurl.cached_reverse.cache_info().currsize == 0


def test_output_is_escaped_in_autoescaped_templates() -> None:
    url = reverse("certificates:by_token", args=["a&b"])
    assert "&" in url
    assert render("{% url 'certificates:by_token' 'a&b' %}") == conditional_escape(url)
    assert render("{% autoescape off %}{% url 'certificates:by_token' 'a&b' %}"
                  "{% endautoescape %}") == url
