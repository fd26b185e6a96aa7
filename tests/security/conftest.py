"""One world per test module: built inside a transaction that is rolled back when the module
ends; each test runs in its own savepoint inside it (pytest-django's `db`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from zhicheng.notifications.backends import LocmemBackend

from .actors import TASK_BACKEND, World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, world_index: str) -> Iterator[World]:
    from django.core.cache import cache

    tasks = {**settings.TASKS, TASK_BACKEND: {"BACKEND": "django_tasks_db.DatabaseBackend",
                                              "QUEUES": ["default"]}}
    with django_db_blocker.unblock(), override_settings(TASKS=tasks):
        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world(world_index)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()
            LocmemBackend.outbox.clear()


@pytest.fixture(autouse=True)
def _own_overlap_index(settings: Any, world_index: str) -> None:
    """The suite's per-test index folder costs a tmp_path per case; the matrix's thousands
    of cases share one (each case's database changes are rolled back, and none indexes)."""
    settings.OVERLAP_INDEX = world_index


@pytest.fixture(scope="module")
def world_index(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("overlap-index"))
