from __future__ import annotations

from typing import Any

import pytest

from zhicheng.accounts.sms import LocmemBackend


@pytest.fixture(autouse=True)
def _sms_outbox() -> None:
    LocmemBackend.outbox.clear()


@pytest.fixture(autouse=True)
def _own_overlap_index(settings: Any, tmp_path: Any) -> None:
    """Each test gets an empty overlap index (the database is rolled back, files are not)."""
    settings.OVERLAP_INDEX = str(tmp_path / "overlap-index")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The cache outlives each test's rolled-back transaction (the work calendar is in it)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sms_outbox() -> list[tuple[str, str]]:
    return LocmemBackend.outbox
