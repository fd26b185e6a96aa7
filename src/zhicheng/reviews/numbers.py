"""Acceptance numbers (受理号) in the format an office sets (pure: no Django)."""

from __future__ import annotations

import re
import string

FIELDS = {"year", "plan", "level", "seq"}
_SPEC = re.compile(r"0?\d{0,2}d?")


class FormatError(ValueError):
    pass


def check_format(fmt: str) -> None:
    """Refuse a format that would not give unique, readable numbers; messages in Chinese."""
    try:
        parts = list(string.Formatter().parse(fmt))
    except ValueError:
        raise FormatError("受理号格式有误：花括号须成对出现，如 {year}-{seq:04d}") from None
    names = [name for _, name, _, _ in parts if name is not None]
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise FormatError(f"受理号格式中的“{{{unknown[0]}}}”不可用，"
                          "只能使用 {year}、{plan}、{level}、{seq}")
    if "seq" not in names:
        raise FormatError("受理号格式须包含序号 {seq}，否则受理号会重复")
    for _, name, spec, conv in parts:
        if name == "seq" and not _SPEC.fullmatch(spec or ""):
            raise FormatError("序号的格式只能是补零位数，如 {seq:04d}")
        if name and name != "seq" and (spec or conv):
            raise FormatError(f"{{{name}}} 不能带格式说明")
    if len(render(fmt, year=2023, plan="x" * 30, level="engineer", seq=99999)) > 40:
        raise FormatError("受理号过长（最多40个字符）")


def render(fmt: str, *, year: int, plan: str, level: str, seq: int) -> str:
    return fmt.format(year=year, plan=plan, level=level, seq=seq)
