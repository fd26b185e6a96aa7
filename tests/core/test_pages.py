"""The home page, each role's dashboard, language, and what every page carries."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.orgs.models import Organisation, OrgStatus, Role
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
DASHBOARD = reverse("core:dashboard")


def make_plan(committee: Organisation, key: str, title: str, status: str,
              year: int = 2023) -> Plan:
    return Plan.objects.create(committee=committee, key=key, title=title, level="engineer",
                               year=year, status=status)


# --- home -----------------------------------------------------------------------------

def test_home_lists_open_plans_only(client: Client) -> None:
    committee = factories.make_committee("嘉兴市工程系列评委会")
    make_plan(committee, "open-2023", "2023年度工程师评审", "open")
    make_plan(committee, "open-2024", "2024年度工程师评审", "open", year=2024)
    make_plan(committee, "draft-2023", "尚未发布的草稿计划", "draft")
    make_plan(committee, "closed-2022", "已经截止的计划", "closed", year=2022)

    response = client.get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    assert "2023年度工程师评审" in html
    assert "2024年度工程师评审" in html
    assert "尚未发布的草稿计划" not in html
    assert "已经截止的计划" not in html
    assert "嘉兴市工程系列评委会" in html
    assert html.index("2024年度工程师评审") < html.index("2023年度工程师评审")


def test_home_without_plans_says_so(client: Client) -> None:
    make_plan(factories.make_committee(), "draft-only", "草稿", "draft")
    html = client.get(HOME).content.decode()
    assert "目前没有正在申报的评审计划" in html


# --- dashboards -------------------------------------------------------------------------

def test_applicant_dashboard(client: Client) -> None:
    committee = factories.make_committee()
    make_plan(committee, "open-plan", "可申报的开放计划", "open")
    make_plan(committee, "draft-plan", "不可申报的草稿", "draft")
    client.force_login(factories.make_user(name="周申报"))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>申报人工作台</h1>" in html
    assert "周申报" in html
    assert "可申报的开放计划" in html
    assert "不可申报的草稿" not in html


@pytest.mark.parametrize("role", [Role.UNIT_ADMIN, Role.DEPARTMENT, Role.COMMITTEE_OFFICE,
                                  Role.EXPERT])
def test_each_role_dashboard_renders_its_heading(client: Client, role: str) -> None:
    committee = factories.make_committee("杭州市评委会")
    department = factories.make_department(committee, name="西湖区受理点")
    org = {Role.UNIT_ADMIN: factories.make_employer(department, name="西湖科技有限公司"),
           Role.DEPARTMENT: department,
           Role.COMMITTEE_OFFICE: committee,
           Role.EXPERT: committee}[role]
    heading = {Role.UNIT_ADMIN: "<h1>西湖科技有限公司</h1>",
               Role.DEPARTMENT: "<h1>西湖区受理点</h1>",
               Role.COMMITTEE_OFFICE: "<h1>杭州市评委会</h1>",
               Role.EXPERT: "<h1>评审专家工作台 · 杭州市评委会</h1>"}[role]
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, role, org))

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert "申报人工作台" not in html
    # the organisations' desks link to their API tokens; an expert has none
    assert (f'href="{reverse("api_tokens:list")}"' in html) is (role != Role.EXPERT)


def test_department_dashboard_counts_its_own_employers(client: Client) -> None:
    department = factories.make_department()
    factories.make_employer(department, status=OrgStatus.PENDING)
    factories.make_employer(department, status=OrgStatus.PENDING)
    factories.make_employer(department)
    factories.make_employer(status=OrgStatus.PENDING)  # another department's
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, Role.DEPARTMENT, department))
    counts = client.get(DASHBOARD).context["counts"]
    assert counts == {"pending": 2, "approved": 1, "rejected": 0}


def test_committee_dashboard_shows_its_plans_only(client: Client) -> None:
    committee = factories.make_committee("本评委会")
    make_plan(committee, "mine", "本会草稿计划", "draft")
    make_plan(factories.make_committee("他评委会"), "theirs", "他会计划", "open")
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, Role.COMMITTEE_OFFICE, committee))
    html = client.get(DASHBOARD).content.decode()
    assert "本会草稿计划" in html
    assert "他会计划" not in html


def test_dashboard_requires_sign_in(client: Client) -> None:
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- language -----------------------------------------------------------------------------

def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)">', html)
    assert match, "no <html lang=...>"
    return match.group(1)


def test_default_language_is_chinese(client: Client) -> None:
    assert html_lang(client.get(HOME).content.decode()) == "zh-CN"


def test_language_switch_to_english_and_back(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": HOME})
    assert response.status_code == 302
    assert html_lang(client.get(HOME).content.decode()) == "en"
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": HOME})
    assert html_lang(client.get(HOME).content.decode()) == "zh-CN"


# --- every page -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["core:home", "accounts:login", "accounts:register",
                                  "accounts:password_reset"])
def test_pages_are_mobile_ready_and_self_contained(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="viewport"' in html
    assert "<script" not in html.lower()
    assert "http://" not in html
    assert "https://" not in html
    assert re.search(r'<link rel="stylesheet" href="/static/', html)


def test_signed_in_pages_are_self_contained(client: Client) -> None:
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, Role.DEPARTMENT, factories.make_department()))
    for url in (DASHBOARD, reverse("orgs:employer_list"), reverse("orgs:employer_register"),
                reverse("orgs:my_employer"), reverse("accounts:profile")):
        html = client.get(url).content.decode()
        assert '<meta name="viewport"' in html, url
        assert "<script" not in html.lower(), url
        assert "http://" not in html and "https://" not in html, url


# --- sign-out and form errors -----------------------------------------------------------

def test_logout_requires_post(client: Client) -> None:
    user = factories.make_user()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(DASHBOARD).status_code == 200  # still signed in
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == HOME
    assert client.get(DASHBOARD).status_code == 302


def test_empty_login_shows_each_fields_error_with_its_chinese_label(client: Client) -> None:
    # what a browser sends for the untouched form: the fields, empty, and the hidden `next`
    response = client.post(reverse("accounts:login"),
                           {"identifier": "", "password": "", "next": ""})
    assert response.status_code == 200
    html = response.content.decode()
    identifier = re.search(r'<p class="error" id="id_identifier_error">(.*?)</p>', html)
    password = re.search(r'<p class="error" id="id_password_error">(.*?)</p>', html)
    assert identifier and identifier.group(1).startswith("手机号码或证件号码：")
    assert password and password.group(1).startswith("密码：")
    assert "必填" in identifier.group(1)
    assert "必填" in password.group(1)
    assert 'class="field has-error required"' in html
