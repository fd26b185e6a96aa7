"""Sign-in by mobile or ID number, and password reset by SMS."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")


@pytest.mark.parametrize("by", ["mobile", "id_number", "id_lower"])
def test_sign_in_by_mobile_or_id_number(client: Client, by: str) -> None:
    user = factories.make_user(id_number="11010519491231002X")
    ident = {"mobile": user.mobile, "id_number": user.id_number,
             "id_lower": user.id_number.lower()}[by]
    response = client.post(LOGIN, {"identifier": ident, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert AuditEntry.objects.filter(action="account.signed_in").count() == 1


def test_wrong_password_is_refused_without_saying_which_part(client: Client) -> None:
    user = factories.make_user()
    response = client.post(LOGIN, {"identifier": user.mobile, "password": "wrong-pass"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "手机号码/证件号码或密码不正确" in html
    assert user.mobile in html  # what was typed is kept
    assert "_auth_user_id" not in client.session


def test_unknown_user_gets_the_same_message(client: Client) -> None:
    html = client.post(LOGIN, {"identifier": "13000000000", "password": "x"}).content.decode()
    assert "手机号码/证件号码或密码不正确" in html


def test_inactive_user_cannot_sign_in(client: Client) -> None:
    user = factories.make_user(is_active=False)
    client.post(LOGIN, {"identifier": user.mobile, "password": factories.PASSWORD})
    assert "_auth_user_id" not in client.session


def test_next_is_followed_only_on_this_site(client: Client) -> None:
    user = factories.make_user()
    ok = client.post(LOGIN, {"identifier": user.mobile, "password": factories.PASSWORD,
                             "next": "/accounts/me/"})
    assert ok.url == "/accounts/me/"
    client.logout()
    evil = client.post(LOGIN, {"identifier": user.mobile, "password": factories.PASSWORD,
                               "next": "https://evil.example/"})
    assert evil.url == reverse("core:dashboard")


def _code(outbox: list[tuple[str, str]]) -> str:
    m = re.search(r"验证码为 (\d{6})", outbox[-1][1])
    assert m
    return m.group(1)


def test_password_reset_by_sms(client: Client, sms_outbox) -> None:
    user = factories.make_user()
    client.post(RESET, {"mobile": user.mobile, "action": "send_code"})
    assert sms_outbox and sms_outbox[-1][0] == user.mobile
    response = client.post(RESET, {"mobile": user.mobile, "sms_code": _code(sms_outbox),
                                   "password1": "Xin-Mima-2026", "password2": "Xin-Mima-2026",
                                   "action": "reset"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xin-Mima-2026")
    assert AuditEntry.objects.filter(action="account.password_reset").exists()
    ok = client.post(LOGIN, {"identifier": user.mobile, "password": "Xin-Mima-2026"})
    assert ok.status_code == 302


def test_reset_code_cannot_be_reused(client: Client, sms_outbox) -> None:
    user = factories.make_user()
    client.post(RESET, {"mobile": user.mobile, "action": "send_code"})
    data = {"mobile": user.mobile, "sms_code": _code(sms_outbox), "password1": "Xin-Mima-2026",
            "password2": "Xin-Mima-2026", "action": "reset"}
    assert client.post(RESET, data).status_code == 302
    again = client.post(RESET, data | {"password1": "Zai-Mima-2027", "password2": "Zai-Mima-2027"})
    assert "验证码已使用" in again.content.decode()
    user.refresh_from_db()
    assert user.check_password("Xin-Mima-2026")


def test_reset_for_unknown_mobile_reveals_nothing_and_sends_nothing(client: Client,
                                                                   sms_outbox) -> None:
    html = client.post(RESET, {"mobile": "13000000009", "action": "send_code"}).content.decode()
    assert "如该手机号码已注册" in html
    assert sms_outbox == []


def test_office_created_account_sets_password_by_reset(client: Client, sms_outbox) -> None:
    from zhicheng.accounts.models import User

    user = User.objects.create_user(mobile="13700000001", name="经办人")
    user.set_unusable_password()
    user.save()
    client.post(RESET, {"mobile": user.mobile, "action": "send_code"})
    client.post(RESET, {"mobile": user.mobile, "sms_code": _code(sms_outbox),
                        "password1": "Jingban-2026", "password2": "Jingban-2026",
                        "action": "reset"})
    user.refresh_from_db()
    assert user.check_password("Jingban-2026")
