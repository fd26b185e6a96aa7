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
