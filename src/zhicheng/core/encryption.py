"""Personal identifiers encrypted at rest, and found again by a keyed hash.

A column declared with `EncryptedCharField` holds `v1:` + base64(nonce ‖ AES-256-GCM
ciphertext ‖ tag); Python code reads and writes plain text. The nonce is random, so equal
values give different ciphertexts and the column cannot be searched: a `LookupDigestField`
next to it holds HMAC-SHA256 of the plain value, kept in step on every save, and carries the
unique index and the lookups (`User.objects.by_mobile(...)`).

One secret, `ZHICHENG_FIELD_KEY` (base64 of 32 random bytes), gives both keys through HKDF,
each for its own use. The column name is bound to each ciphertext as associated data, so a
value copied into another column does not decrypt. A wrong or missing key fails loudly, never
by returning ciphertext or an empty value.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import models

from .fieldkey import KEY_BYTES, FieldKeyError, generate_key, parse_key

__all__ = ["DecryptionError", "DigestQuerySet", "DigestSyncMixin", "EncryptedCharField",
           "FieldKeyError", "LookupDigestField", "decrypt", "digest", "encrypt", "generate_key",
           "parse_key"]

PREFIX = "v1:"
NONCE_BYTES = 12
TAG_BYTES = 16
ALLOWED_LOOKUPS = frozenset({"isnull"})


class DecryptionError(RuntimeError):
    """A stored value does not decrypt with the configured key (wrong key or altered data)."""


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=b"zhicheng " + purpose).derive(secret)


@lru_cache(maxsize=4)
def _keys(text: str) -> tuple[AESGCM, bytes]:
    secret = parse_key(text)
    return AESGCM(_derive(secret, b"field encryption v1")), _derive(secret, b"lookup digest v1")


def _current() -> tuple[AESGCM, bytes]:
    return _keys(getattr(settings, "FIELD_ENCRYPTION_KEY", "") or "")


def encrypt(plain: str, context: str) -> str:
    aead, _mac = _current()
    nonce = os.urandom(NONCE_BYTES)
    sealed = aead.encrypt(nonce, plain.encode("utf-8"), context.encode("utf-8"))
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str, context: str) -> str:
    aead, _mac = _current()
    if not token.startswith(PREFIX):
        raise DecryptionError(f"{context} 的存储值不是密文（缺少 {PREFIX} 前缀），"
                              "请先运行数据库迁移（migrate）")
    try:
        blob = base64.b64decode(token[len(PREFIX):], validate=True)
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise ValueError
        plain = aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode("utf-8"))
    except (InvalidTag, binascii.Error, ValueError):
        raise DecryptionError(f"{context} 无法解密：ZHICHENG_FIELD_KEY 与加密时的密钥不一致，"
                              "或数据已被改动") from None
    return plain.decode("utf-8")


def digest(plain: str, context: str) -> str:
    """The keyed lookup hash (hex) of a plain value."""
    _aead, mac = _current()
    msg = context.encode("utf-8") + b"\x00" + plain.encode("utf-8")
    return hmac.new(mac, msg, hashlib.sha256).hexdigest()


def ciphertext_length(max_chars: int) -> int:
    """Longest stored value for a plain value of at most max_chars characters."""
    raw = NONCE_BYTES + 4 * max_chars + TAG_BYTES  # UTF-8 needs at most 4 bytes a character
    return len(PREFIX) + 4 * -(-raw // 3)


class EncryptedCharField(models.CharField):
    """A CharField stored as AES-256-GCM ciphertext. Only `isnull` lookups are allowed.

    `max_length` limits the plain value (forms and validation see plain text); the column
    is wide enough for the ciphertext.
    """

    description = "Encrypted text"

    def __init__(self, *args: Any, context: str | None = None, **kwargs: Any) -> None:
        self.context = context
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any,
                            **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        if self.context is None:
            self.context = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "zhicheng.core.encryption.EncryptedCharField", args, kwargs

    def db_type(self, connection: Any) -> str | None:
        column = connection.data_types["CharField"]
        data = {"max_length": ciphertext_length(self.max_length or 255)}
        return column(data) if callable(column) else column % data

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"{self.model.__name__}.{self.name} 以密文存储，不能按“{lookup_name}”查询；"
                f"请按 {self.name}_digest 查询（如 User.objects.by_{self.name}()）")
        return super().get_lookup(lookup_name)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value), self.context or "")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value, self.context or "")

    def lookup_digest(self, value: str) -> str:
        return digest(value, self.context or "")


class LookupDigestField(models.CharField):
    """HMAC-SHA256 of another field's plain value, recomputed whenever the row is saved."""

    description = "Keyed hash of another field"

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        if kwargs.get("max_length") == 64:
            kwargs.pop("max_length")
        return name, "zhicheng.core.encryption.LookupDigestField", args, kwargs

    def source_field(self) -> EncryptedCharField:
        return self.model._meta.get_field(self.source)  # type: ignore[return-value]

    def compute(self, instance: models.Model) -> str | None:
        value = getattr(instance, self.source)
        return None if value is None else self.source_field().lookup_digest(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def digest_fields(model: type[models.Model]) -> list[LookupDigestField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, LookupDigestField)]


class DigestQuerySet(models.QuerySet):
    """`update(mobile=...)` also updates `mobile_digest`."""

    def update(self, **kwargs: Any) -> int:
        for f in digest_fields(self.model):
            if f.source in kwargs:
                value = kwargs[f.source]
                kwargs[f.name] = None if value is None else f.source_field().lookup_digest(value)
        return super().update(**kwargs)


class DigestSyncMixin(models.Model):
    """Keeps each LookupDigestField in step with its source, also for partial saves and
    validation, and reports uniqueness of a digest against the plain field a form shows."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            fields |= {f.name for f in digest_fields(type(self)) if f.source in fields}
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    def sync_digests(self) -> None:
        for f in digest_fields(type(self)):
            setattr(self, f.attname, f.compute(self))

    def _digest_exclusions(self, exclude: Any) -> set[str]:
        exclude = set(exclude or ())
        for f in digest_fields(type(self)):
            if f.source not in exclude:
                exclude.discard(f.name)
        return exclude

    def _on_plain_fields(self, exc: Any) -> Any:
        from django.core.exceptions import ValidationError

        if not hasattr(exc, "error_dict"):
            return exc
        plain = {f.name: f.source for f in digest_fields(type(self))}
        return ValidationError({plain.get(k, k): v for k, v in exc.error_dict.items()})

    def validate_unique(self, exclude: Any = None) -> None:
        from django.core.exceptions import ValidationError

        self.sync_digests()
        try:
            super().validate_unique(self._digest_exclusions(exclude))
        except ValidationError as exc:
            raise self._on_plain_fields(exc) from None

    def validate_constraints(self, exclude: Any = None) -> None:
        from django.core.exceptions import ValidationError

        self.sync_digests()
        try:
            super().validate_constraints(self._digest_exclusions(exclude))
        except ValidationError as exc:
            raise self._on_plain_fields(exc) from None
