"""Passwords are hashed with Argon2id at OWASP's setting; older hashes still sign in and
are re-made at that setting."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.test import override_settings

HASHERS = ["zhicheng.accounts.passwords.Argon2idHasher",
           "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@override_settings(PASSWORD_HASHERS=HASHERS)
def test_new_hashes_use_owasp_argon2id_parameters() -> None:
    encoded = make_password("Zhicheng@2026x")
    assert encoded.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")
    assert check_password("Zhicheng@2026x", encoded)
    assert not check_password("Zhicheng@2026y", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=HASHERS)
def test_hash_with_django_default_parameters_is_remade_at_sign_in() -> None:
    from tests import factories

    user = factories.make_user()
    user.password = Argon2PasswordHasher().encode("Zhicheng@2026x",
                                                 Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in user.password
    assert user.check_password("Zhicheng@2026x")
    user.refresh_from_db()
    assert "m=7168,t=5,p=1" in user.password
