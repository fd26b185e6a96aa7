"""Account state changes: each runs in one transaction and writes its audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhicheng.audit.domain import Who, record

from . import codes
from .models import User


def register(data: dict[str, Any], code_id: int, who: Who) -> User:
    """Create the user, use up the code and audit it, all or nothing."""
    with transaction.atomic():
        user = User(
            name=data["name"], sex=data["sex"], id_type=data["id_type"],
            id_number=data["id_number"], birth_date=data["birth_date"],
            email=data["email"], mobile=data["mobile"],
        )
        user.set_password(data["password1"])
        user.save()
        codes.consume(code_id)
        record(Who(actor=user, ip=who.ip), user, "account.registered", after=user.audit_data())
    return user


def reset_password(user: User, password: str, code_id: int, who: Who) -> None:
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        codes.consume(code_id)
        record(Who(actor=user, ip=who.ip), user, "account.password_reset")


def change_password(user: User, password: str, who: Who) -> None:
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(who, user, "account.password_changed")


def change_mobile(user: User, mobile: str, code_id: int, who: Who) -> None:
    """Move the account to a new mobile (the sign-in name), proven by a code sent to it."""
    with transaction.atomic():
        before = user.mobile
        user.mobile = mobile
        user.save(update_fields=["mobile"])
        codes.consume(code_id)
        record(who, user, "account.mobile_changed", before={"mobile": before},
               after={"mobile": mobile})
