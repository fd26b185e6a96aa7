from __future__ import annotations

from collections.abc import Iterator

import pytest

from zhicheng.notifications.backends import LocmemBackend

from . import chain as chain_module


@pytest.fixture(autouse=True)
def _outbox() -> Iterator[None]:
    LocmemBackend.outbox.clear()
    yield
    LocmemBackend.outbox.clear()


@pytest.fixture
def chain(db: None) -> chain_module.Chain:
    return chain_module.build()
