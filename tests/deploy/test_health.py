"""/healthz answers without the database; /readyz checks the database, the cache, the task
queue and the storage, and says 503 naming the part that fails (no details)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def test_healthz_needs_no_database(client: Client) -> None:
    # no django_db mark: any database access here would raise
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert "no-cache" in r["Cache-Control"]
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_checks_every_part(client: Client) -> None:
    r = client.get("/readyz")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "tasks": "ok", "storage": "ok"}


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_server_is_down(client: Client, settings: Any) -> None:
    # a Redis cache pointed at a port where nothing listens: a real connection refusal
    # (Django's test signals rebuild the cache handlers when CACHES changes)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0"}}
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["checks"]["cache"] == "error"
    assert r.json()["checks"]["database"] == "ok"
    assert "Connection" not in r.content.decode()  # no exception text to the public


@pytest.mark.django_db
def test_readyz_is_503_when_the_queue_server_is_down(client: Client, settings: Any) -> None:
    pytest.importorskip("django_rq")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend",
                                  "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0"}}
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["checks"]["tasks"] == "error"
