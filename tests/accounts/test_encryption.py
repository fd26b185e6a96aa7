"""ID numbers and mobiles are stored encrypted and found by keyed hashes (core.encryption)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.urls import reverse

from tests import factories
from zhicheng.accounts.backends import find_user
from zhicheng.accounts.models import User, VerificationCode
from zhicheng.audit.models import AuditEntry
from zhicheng.core import encryption
from zhicheng.core.fieldkey import FieldKeyError, generate_key

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
MOBILE = "13912345678"


def raw_row(table: str, pk: int, columns: str) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def test_raw_columns_hold_ciphertext_not_the_id_number_or_mobile() -> None:
    user = factories.make_user(id_number=ID, mobile=MOBILE)
    mobile, number, mobile_digest, number_digest = raw_row(
        "accounts_user", user.pk, "mobile, id_number, mobile_digest, id_number_digest")
    for stored in (mobile, number):
        assert stored.startswith("v1:")
    whole_row = " ".join(str(v) for v in raw_row("accounts_user", user.pk, "*"))
    assert ID not in whole_row and ID.lower() not in whole_row
    assert MOBILE not in whole_row
    assert len(mobile_digest) == len(number_digest) == 64
    user.refresh_from_db()
    assert (user.id_number, user.mobile) == (ID, MOBILE)  # plain text in Python


def test_equal_values_give_different_ciphertexts_and_columns_are_bound() -> None:
    a = encryption.encrypt(MOBILE, "accounts.user.mobile")
    b = encryption.encrypt(MOBILE, "accounts.user.mobile")
    assert a != b
    assert encryption.decrypt(a, "accounts.user.mobile") == MOBILE
    with pytest.raises(encryption.DecryptionError):  # copied into another column
        encryption.decrypt(a, "accounts.user.id_number")


def test_lookups_go_through_the_digests() -> None:
    user = factories.make_user(id_number=ID, mobile=MOBILE)
    assert User.objects.by_mobile(MOBILE).get() == user
    assert User.objects.by_id_number(ID).get() == user
    assert User.objects.by_id_number(ID, "resident_id").get() == user
    assert not User.objects.by_id_number(ID, "passport").exists()
    assert User.objects.get_by_natural_key(MOBILE) == user
    assert find_user(MOBILE) == user
    assert find_user(ID.lower()) == user


def test_a_plain_lookup_on_an_encrypted_column_is_refused() -> None:
    with pytest.raises(FieldError, match="by_mobile"):
        User.objects.filter(mobile=MOBILE).exists()
    with pytest.raises(FieldError, match="by_id_number"):
        User.objects.filter(id_number__startswith="1101").exists()
    assert User.objects.filter(id_number__isnull=True).count() == 0


def test_changing_a_value_keeps_its_digest_in_step() -> None:
    user = factories.make_user(mobile=MOBILE)
    user.mobile = "13900000001"
    user.save(update_fields=["mobile"])
    assert User.objects.by_mobile("13900000001").get() == user
    assert not User.objects.by_mobile(MOBILE).exists()
    User.objects.filter(pk=user.pk).update(mobile="13900000002")
    assert User.objects.by_mobile("13900000002").get() == user
    user.refresh_from_db()
    assert user.mobile == "13900000002"


def test_a_wrong_key_fails_loudly() -> None:
    user = factories.make_user(id_number=ID)
    with override_settings(FIELD_ENCRYPTION_KEY=generate_key()):
        with pytest.raises(encryption.DecryptionError, match="ZHICHENG_FIELD_KEY"):
            User.objects.get(pk=user.pk)
        assert not User.objects.by_id_number(ID).exists()  # the digest key differs too


def test_a_missing_or_malformed_key_fails_loudly() -> None:
    with override_settings(FIELD_ENCRYPTION_KEY=""), pytest.raises(FieldKeyError):
        factories.make_user()
    with override_settings(FIELD_ENCRYPTION_KEY="c2hvcnQ="), pytest.raises(FieldKeyError,
                                                                          match="32"):
        factories.make_user()


def test_digests_are_unique() -> None:
    factories.make_user(id_number=ID, mobile=MOBILE)
    with transaction.atomic(), pytest.raises(IntegrityError):
        factories.make_user(mobile=MOBILE)
    with transaction.atomic(), pytest.raises(IntegrityError):
        factories.make_user(id_number=ID)
    factories.make_user(id_number=ID, id_type="passport")  # another document type
    factories.make_user(id_number=None, id_type="")
    factories.make_user(id_number=None, id_type="")  # accounts without an ID


def test_model_validation_names_the_plain_field() -> None:
    factories.make_user(id_number=ID, mobile=MOBILE)
    twin = User(name="重复", mobile=MOBILE, id_type="resident_id", id_number=ID)
    twin.set_password(factories.PASSWORD)
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    errors = caught.value.message_dict
    assert errors["mobile"] == ["该手机号码已注册"]
    assert "该证件号码已注册" in errors["__all__"]


def test_sms_codes_and_message_addresses_are_encrypted_too(client: Client) -> None:
    client.post(reverse("accounts:register"), {"mobile": MOBILE, "action": "send_code"})
    code = VerificationCode.objects.for_mobile(MOBILE).get()
    (stored,) = raw_row("accounts_verificationcode", code.pk, "mobile")
    assert stored.startswith("v1:") and MOBILE not in stored

    from zhicheng.notifications.models import Message

    user = factories.make_user(mobile=MOBILE)
    msg = Message.objects.create(recipient=user, channel="sms", address=user.mobile,
                                 event="test", body="正文")
    (stored,) = raw_row("notifications_message", msg.pk, "address")
    assert stored.startswith("v1:") and MOBILE not in stored
    msg.refresh_from_db()
    assert msg.address == MOBILE


def test_admin_finds_a_user_by_whole_mobile_or_id_number(client: Client) -> None:
    admin_user = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    factories.make_user(name="要找的人", id_number=ID, mobile=MOBILE)
    url = reverse("admin:accounts_user_changelist")
    assert "要找的人" in client.get(url, {"q": MOBILE}).content.decode()
    assert "要找的人" in client.get(url, {"q": ID.lower()}).content.decode()
    assert "要找的人" not in client.get(url, {"q": MOBILE[:7]}).content.decode()


def test_audit_rows_hold_no_plain_id_number_or_mobile(client: Client, sms_outbox: list) -> None:
    data = {"name": "王小明", "sex": "female", "id_type": "resident_id", "id_number": ID,
            "birth_date": "1949-12-31", "email": "w@example.com", "mobile": MOBILE,
            "password1": "Kexue-Jishu-2026", "password2": "Kexue-Jishu-2026"}
    client.post(reverse("accounts:register"), {**data, "action": "send_code"})
    code = sms_outbox[-1][1].split("验证码为 ")[1][:6]
    response = client.post(reverse("accounts:register"), {**data, "sms_code": code})
    assert response.status_code == 302
    rows = json.dumps([[e.before, e.after, e.reason, e.object_id]
                       for e in AuditEntry.objects.all()], ensure_ascii=False)
    assert "account.registered" in AuditEntry.objects.values_list("action", flat=True)
    assert ID not in rows and MOBILE not in rows


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_written_before_it() -> None:
    executor = MigrationExecutor(connection)
    before = [("accounts", "0002_initial")]
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_user (password, is_superuser, name, sex, id_type, "
                "id_number, mobile, email, is_active, is_staff, date_joined) VALUES "
                "('!', %s, '旧用户', 'female', 'resident_id', %s, %s, '', %s, %s, %s)",
                [False, ID, MOBILE, True, False, "2026-01-01 00:00:00+00:00"])
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        user = User.objects.by_mobile(MOBILE).get()
        assert (user.id_number, user.name) == (ID, "旧用户")
        assert User.objects.by_id_number(ID).get() == user
        mobile, number = raw_row("accounts_user", user.pk, "mobile, id_number")
        assert mobile.startswith("v1:") and number.startswith("v1:")
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection)
                                              .loader.graph.leaf_nodes())
