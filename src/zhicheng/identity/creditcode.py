"""The unified social credit code of organisations (统一社会信用代码, GB 32100-2015). Pure."""

from __future__ import annotations

from .idnumber import normalise

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class CreditCodeError(ValueError):
    """The code is malformed; the message says why, in Chinese."""


def check_char(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(code: str) -> str:
    """Return the normalised code or raise CreditCodeError."""
    c = normalise(code)
    if len(c) != 18:
        raise CreditCodeError("统一社会信用代码应为18位")
    bad = sorted({ch for ch in c if ch not in ALPHABET})
    if bad:
        raise CreditCodeError(f"统一社会信用代码含有不允许的字符：{''.join(bad)}")
    if not c[2:8].isdigit():
        raise CreditCodeError("统一社会信用代码第3至8位应为行政区划码（数字）")
    if c[17] != check_char(c[:17]):
        raise CreditCodeError("统一社会信用代码校验位不正确，请核对后重新输入")
    return c
