"""The task worker killed (SIGKILL) while sending: the message is retried once its claim has
expired, and a message the platform has recorded as sent is never sent again.

A real `zhicheng db_worker` runs the durable database task queue; the delivery backend
(tests.faults.hooks.RecordingBackend) stands for the SMS provider and appends one line per
message it accepts. The worker is killed at three points of `notifications.domain.deliver`:

* before the provider accepted the message: after recovery it is sent exactly once;
* after the provider accepted it but before the platform recorded it: after recovery it is
  sent a second time. This is the at-least-once boundary no platform can close on its own
  (the provider took the message, the process died before it could write that down); the
  design keeps it to that one window: the claim is a single UPDATE, recorded before the
  provider is called, so no second worker sends while the first may still be sending, and
  a claim is only taken as interrupted once its lease (10 minutes in production) has run
  out;
* after the platform recorded it as sent: recovery sends nothing more.
"""

from __future__ import annotations

import json
import time

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from tests.factories import make_user
from zhicheng.notifications.domain import deliver, due_ids, notify, retry_due
from zhicheng.notifications.models import DeliveryAttempt, Message, Status

from .conftest import Target, kill, output, run, started, wait_for_marker

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RECORDING = {"sms": "tests.faults.hooks.RecordingBackend",
             "email": "tests.faults.hooks.RecordingBackend"}
LEASE_SECONDS = 3.0


def sends(target: Target) -> list[dict[str, str]]:
    if not target.sends.exists():
        return []
    return [json.loads(line) for line in target.sends.read_text(encoding="utf-8").splitlines()]


def worker(target: Target) -> None:
    """A worker that runs what is queued and stops (no pause: this one is not killed)."""
    done = run(target, "db_worker", "--batch", "--no-startup-delay")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("point", "accepted", "after_recovery"), [
    ("send-before", 0, 1),  # killed before the provider took it: sent once, after recovery
    ("send-after", 1, 2),   # the provider took it, unrecorded: the one repeat (see above)
    ("delivered", 1, 1),    # recorded as sent: never sent again
])
@override_settings(TASKS=DB_TASKS, NOTIFY_BACKENDS=RECORDING)
def test_worker_killed_while_sending(target: Target, monkeypatch: pytest.MonkeyPatch,
                                     point: str, accepted: int, after_recovery: int) -> None:
    monkeypatch.setenv("FAULT_SENDS", str(target.sends))  # the in-process sends, if any
    user = make_user()
    with transaction.atomic():
        [msg] = notify(user, "passed", {"plan": "测试计划", "url": "/"}, channels=("sms",))
    assert Message.objects.get(pk=msg.pk).status == Status.QUEUED
    target.push()

    with started(target, "db_worker", "--batch", "--no-startup-delay",
                 FAULT_PAUSE=point, FAULT_LEASE_SECONDS=str(LEASE_SECONDS)) as proc:
        wait_for_marker(target, proc, "the worker")
        kill(proc)
    target.pull()
    assert len(sends(target)) == accepted, output(target, "db_worker")
    row = Message.objects.get(pk=msg.pk)
    assert row.attempts == 1
    if point == "delivered":
        assert row.status == Status.SENT and row.sent_at is not None
    else:
        # claimed and never finished: nobody may take it over while the claim is fresh
        assert row.status == Status.SENDING
        assert msg.pk not in due_ids()
        assert deliver(msg.pk) == "already"
        wait = (row.next_attempt_at - timezone.now()).total_seconds()
        assert 0 < wait <= LEASE_SECONDS
        time.sleep(wait + 0.1)

    # recovery: `zhicheng send_messages` queues what is due, a worker sends it
    assert retry_due() == (0 if point == "delivered" else 1)
    target.push()
    worker(target)
    target.pull()

    row = Message.objects.get(pk=msg.pk)
    assert row.status == Status.SENT and row.sent_at is not None
    assert len(sends(target)) == after_recovery
    assert {s["to"] for s in sends(target)} == {user.mobile}
    assert DeliveryAttempt.objects.filter(message=row, ok=True).count() == 1
    assert row.attempts == (1 if point == "delivered" else 2)
    # and once sent, nothing sends it again: not the recovery, not a stray task
    assert retry_due() == 0
    assert deliver(row.pk) == "already"
    assert len(sends(target)) == after_recovery
