"""The field encryption key: parsed and checked here, with no Django model import, so that
settings can refuse a bad key at start-up."""

from __future__ import annotations

import base64
import binascii
import os

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32


class FieldKeyError(ImproperlyConfigured):
    """The field key is missing or malformed."""


def generate_key() -> str:
    """A new value for ZHICHENG_FIELD_KEY."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_key(text: str | None) -> bytes:
    if not text:
        raise FieldKeyError(
            "未配置字段加密密钥：请设置环境变量 ZHICHENG_FIELD_KEY（32 字节随机数的 base64，"
            "可用 python -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())'"
            " 生成），并妥善备份；丢失密钥将无法读取证件号码和手机号码。")
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise FieldKeyError("ZHICHENG_FIELD_KEY 不是有效的 base64 文本") from None
    if len(raw) != KEY_BYTES:
        raise FieldKeyError(
            f"ZHICHENG_FIELD_KEY 解码后应为 {KEY_BYTES} 字节（当前 {len(raw)} 字节）")
    return raw
