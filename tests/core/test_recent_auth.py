"""Sensitive actions need the password typed within 10 minutes (core.access.recent_auth)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories
from tests.certificates.helpers import issued
from tests.reviews.chain import Chain, build, client_for, drive, fresh
from tests.reviews.test_exports import request_export
from zhicheng.accounts.models import LoginFailure
from zhicheng.applications.workflow import State
from zhicheng.audit.models import AuditEntry
from zhicheng.certificates.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(db: None) -> Chain:
    return build()


CONFIRM = reverse("accounts:confirm_password")

SENSITIVE = {
    "accounts:password_change", "accounts:mobile_change",
    "orgs:department_list", "orgs:expert_list",  # the office grants roles there
    "certificates:office_revoke", "certificates:office_reissue",
    "reviews:fraud", "experts:run_apply", "reviews:export_download",
    "api_tokens:list", "api_tokens:revoke",  # creating and revoking API tokens
}


def _names(resolver: URLResolver, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            out |= _names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            out[prefix + p.name] = p.callback
    return out


def test_exactly_the_sensitive_views_ask_for_a_recent_password() -> None:
    views = _names(get_resolver())
    guarded = {name for name, view in views.items() if getattr(view, "recent_auth", None)}
    assert guarded == SENSITIVE
    for name in SENSITIVE:  # under the access decorator, which still says who may come
        assert views[name].recent_auth == 10
        assert getattr(views[name], "access", None) is not None, name


def confirm_target(response: Any) -> str:
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    assert parts.path == CONFIRM
    return parse_qs(parts.query)["next"][0]


def test_a_stale_download_goes_to_the_confirmation_and_comes_back(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    drive(chain, chain.new_app(name="导出甲"), State.COMMITTEE_REVIEW)
    client = client_for(chain.office)
    export = request_export(client, django_capture_on_commit_callbacks, kind="roster")
    url = reverse("reviews:export_download", args=[export.pk])
    assert client.get(url).status_code == 200  # just signed in: the password is fresh

    factories.password_typed(client, minutes_ago=11)
    back = confirm_target(client.get(url))
    assert back == url
    page = client.get(f"{CONFIRM}?next={back}")
    assert "请再次输入您的登录密码" in page.content.decode()
    wrong = client.post(CONFIRM, {"password": "Not-The-Password-1", "next": back})
    assert wrong.status_code == 200 and "密码不正确" in wrong.content.decode()
    ok = client.post(CONFIRM, {"password": factories.PASSWORD, "next": back})
    assert ok.status_code == 302 and ok["Location"] == url
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="account.password_confirmed").count() == 1
    assert not LoginFailure.objects.exists()  # the right password cleared the wrong one


def test_a_stale_post_is_not_done_and_comes_back_to_its_page(chain: Chain) -> None:
    cert = issued(chain)
    office = client_for(chain.office)
    detail = reverse("certificates:office_detail", args=[cert.pk])
    revoke = reverse("certificates:office_revoke", args=[cert.pk])
    factories.password_typed(office, minutes_ago=30)
    response = office.post(revoke, {"reason": "弄虚作假"}, HTTP_REFERER=f"http://testserver{detail}")
    assert confirm_target(response) == detail
    assert not Certificate.objects.get(pk=cert.pk).revoked
    office.post(CONFIRM, {"password": factories.PASSWORD, "next": detail})
    office.post(revoke, {"reason": "弄虚作假"}, HTTP_REFERER=f"http://testserver{detail}")
    assert Certificate.objects.get(pk=cert.pk).revoked


def test_a_foreign_referer_is_not_followed(chain: Chain) -> None:
    app = drive(chain, chain.new_app(name="作假乙"), State.ACCEPTED)
    client = client_for(chain.office)
    factories.password_typed(client, minutes_ago=11)
    response = client.post(reverse("reviews:fraud", args=[app.pk]), {"found": "伪造"},
                           HTTP_REFERER="https://evil.example/x")
    assert confirm_target(response) == reverse("core:dashboard")
    assert fresh(app).status == "accepted"


def test_a_list_page_asks_only_when_its_form_is_sent(client: Client) -> None:
    office = factories.make_user()
    client.force_login(office)
    factories.act_as(client, factories.grant(office, "committee_office",
                                             factories.make_committee()))
    factories.password_typed(client, minutes_ago=11)
    url = reverse("orgs:expert_list")
    assert client.get(url).status_code == 200
    person = factories.make_user()
    assert confirm_target(client.post(url, {"identifier": person.mobile})) == reverse(
        "core:dashboard")


def test_wrong_confirmations_lock_the_account_and_end_the_session(client: Client) -> None:
    user = factories.make_user()
    client.force_login(user)
    for _ in range(4):
        assert client.post(CONFIRM, {"password": "Not-The-Password-1"}).status_code == 200
    response = client.post(CONFIRM, {"password": "Not-The-Password-1"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    html = client.post(reverse("accounts:login"), {"identifier": user.mobile,
                                                   "password": factories.PASSWORD})
    assert "已暂时锁定" in html.content.decode()


def test_the_confirmation_does_not_send_the_user_off_the_site(client: Client) -> None:
    client.force_login(factories.make_user())
    response = client.post(CONFIRM, {"password": factories.PASSWORD,
                                     "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:dashboard")


def test_password_change_needs_a_recent_password_and_keeps_the_session(
        client: Client) -> None:
    user = factories.make_user()
    client.force_login(user)
    url = reverse("accounts:password_change")
    factories.password_typed(client, minutes_ago=11)
    assert confirm_target(client.get(url)) == url
    factories.password_typed(client)
    weak = client.post(url, {"password1": "abcdefghij", "password2": "abcdefghij"})
    assert "至少3类" in weak.content.decode()
    done = client.post(url, {"password1": "Xin-Mima-2027", "password2": "Xin-Mima-2027"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xin-Mima-2027")
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in
    assert AuditEntry.objects.filter(action="account.password_changed").count() == 1


def test_mobile_change_is_proven_by_a_code_to_the_new_number(
        client: Client, sms_outbox: list) -> None:
    from zhicheng.accounts.models import User

    user = factories.make_user()
    taken = factories.make_user()
    client.force_login(user)
    url = reverse("accounts:mobile_change")
    page = client.post(url, {"mobile": taken.mobile, "action": "send_code"})
    assert "该手机号码已注册" in page.content.decode() and not sms_outbox
    client.post(url, {"mobile": "13700001111", "action": "send_code"})
    assert sms_outbox[-1][0] == "13700001111"
    code = sms_outbox[-1][1].split("验证码为 ")[1][:6]
    done = client.post(url, {"mobile": "13700001111", "sms_code": code, "action": "change"})
    assert done.status_code == 302
    assert User.objects.by_mobile("13700001111").get() == user
    row = AuditEntry.objects.get(action="account.mobile_changed")
    assert row.after["mobile"] == "137****1111"
