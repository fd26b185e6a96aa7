from __future__ import annotations

import pytest

from zhicheng.accounts.sms import LocmemBackend


@pytest.fixture(autouse=True)
def _sms_outbox() -> None:
    LocmemBackend.outbox.clear()


@pytest.fixture
def sms_outbox() -> list[tuple[str, str]]:
    return LocmemBackend.outbox
