"""Lock-out after failed sign-ins: 5 per account, 20 per address, in 15 minutes, 15 minutes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhicheng.accounts.models import LoginFailure
from zhicheng.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
WRONG = "Wrong-Password-1"


def attempt(client: Client, identifier: str, password: str = WRONG,
            ip: str = "10.0.0.1") -> str:
    response = client.post(LOGIN, {"identifier": identifier, "password": password},
                           REMOTE_ADDR=ip)
    return "signed-in" if response.status_code == 302 else response.content.decode()


def test_five_failures_lock_the_account_for_fifteen_minutes(client: Client) -> None:
    user = factories.make_user()
    for _ in range(4):
        assert "手机号码/证件号码或密码不正确" in attempt(client, user.mobile)
    html = attempt(client, user.mobile)
    assert "登录失败次数过多，该账号已暂时锁定，请 15 分钟后再试" in html
    # the right password does not help while locked, by mobile or by ID number
    assert "已暂时锁定" in attempt(client, user.mobile, factories.PASSWORD)
    assert "已暂时锁定" in attempt(client, user.id_number, factories.PASSWORD, ip="10.0.0.2")
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.count() == 5  # refused attempts are not counted
    locked = AuditEntry.objects.get(action="account.locked")
    assert locked.object_id == str(user.pk) and locked.ip == "10.0.0.1"

    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=10))
    assert "请 5 分钟后再试" in attempt(client, user.mobile, factories.PASSWORD)
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=15, seconds=1))
    assert attempt(client, user.mobile, factories.PASSWORD) == "signed-in"


def test_an_unknown_identifier_is_answered_exactly_like_an_account(client: Client) -> None:
    user = factories.make_user()
    answers = []
    for identifier in (user.mobile, "13000000000"):
        for _ in range(5):
            html = attempt(client, identifier)
        answers.append(re.search(r'<div class="form-errors".*?</div>', html, re.S).group(0))
    assert "已暂时锁定" in answers[0]
    assert answers[0] == answers[1]


def test_a_success_clears_the_accounts_counter(client: Client) -> None:
    user = factories.make_user()
    for _ in range(4):
        attempt(client, user.mobile)
    assert attempt(client, user.mobile, factories.PASSWORD) == "signed-in"
    client.logout()
    for _ in range(4):
        assert "已暂时锁定" not in attempt(client, user.mobile)


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client: Client) -> None:
    user = factories.make_user()
    for _ in range(4):
        attempt(client, user.mobile)
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert "已暂时锁定" not in attempt(client, user.mobile)
    assert attempt(client, user.mobile, factories.PASSWORD) == "signed-in"


def test_twenty_failures_from_one_address_refuse_that_address(client: Client) -> None:
    people = [factories.make_user() for _ in range(5)]
    answers = [attempt(client, person.mobile, ip="10.9.9.9") for person in people
               for _ in range(4)]
    assert not any("已暂停登录" in html for html in answers[:19])
    assert "本网络地址登录失败次数过多，已暂停登录，请 15 分钟后再试" in answers[19]
    html = attempt(client, factories.make_user().mobile, factories.PASSWORD, ip="10.9.9.9")
    assert "已暂停登录" in html
    assert attempt(client, people[0].mobile, factories.PASSWORD, ip="10.8.8.8") == "signed-in"
    assert AuditEntry.objects.filter(action="login.address_blocked",
                                     object_id="10.9.9.9").count() == 1


def test_the_admin_sign_in_is_locked_out_too(client: Client) -> None:
    admin_user = factories.make_user(is_staff=True, is_superuser=True)
    for _ in range(5):
        attempt(client, admin_user.mobile)
    response = client.post(reverse("admin:login"), {
        "username": admin_user.mobile, "password": factories.PASSWORD,
        "next": "/admin/"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 200  # the form again, not a redirect into the admin
    assert "_auth_user_id" not in client.session
