"""Identity document numbers: GB 11643-1999 resident IDs and the other types registration accepts.

Pure functions; messages are Chinese and name what is wrong so a form can show them as-is.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

RESIDENT_ID = "resident_id"
PASSPORT = "passport"
HK_MACAO_PERMIT = "hk_macao_permit"
TAIWAN_PERMIT = "taiwan_permit"
FOREIGN_PERMANENT_ID = "foreign_permanent_id"

ID_TYPES: dict[str, str] = {
    RESIDENT_ID: "居民身份证",
    PASSPORT: "护照",
    HK_MACAO_PERMIT: "港澳居民来往内地通行证",
    TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    FOREIGN_PERMANENT_ID: "外国人永久居留身份证",
}

_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_CHECK_CODES = "10X98765432"
# First two digits of the administrative division code (GB/T 2260), plus 83 for Taiwan
# residence permits, 81/82 for Hong Kong and Macao residence permits.
_PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83",
}


_RESIDENT = re.compile(r"[0-9]{17}[0-9X]")


class IdNumberError(ValueError):
    """The number is malformed; the message says why, in Chinese."""


class IdFacts(NamedTuple):
    """What the number itself says about its holder, where the type encodes it."""

    number: str
    birth_date: date | None = None
    sex: str | None = None  # "male" | "female"


def normalise(number: str) -> str:
    """Strip spaces and full-width characters and upper-case letters (x becomes X)."""
    if number.isascii() and number.isalnum():
        return number.upper()
    out = []
    for ch in number.strip():
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        if not ch.isspace():
            out.append(ch)
    return "".join(out).upper()


def check_digit(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2) of 17 digits."""
    total = sum(map(int.__mul__, map(int, first17), _WEIGHTS))
    return _CHECK_CODES[total % 11]


def _birth_date(digits: str, today: date) -> date:
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdNumberError(f"证件号码中的出生日期 {digits[0:8]} 不是有效日期") from None
    if born.year < 1900 or born > today:
        raise IdNumberError(f"证件号码中的出生日期 {born.isoformat()} 不在合理范围内")
    return born


def parse_resident_id(number: str, today: date | None = None) -> IdFacts:
    """Check an 18-digit resident ID and return its birth date and sex."""
    today = today or date.today()
    n = normalise(number)
    if not _RESIDENT.fullmatch(n):
        raise IdNumberError("居民身份证号码应为18位：前17位为数字，最后一位为数字或X")
    if n[:2] not in _PROVINCES:
        raise IdNumberError(f"居民身份证号码的地区码 {n[:6]} 无效")
    born = _birth_date(n[6:14], today)
    expected = check_digit(n[:17])
    if n[17] != expected:
        raise IdNumberError("居民身份证号码校验位不正确，请核对后重新输入")
    sex = "male" if int(n[16]) % 2 == 1 else "female"
    return IdFacts(number=n, birth_date=born, sex=sex)


def parse(id_type: str, number: str, today: date | None = None) -> IdFacts:
    """Check a number of any accepted type; raise IdNumberError with a Chinese message."""
    today = today or date.today()
    n = normalise(number)
    if not n:
        raise IdNumberError("请填写证件号码")
    if id_type == RESIDENT_ID:
        return parse_resident_id(n, today)
    if id_type == PASSPORT:
        if not re.fullmatch(r"[A-Z0-9]{5,17}", n):
            raise IdNumberError("护照号码应为5至17位字母或数字")
        return IdFacts(number=n)
    if id_type == HK_MACAO_PERMIT:
        if not re.fullmatch(r"[HM]\d{8}(\d{2})?", n):
            raise IdNumberError("港澳居民来往内地通行证号码应为H或M开头，后接8位或10位数字")
        return IdFacts(number=n)
    if id_type == TAIWAN_PERMIT:
        if not re.fullmatch(r"\d{8}", n):
            raise IdNumberError("台湾居民来往大陆通行证号码应为8位数字")
        return IdFacts(number=n)
    if id_type == FOREIGN_PERMANENT_ID:
        if re.fullmatch(r"[A-Z]{3}\d{12}", n):
            return IdFacts(number=n)
        if re.fullmatch(r"9\d{16}[\dX]", n):
            born = _birth_date(n[6:14], today)
            if n[17] != check_digit(n[:17]):
                raise IdNumberError("外国人永久居留身份证号码校验位不正确")
            return IdFacts(number=n, birth_date=born)
        raise IdNumberError("外国人永久居留身份证号码应为18位（9开头）或15位（3个字母加12位数字）")
    raise IdNumberError("请选择证件类型")


def mask(number: str | None) -> str:
    """Show the first 4 and last 4 characters only: 1101**********002X."""
    if not number:
        return ""
    if len(number) <= 8:
        return number[:1] + "*" * (len(number) - 2) + number[-1:] if len(number) > 2 else "**"
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_mobile(mobile: str | None) -> str:
    """138****5678."""
    if not mobile:
        return ""
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) >= 8 else "****"
