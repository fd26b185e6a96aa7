"""Hash chaining of audit rows and masking of what they record. Pure: no Django import."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from zhicheng.identity.idnumber import mask, mask_mobile

GENESIS = "0" * 64
SENSITIVE_ID_KEYS = {"id_number", "idcard", "id_no", "certificate_id_number"}
SENSITIVE_MOBILE_KEYS = {"mobile", "phone"}
_RESIDENT_ID_RE = re.compile(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])")


def mask_data(value: Any, key: str | None = None) -> Any:
    """Mask ID numbers and mobiles anywhere in a JSON-like value."""
    if isinstance(value, Mapping):
        return {str(k): mask_data(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_data(v) for v in value]
    if isinstance(value, str):
        if key in SENSITIVE_ID_KEYS:
            return mask(value)
        if key in SENSITIVE_MOBILE_KEYS:
            return mask_mobile(value)
        return _RESIDENT_ID_RE.sub(lambda m: mask(m.group(0)), value)
    return value


def canonical(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8")


def row_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(fields)).hexdigest()


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def verify(links: Iterable[Link], head_seq: int | None = None,
           head_hash: str | None = None) -> Break | None:
    """Return the first broken link, or None when the chain is whole.

    A changed row breaks its own hash; a removed row breaks the next row's link; removed
    rows at the end are caught by the head, which records the last sequence and hash.
    """
    expected_prev = GENESIS
    expected_seq = 1
    last: Link | None = None
    for link in links:
        if link.seq != expected_seq:
            return Break(expected_seq, f"缺少第 {expected_seq} 条记录（下一条为第 {link.seq} 条）")
        if link.prev_hash != expected_prev:
            return Break(link.seq, "与上一条记录的链接不一致（上一条被修改或删除）")
        if row_hash(link.prev_hash, link.fields) != link.hash:
            return Break(link.seq, "记录内容与其哈希不符（记录被修改）")
        expected_prev = link.hash
        expected_seq += 1
        last = link
    if head_seq is not None:
        last_seq = last.seq if last else 0
        if head_seq != last_seq:
            return Break(last_seq + 1,
                         f"链头记录共 {head_seq} 条，实际只有 {last_seq} 条（末尾记录被删除）")
        if head_hash is not None and last is not None and head_hash != last.hash:
            return Break(last.seq, "链头哈希与最后一条记录不符")
    return None
