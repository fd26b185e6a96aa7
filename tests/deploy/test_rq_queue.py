"""The production task queue: django-tasks' RQ backend on the Redis server of this machine.
A message queued by the platform is stored in Redis, run by an RQ worker and sent once;
a scheduled retry waits in Redis until its time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import redis
from django.db import transaction
from django.utils import timezone

from tests.factories import make_user
from zhicheng.notifications.backends import LocmemBackend
from zhicheng.notifications.domain import notify
from zhicheng.notifications.models import Message, Status

QUEUE_URL = "redis://127.0.0.1:6379/13"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def rq(settings: Any) -> Any:
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq", "django_tasks_rq"]
    settings.RQ_QUEUES = {"default": {"URL": QUEUE_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend",
                                  "QUEUES": ["default"]}}
    connection = redis.Redis.from_url(QUEUE_URL)
    connection.flushdb()
    LocmemBackend.outbox.clear()
    yield connection
    connection.flushdb()


def _worker() -> Any:
    import django_rq

    # the production worker class: jobs run in this process (no fork per job)
    return django_rq.get_worker("default", job_class="django_tasks_rq.Job",
                                worker_class="zhicheng.core.rqworker.Worker")


def test_a_message_goes_through_redis_and_is_sent_once(rq: Any) -> None:
    from django_tasks import task_backends

    assert type(task_backends["default"]).__name__ == "RQBackend"
    user = make_user()
    with transaction.atomic():
        [sms] = notify(user, "accepted", {"plan": "2026年度评审", "acceptance_no": "ZC-7",
                                          "url": "/a/"}, channels=("sms",))
    assert Message.objects.get(pk=sms.pk).status == Status.QUEUED
    assert rq.llen("rq:queue:default") == 1  # waiting in Redis, not run in the request

    _worker().work(burst=True)
    sms.refresh_from_db()
    assert sms.status == Status.SENT
    assert [m for m in LocmemBackend.outbox if m[0] == "sms"] == [
        ("sms", user.mobile, sms.subject, sms.body)]
    _worker().work(burst=True)  # nothing left to run: still sent once
    assert len([m for m in LocmemBackend.outbox if m[0] == "sms"]) == 1


def test_a_task_result_is_read_back_from_redis(rq: Any) -> None:
    from zhicheng.notifications.tasks import send_message

    user = make_user()
    with transaction.atomic():
        [sms] = notify(user, "accepted", {"plan": "p", "acceptance_no": "n", "url": "/a/"},
                       channels=("sms",))
    rq.flushdb()  # drop the job notify queued: this test enqueues its own
    result = send_message.enqueue(sms.pk)
    _worker().work(burst=True)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "sent"


def test_a_delayed_task_waits_in_redis(rq: Any) -> None:
    from zhicheng.notifications.tasks import send_message

    user = make_user()
    with transaction.atomic():
        [sms] = notify(user, "accepted", {"plan": "p", "acceptance_no": "n", "url": "/a/"},
                       channels=("sms",))
    rq.flushdb()
    send_message.using(run_after=timezone.now() + timedelta(minutes=5)).enqueue(sms.pk)
    assert rq.zcard("rq:scheduled:default") == 1
    _worker().work(burst=True)
    sms.refresh_from_db()
    assert sms.status == Status.QUEUED  # not yet: its time has not come


def test_the_production_queue_keeps_one_connection_per_process(rq: Any, settings: Any) -> None:
    """As settings/production.py configures it: django-rq reaches Redis through a cache
    alias, so enqueuing reuses the process's client instead of connecting anew each time."""
    import django_rq

    settings.CACHES = {**settings.CACHES,
                       "queue": {"BACKEND": "zhicheng.core.rediscache.Cache",
                                 "LOCATION": QUEUE_URL}}
    settings.RQ_QUEUES = {"default": {"USE_REDIS_CACHE": "queue"}}
    assert django_rq.get_connection("default") is django_rq.get_connection("default")
    rq.client_setname("the-test")
    before = {c["id"] for c in rq.client_list()}
    user = make_user()
    for _ in range(3):
        with transaction.atomic():
            notify(user, "accepted", {"plan": "2026年度评审", "acceptance_no": "ZC-7",
                                      "url": "/a/"}, channels=("sms",))
    assert rq.llen("rq:queue:default") == 3
    assert len({c["id"] for c in rq.client_list()} - before) == 1  # one connection, kept
    _worker().work(burst=True)
    assert Message.objects.filter(status=Status.SENT, channel="sms").count() == 3


def test_the_messages_of_one_notification_are_one_job(rq: Any) -> None:
    user = make_user()
    with transaction.atomic():
        sent = notify(user, "accepted", {"plan": "2026年度评审", "acceptance_no": "ZC-7",
                                         "url": "/a/"}, channels=("sms", "email", "site"))
    assert {m.channel for m in sent} == {"sms", "email", "site"}
    assert rq.llen("rq:queue:default") == 1
    _worker().work(burst=True)
    assert Message.objects.filter(recipient=user, status=Status.SENT).count() == 3
    assert sorted(m[0] for m in LocmemBackend.outbox) == ["email", "sms"]
