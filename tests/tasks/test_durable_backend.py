"""The demo and production task backend keeps queued work in the database: a message queued
before a restart is still there afterwards and is sent once by the worker."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.factories import make_user
from zhicheng.notifications.backends import LocmemBackend
from zhicheng.notifications.domain import notify
from zhicheng.notifications.models import Message

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_queued_message_survives_until_a_worker_sends_it_once() -> None:
    from django_tasks_db.models import DBTaskResult

    LocmemBackend.outbox.clear()
    user = make_user()
    with transaction.atomic():
        notify(user, "passed", {"plan": "测试计划", "url": "/"}, channels=("sms",))
    # nothing has run it: the task is a row, as it would be across a restart
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert LocmemBackend.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(),
                 stderr=io.StringIO())
    assert len(LocmemBackend.outbox) == 1
    assert Message.objects.get(channel="sms").status == "sent"
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(),
                 stderr=io.StringIO())
    assert len(LocmemBackend.outbox) == 1
