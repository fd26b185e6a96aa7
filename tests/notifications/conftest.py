from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from zhicheng.notifications.backends import LocmemBackend


@pytest.fixture(autouse=True)
def outbox() -> Iterator[list[tuple[str, str, str, str]]]:
    LocmemBackend.outbox.clear()
    LocmemBackend.fail_next = 0
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()
    LocmemBackend.fail_next = 0


SAMPLE: dict[str, Any] = {
    "plan": "2026年度工程系列中级职称评审",
    "reason": '业绩证明缺少"盖章"页 & <附件>',
    "url": "https://zc.example.cn/applications/42/",
    "deadline": date(2026, 5, 31),
    "acceptance_no": "ZC2026-000123",
    "amount": Decimal("300.00"),
    "result": "通过（中级工程师）",
    "applicant": "李四",
    "when": "2026年12月08日 09:30",
    "place": "评委会办公室一楼会议室",
    "title": "关于某系统的技术总结报告",
    "ratio": "92%",
}


@pytest.fixture
def sample() -> dict[str, Any]:
    return dict(SAMPLE)
