"""Real-name registration with an SMS code: the whole form, through the web page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.accounts.models import User, VerificationCode
from zhicheng.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = reverse("accounts:register")
GOOD_ID = "11010519491231002X"


def form(**overrides: str) -> dict[str, str]:
    data = {"name": "王小明", "sex": "female", "id_type": "resident_id", "id_number": GOOD_ID,
            "birth_date": "1949-12-31", "email": "w@example.com", "mobile": "13912345678",
            "sms_code": "", "password1": "Shenbao-2026!", "password2": "Shenbao-2026!",
            "action": "register"}
    data.update(overrides)
    return data


def last_code(outbox: list[tuple[str, str]]) -> str:
    match = re.search(r"验证码为 (\d{6})", outbox[-1][1])
    assert match
    return match.group(1)


def send_code(client: Client, outbox: list[tuple[str, str]], **overrides: str) -> str:
    response = client.post(URL, form(action="send_code", **overrides))
    assert response.status_code == 200
    return last_code(outbox)


def test_register_with_code_creates_account_and_signs_in(client: Client, sms_outbox) -> None:
    code = send_code(client, sms_outbox)
    response = client.post(URL, form(sms_code=code))
    assert response.status_code == 302
    user = User.objects.by_mobile("13912345678").get()
    assert user.id_number == GOOD_ID and user.sex == "female"
    assert user.birth_date == date(1949, 12, 31)
    assert user.check_password("Shenbao-2026!")
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert AuditEntry.objects.filter(action="account.registered", object_id=str(user.pk)).exists()


def test_send_code_keeps_what_was_typed_but_not_the_password(client: Client, sms_outbox) -> None:
    response = client.post(URL, form(action="send_code"))
    html = response.content.decode()
    assert "王小明" in html and GOOD_ID in html and "w@example.com" in html
    assert "Shenbao-2026!" not in html
    assert "验证码已发送" in html
    assert sms_outbox[-1][0] == "13912345678"


def test_lower_case_x_is_stored_upper_case(client: Client, sms_outbox) -> None:
    code = send_code(client, sms_outbox)
    client.post(URL, form(sms_code=code, id_number=GOOD_ID.lower()))
    assert User.objects.get().id_number == GOOD_ID


def test_forged_id_number_is_refused_naming_the_field(client: Client, sms_outbox) -> None:
    code = send_code(client, sms_outbox)
    forged = GOOD_ID[:-1] + "1"
    response = client.post(URL, form(sms_code=code, id_number=forged))
    html = response.content.decode()
    assert response.status_code == 200
    assert "证件号码：" in html and "校验位" in html
    assert "王小明" in html and forged in html
    assert "Shenbao-2026!" not in html
    assert not User.objects.exists()
    # The code was not used up by the failed attempt.
    assert VerificationCode.objects.get().used_at is None


def test_birth_date_and_sex_must_agree_with_the_number(client: Client, sms_outbox) -> None:
    code = send_code(client, sms_outbox)
    html = client.post(URL, form(sms_code=code, birth_date="1950-01-01", sex="male")
                       ).content.decode()
    assert "出生日期与证件号码不符" in html
    assert "性别与证件号码不符" in html
    assert not User.objects.exists()


def test_passwords_must_match_and_be_strong(client: Client, sms_outbox) -> None:
    code = send_code(client, sms_outbox)
    html = client.post(URL, form(sms_code=code, password2="other-Pass-1")).content.decode()
    assert "两次输入的密码不一致" in html
    html = client.post(URL, form(sms_code=code, password1="12345678", password2="12345678")
                       ).content.decode()
    assert "密码：" in html
    assert not User.objects.exists()


def test_duplicate_id_number_and_mobile_are_refused(client: Client, sms_outbox) -> None:
    factories.make_user(id_number=GOOD_ID, mobile="13912345678", birth_date=date(1949, 12, 31),
                        male=False)
    response = client.post(URL, form(sms_code="123456"))
    html = response.content.decode()
    assert "该证件号码已注册" in html
    assert "该手机号码已注册" in html
    assert User.objects.count() == 1


def test_missing_code_is_an_error(client: Client) -> None:
    html = client.post(URL, form()).content.decode()
    assert "短信验证码：请填写短信验证码" in html


def test_wrong_code_is_refused_and_counted(client: Client, sms_outbox) -> None:
    code = send_code(client, sms_outbox)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    html = client.post(URL, form(sms_code=wrong)).content.decode()
    assert "验证码不正确" in html
    assert VerificationCode.objects.get().attempts == 1
    assert not User.objects.exists()


def test_too_many_wrong_codes_invalidate_the_code(client: Client, sms_outbox, settings) -> None:
    code = send_code(client, sms_outbox)
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    for _ in range(settings.SMS_CODE_MAX_ATTEMPTS):
        client.post(URL, form(sms_code=wrong))
    html = client.post(URL, form(sms_code=code)).content.decode()
    assert "错误次数过多" in html
    assert not User.objects.exists()


def test_expired_code_is_refused(client: Client, sms_outbox) -> None:
    code = send_code(client, sms_outbox)
    VerificationCode.objects.update(expires_at=VerificationCode.objects.get().created_at)
    html = client.post(URL, form(sms_code=code)).content.decode()
    assert "验证码已过期" in html
    assert not User.objects.exists()


def test_code_is_single_use(client: Client, sms_outbox) -> None:
    from zhicheng.accounts import codes

    code = send_code(client, sms_outbox)
    client.post(URL, form(sms_code=code))
    assert User.objects.count() == 1
    with pytest.raises(codes.CodeError, match="已使用"):
        codes.check("13912345678", "register", code)
    code_id = VerificationCode.objects.get().pk
    with pytest.raises(codes.CodeError, match="已使用"):
        codes.consume(code_id)


def test_code_resend_is_rate_limited(client: Client, sms_outbox) -> None:
    send_code(client, sms_outbox)
    html = client.post(URL, form(action="send_code")).content.decode()
    assert "过于频繁" in html
    assert len(sms_outbox) == 1


def test_daily_limit_per_mobile(client: Client, sms_outbox, settings) -> None:
    past = VerificationCode.objects
    for i in range(settings.SMS_CODE_MAX_PER_MOBILE_PER_DAY):
        past.create(mobile="13912345678", purpose="register", code_hash="x",
                    expires_at=factories_now() - timedelta(minutes=1),
                    created_at=factories_now() - timedelta(minutes=5 + i))
    html = client.post(URL, form(action="send_code")).content.decode()
    assert "上限" in html
    assert sms_outbox == []


def test_bad_mobile_for_code_names_the_field(client: Client, sms_outbox) -> None:
    html = client.post(URL, form(action="send_code", mobile="1234")).content.decode()
    assert "手机号码：" in html
    assert sms_outbox == []


def factories_now():
    from django.utils import timezone

    return timezone.now()


def test_console_file_backend_writes_outbox(tmp_path, settings, capsys) -> None:
    from zhicheng.accounts.sms import ConsoleFileBackend

    settings.SMS_OUTBOX_FILE = tmp_path / "sms.log"
    ConsoleFileBackend().send("13912345678", "测试短信")
    assert "测试短信" in (tmp_path / "sms.log").read_text(encoding="utf-8")
    assert "测试短信" in capsys.readouterr().out
