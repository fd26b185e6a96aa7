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


def test_libsodium_and_argon2_cffi_read_each_others_hashes() -> None:
    """The hasher computes with libsodium; what it stores is the standard form, so
    argon2-cffi (Django's own hasher) verifies it, and it verifies argon2-cffi's."""
    import argon2

    from zhicheng.accounts.passwords import Argon2idHasher

    ours = Argon2idHasher()
    encoded = ours.encode("Zhicheng@2026x", ours.salt())
    assert argon2.PasswordHasher().verify("$" + encoded.split("$", 1)[1], "Zhicheng@2026x")
    assert Argon2PasswordHasher().verify("Zhicheng@2026x", encoded)
    assert not ours.must_update(encoded)

    class Stock(Argon2PasswordHasher):  # argon2-cffi at the same setting
        memory_cost, time_cost, parallelism = 7 * 1024, 5, 1

    theirs = Stock().encode("Zhicheng@2026x", Stock().salt())
    assert ours.verify("Zhicheng@2026x", theirs) and not ours.must_update(theirs)
    assert not ours.verify("Zhicheng@2026y", theirs)
    assert not ours.verify("Zhicheng@2026y", encoded)
    # the same salt gives the same hash (Django's contract for encode), another salt not
    assert ours.encode("Zhicheng@2026x", "s" * 22) == ours.encode("Zhicheng@2026x", "s" * 22)
    assert ours.encode("Zhicheng@2026x", "s" * 22) != ours.encode("Zhicheng@2026x", "t" * 22)


def test_hashes_libsodium_cannot_compute_go_to_argon2_cffi() -> None:
    from zhicheng.accounts.passwords import Argon2idHasher

    ours = Argon2idHasher()
    lanes = Argon2PasswordHasher().encode("Zhicheng@2026x", Argon2PasswordHasher().salt())
    assert ",p=8$" in lanes
    assert ours.verify("Zhicheng@2026x", lanes)
    assert not ours.verify("Zhicheng@2026y", lanes)
    assert not ours.verify("Zhicheng@2026x", "pbkdf2_sha256$1000$salt$abc")
