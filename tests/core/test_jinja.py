"""The Jinja2 environment of the site's pages: what it adds to Jinja2, and the guard that
makes a method used without () fail instead of printing or testing the bound method."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories
from zhicheng.core.jinja import Jinja2


def render(text: str, **context: object) -> str:
    return engines["jinja2"].from_string(text).render(context)


class Thing:
    def __init__(self) -> None:
        self.items = {"a": 1}

    def label(self) -> str:
        return "<标签>"


def test_the_site_pages_are_rendered_by_it() -> None:
    assert isinstance(engines.all()[0], Jinja2)
    template = engines.all()[0].get_template("base.html")
    assert template.origin.name.endswith("core/jinja2/base.html")


def test_url_is_reverse() -> None:
    assert render("{{ url('applications:step', 7, 'photo') }}") == reverse(
        "applications:step", args=[7, "photo"])
    assert render("{{ url('applications:step', pk=p, step='pledge') }}", p=12) == reverse(
        "applications:step", kwargs={"pk": 12, "step": "pledge"})


def test_a_called_method_works_and_its_output_is_escaped() -> None:
    assert render("{{ t.label() }}", t=Thing()) == "&lt;标签&gt;"


@pytest.mark.parametrize("text", [
    "{{ t.label }}",
    "{% if t.label %}yes{% endif %}",
    "{% for c in t.label %}{{ c }}{% endfor %}",
    "{{ t.label|length }}",
    "{{ t.label|default('x', true) }}",
    "{% if t.label == 'x' %}{% endif %}",
    "{% for k in t.items.keys %}{% endfor %}",
])
def test_a_method_used_without_calling_it_raises(text: str) -> None:
    with pytest.raises(TypeError, match=r"缺少 \(\)"):
        render(text, t=Thing())


@pytest.mark.django_db
def test_a_related_manager_must_be_called_too() -> None:
    user = factories.make_user()
    with pytest.raises(TypeError):
        render("{% if u.groups %}{% endif %}", u=user)
    assert render("{{ u.groups.all()|length }}", u=user) == "0"


def test_missing_attributes_print_nothing_as_in_django() -> None:
    assert render("[{{ a.b.c }}][{{ n.x }}]", a={}, n=None) == "[][]"


def test_filters_carried_over_from_django() -> None:
    import datetime

    day = datetime.date(2026, 3, 5)
    assert render('{{ d|date("Y年n月j日") }}', d=day) == "2026年3月5日"
    assert render('{{ d|date("Y-m-d")|default("—", true) }}', d=None) == "—"
    assert render("{{ s|linebreaksbr }}", s="a<\nb") == "a&lt;<br>b"
    assert render("{{ widthratio(0.256, 1, 100) }}%") == "26%"
    assert render("{{ v|default_if_none('—') }}", v=None) == "—"


def test_translations_follow_the_active_language() -> None:
    with translation.override("en"):
        assert render('{{ _("登录") }}') == "Sign in"
    with translation.override("zh-hans"):
        assert render('{{ _("登录") }}') == "登录"


@pytest.mark.django_db
def test_the_test_client_sees_the_context_of_a_jinja2_page(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "form" in response.context
    assert "accounts/login.html" in [t.template.name for t in response.templates]


def test_bare_dates_and_numbers_print_as_django_printed_them() -> None:
    import datetime
    from decimal import Decimal

    moment = datetime.datetime(2024, 1, 1, 20, 30, tzinfo=datetime.UTC)
    with translation.override("zh-hans"):
        assert render("{{ d }}", d=datetime.date(2016, 9, 5)) == "2016年9月5日"
        assert render("{{ t }}", t=moment) == "2024年1月2日 04:30"  # Asia/Shanghai
        assert render("{{ n }}|{{ x }}|{{ i }}", n=Decimal("12.50"), x=0.5, i=1200) == \
            "12.50|0.5|1200"


@pytest.mark.django_db
def test_a_page_masks_its_csrf_token_once_and_each_page_anew(client: Client) -> None:
    import re

    client.force_login(factories.make_user())
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                         client.get(reverse("core:dashboard")).content.decode())
              for _ in range(2)]
    assert len(tokens[0]) >= 2 and len(set(tokens[0])) == 1  # sign-out and language forms
    assert tokens[0][0] != tokens[1][0]
