from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import make_user
from zhicheng.notifications.backends import LocmemBackend
from zhicheng.notifications.domain import deliver, notify, retry_due
from zhicheng.notifications.models import DeliveryAttempt, Message, Status

pytestmark = pytest.mark.django_db

LOCMEM = "zhicheng.notifications.backends.LocmemBackend"


def _returned(user: Any, sample: dict[str, Any], **kw: Any) -> list[Message]:
    ctx = {k: sample[k] for k in ("plan", "reason", "url")}
    return notify(user, "returned", ctx, **kw)


def _due_now(msg: Message) -> None:
    Message.objects.filter(pk=msg.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_committed_notify_sends_sms_and_email(
        outbox: list, sample: dict, django_capture_on_commit_callbacks: Any) -> None:
    user = make_user(email="zhang@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        rows = _returned(user, sample, obj=("applications.application", 42))
    assert [m.channel for m in rows] == ["site", "sms", "email"]
    assert sorted(o[:2] for o in outbox) == [("email", "zhang@example.cn"), ("sms", user.mobile)]
    sms = next(o for o in outbox if o[0] == "sms")
    assert sms[3].startswith("【职称评审】") and user.name in sms[3]
    email = next(o for o in outbox if o[0] == "email")
    assert email[2] == f"职称评审：申报被退回（{sample['plan']}）"
    assert sample["reason"] in email[3]
    for m in Message.objects.all():
        assert m.status == Status.SENT and m.sent_at is not None
        assert (m.object_type, m.object_id) == ("applications.application", "42")
    site = Message.objects.get(channel="site")
    assert site.read_at is None and site.url == sample["url"] and site.attempts == 0
    assert DeliveryAttempt.objects.filter(ok=True, backend=LOCMEM).count() == 2


def test_model_object_is_recorded(sample: dict) -> None:
    user = make_user()
    [msg] = _returned(user, sample, obj=user, channels=("site",))
    assert (msg.object_type, msg.object_id) == ("accounts.user", str(user.pk))


def test_rolled_back_notify_sends_nothing(
        outbox: list, sample: dict, django_capture_on_commit_callbacks: Any) -> None:
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _returned(user, sample)
            raise RuntimeError("审核保存失败")
    assert callbacks == []
    assert outbox == []
    assert not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_real_commit_and_rollback(outbox: list, sample: dict) -> None:
    user = make_user()
    with pytest.raises(RuntimeError), transaction.atomic():
        _returned(user, sample)
        raise RuntimeError
    assert outbox == [] and not Message.objects.exists()
    with transaction.atomic():
        _returned(user, sample)
        assert outbox == []  # nothing leaves before the commit
    assert len(outbox) == 2


def test_no_address_is_skipped(outbox: list, sample: dict,
                               django_capture_on_commit_callbacks: Any) -> None:
    user = make_user(email="")
    with django_capture_on_commit_callbacks(execute=True):
        rows = _returned(user, sample)
    status = {m.channel: m.status for m in rows}
    assert status == {"site": "sent", "sms": "queued", "email": "skipped"}
    assert [o[0] for o in outbox] == ["sms"]
    assert Message.objects.get(channel="email").status == Status.SKIPPED
    assert deliver(rows[2].pk) == "already"
    assert len(outbox) == 1


def test_dedupe_prevents_a_second_set(outbox: list, sample: dict,
                                      django_capture_on_commit_callbacks: Any) -> None:
    user = make_user()
    key = "applications.application:42:v3:returned"
    with django_capture_on_commit_callbacks(execute=True):
        first = _returned(user, sample, dedupe=key)
        second = _returned(user, sample, dedupe=key)
    assert len(first) == 3 and second == []
    assert Message.objects.count() == 3 and len(outbox) == 2
    assert set(Message.objects.values_list("dedupe_key", flat=True)) == {
        f"{key}:site", f"{key}:sms", f"{key}:email"}
    with django_capture_on_commit_callbacks(execute=True):
        other = _returned(user, sample, dedupe="applications.application:42:v4:returned")
    assert len(other) == 3 and len(outbox) == 4
    # without a key nothing is deduplicated; with one the database enforces it
    _returned(user, sample, channels=("site",))
    _returned(user, sample, channels=("site",))
    assert Message.objects.filter(dedupe_key="").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(recipient=user, channel="site", event="returned", body="x",
                               dedupe_key=f"{key}:site")


def test_unknown_event_or_channel_is_an_error(sample: dict) -> None:
    user = make_user()
    with pytest.raises(ValueError):
        notify(user, "no_such_event", {})
    with pytest.raises(ValueError):
        _returned(user, sample, channels=("fax",))
    with pytest.raises(ValueError):
        notify(user, "accepted", {"plan": "x", "url": "/"})
    assert not Message.objects.exists()


def test_failure_is_logged_and_retried_once_due(
        outbox: list, sample: dict, django_capture_on_commit_callbacks: Any) -> None:
    user = make_user()
    LocmemBackend.fail_next = 1
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        [msg] = _returned(user, sample, channels=("sms",))
    msg.refresh_from_db()
    assert msg.status == Status.FAILED and msg.attempts == 1
    assert "模拟发送失败" in msg.last_error
    assert before + timedelta(seconds=50) < msg.next_attempt_at < timezone.now() + timedelta(
        minutes=2)
    [attempt] = DeliveryAttempt.objects.filter(message=msg)
    assert not attempt.ok and "模拟发送失败" in attempt.error and attempt.backend == LOCMEM
    assert outbox == []

    assert deliver(msg.pk) == "not-due"
    assert retry_due() == 0
    assert outbox == []

    _due_now(msg)
    assert retry_due() == 1
    msg.refresh_from_db()
    assert msg.status == Status.SENT and msg.attempts == 2 and msg.next_attempt_at is None
    assert len(outbox) == 1
    assert retry_due() == 0
    assert deliver(msg.pk) == "already"
    assert len(outbox) == 1
    assert list(msg.deliveries.order_by("id").values_list("ok", flat=True)) == [False, True]


def test_backoff_grows_and_max_attempts_stops(outbox: list, sample: dict, settings: Any) -> None:
    settings.NOTIFY_MAX_ATTEMPTS = 4
    user = make_user()
    [msg] = _returned(user, sample, channels=("email",))  # not committed: stays queued
    LocmemBackend.fail_next = 99
    gaps = []
    for _ in range(4):
        _due_now(msg)
        start = timezone.now()
        assert deliver(msg.pk) == "failed"
        msg.refresh_from_db()
        if msg.next_attempt_at:
            gaps.append(round((msg.next_attempt_at - start).total_seconds() / 60))
    assert gaps == [1, 5, 30]
    assert msg.status == Status.FAILED and msg.attempts == 4 and msg.next_attempt_at is None
    assert deliver(msg.pk) == "gave-up"
    assert retry_due() == 0
    assert msg.deliveries.count() == 4 and not msg.deliveries.filter(ok=True).exists()
    assert outbox == []


def test_sent_message_is_never_sent_twice(outbox: list, sample: dict) -> None:
    user = make_user()
    [site, sms] = _returned(user, sample, channels=("site", "sms"))
    assert deliver(sms.pk) == "sent"
    assert deliver(sms.pk) == "already"
    assert deliver(site.pk) == "already"
    assert deliver(999_999) == "missing"
    assert len(outbox) == 1
    assert DeliveryAttempt.objects.count() == 1


def test_claimed_message_is_left_alone_until_its_lease_runs_out(outbox: list,
                                                                sample: dict) -> None:
    user = make_user()
    [msg] = _returned(user, sample, channels=("sms",))
    # another worker claimed it and is still sending
    Message.objects.filter(pk=msg.pk).update(
        status=Status.SENDING, attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert deliver(msg.pk) == "already"
    assert retry_due() == 0
    # that worker died: the lease runs out and the message is retried
    _due_now(msg)
    assert retry_due() == 1
    msg.refresh_from_db()
    assert msg.status == Status.SENT and msg.attempts == 2
    assert len(outbox) == 1


def test_queued_message_whose_task_was_lost_is_picked_up(outbox: list, sample: dict) -> None:
    user = make_user()
    [msg] = _returned(user, sample, channels=("sms",))  # on_commit never ran
    assert retry_due() == 0  # young: its task may still be on the way
    Message.objects.filter(pk=msg.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    assert retry_due() == 1
    assert len(outbox) == 1
    assert retry_due() == 0


def test_durable_queue_gets_the_message_and_a_deferred_retry(
        outbox: list, sample: dict, settings: Any,
        django_capture_on_commit_callbacks: Any) -> None:
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        [msg] = _returned(user, sample, channels=("sms",))
    [queued] = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.args == [msg.pk] and queued.task.run_after is None
    assert Message.objects.get(pk=msg.pk).status == Status.QUEUED and outbox == []

    LocmemBackend.fail_next = 1
    assert deliver(msg.pk) == "failed"
    msg.refresh_from_db()
    retry = default_task_backend.results[-1]  # type: ignore[attr-defined]
    assert retry.args == [msg.pk] and retry.task.run_after == msg.next_attempt_at
