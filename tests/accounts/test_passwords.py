"""Password rules: length 10, three kinds of characters, unlike the person, not common."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests import factories
from zhicheng.accounts.models import User
from zhicheng.accounts.passwords import CharacterClassValidator, character_classes

pytestmark = pytest.mark.django_db


def person() -> User:
    return User(name="张伟", mobile="13912345678", id_number="11010519491231002X",
                email="zhangwei@example.com")


@pytest.mark.parametrize("password", ["Zhicheng@2026", factories.PASSWORD, "密码Mima2026x"])
def test_the_demo_and_test_passwords_pass(password: str) -> None:
    validate_password(password, person())


@pytest.mark.parametrize(("password", "code"), [
    ("Ab1-short", "password_too_short"),
    ("lowercase-only-words", "password_too_simple"),
    ("abcdefgh12345", "password_too_simple"),
    ("98765432101234", "password_entirely_numeric"),
    ("Qwertyuiop", "password_too_simple"),
    ("1qaz2wsx3edc", "password_too_common"),
    ("Mm13912345678", "password_too_similar"),
    ("X11010519491231002x", "password_too_similar"),
    ("Zhangwei@example", "password_too_similar"),
])
def test_weak_passwords_are_refused(password: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, person())
    assert code in [e.code for e in caught.value.error_list]


def test_character_classes() -> None:
    assert character_classes("Aa1-") == {"大写字母", "小写字母", "数字", "符号"}
    assert character_classes("职称abc123") == {"符号", "小写字母", "数字"}
    assert character_classes("abc def") == {"小写字母"}


def test_messages_are_chinese() -> None:
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as caught:
            validate_password("abcdefgh12345", person())
        messages = " ".join(caught.value.messages)
    assert "至少3类" in messages and "大写字母、符号" in messages
    assert "大写字母" in CharacterClassValidator().get_help_text()


def test_registration_refuses_a_weak_password_in_chinese(client: Client) -> None:
    html = client.post(reverse("accounts:register"), {
        "name": "王小明", "sex": "female", "id_type": "resident_id",
        "id_number": "11010519491231002X", "birth_date": "1949-12-31",
        "email": "w@example.com", "mobile": "13912345678", "sms_code": "123456",
        "password1": "abcdefgh", "password2": "abcdefgh"}).content.decode()
    assert "至少3类" in html
    assert "密码太短，至少需要 10 个字符" in html
