"""Health and readiness for the proxy, the process supervisor and the load balancer.

/healthz: the process answers (no database, so a slow database does not get healthy
workers restarted). /readyz: the database, the cache, the task queue and the file storage
answer; 503 naming the part that does not. Neither says more than ok or error: the
exception goes to the log with the request id."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .access import public

log = logging.getLogger(__name__)
_migrations_checked = False


def _database() -> None:
    global _migrations_checked
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if not _migrations_checked:  # once per process: the plan walk costs ~50 ms
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise RuntimeError("unapplied migrations")
        _migrations_checked = True


def _cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not keep a value")
    cache.delete(key)


def _tasks() -> None:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq"):
        import django_rq

        django_rq.get_connection("default").ping()


def _storage() -> None:
    default_storage.exists("readyz-probe")


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database, "cache": _cache, "tasks": _tasks, "storage": _storage}


@public
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Public: the process is up."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Public: every dependency answers (ok/error per part, no details)."""
    results: dict[str, str] = {}
    timings: dict[str, float] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception:
            log.exception("readiness check %s failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
        timings[name] = round((time.perf_counter() - started) * 1000, 1)
    ready = all(v == "ok" for v in results.values())
    return JsonResponse({"status": "ok" if ready else "error", "checks": results,
                         "ms": timings}, status=200 if ready else 503)
