"""Queueing messages (`notify`), delivering them once (`deliver`) and retrying (`retry_due`)."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from zhicheng.core import cached

from . import events
from .backends import backend_path, get_backend
from .models import Channel, DeliveryAttempt, Message, Status
from .rendering import Rendered, render
from .tasks import send_message, send_message_batch

logger = logging.getLogger(__name__)

ALL_CHANNELS = (Channel.SITE.value, Channel.SMS.value, Channel.EMAIL.value)
ADDRESS_FIELD = {"sms": "mobile", "email": "email"}
BACKOFF_MINUTES = (1, 5, 30, 120)
SENDING_LEASE = timedelta(minutes=10)  # a claim older than this is taken as interrupted
LOST_AFTER = timedelta(minutes=5)  # a queued row this old may have lost its task


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFY_MAX_ATTEMPTS", 5))


def _object_ref(obj: models.Model | tuple[str, str] | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return obj[0], str(obj[1])
    return obj._meta.label_lower, str(obj.pk or "")


def notify(recipient: Any, event: str, context: dict[str, Any],
           obj: models.Model | tuple[str, str] | None = None,
           channels: tuple[str, ...] | list[str] = ALL_CHANNELS,
           dedupe: str = "") -> list[Message]:
    """Queue `event` for `recipient` on each channel; return the rows created.

    Site rows are the in-platform inbox and are stored as sent. SMS and e-mail rows are
    queued and handed to the task queue only when the surrounding transaction commits;
    a user without a mobile or e-mail gets a `skipped` row. With `dedupe`, a channel whose
    key f"{dedupe}:{channel}" already exists is left out (so it is never queued twice).
    Raises ValueError for an unknown event or channel, or a context missing the event's keys.
    """
    ctx = {**context, "name": recipient.name}
    events.check_context(event, ctx)
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        raise ValueError(f"未知的消息渠道：{', '.join(unknown)}")
    object_type, object_id = _object_ref(obj)
    texts: dict[str, Rendered] = {}
    created: list[Message] = []
    now = timezone.now()
    with transaction.atomic():
        for channel in dict.fromkeys(str(c) for c in channels):
            kind = "sms" if channel == Channel.SMS else "email"
            if kind not in texts:
                texts[kind] = render(event, kind, ctx)
            text = texts[kind]
            msg = Message(recipient=recipient, channel=channel, event=event,
                          subject=text.subject[:200], body=text.body,
                          url=str(context.get("url", ""))[:500], created_at=now,
                          object_type=object_type, object_id=object_id,
                          dedupe_key=f"{dedupe}:{channel}" if dedupe else "")
            if channel == Channel.SITE:
                msg.status, msg.sent_at = Status.SENT, now
            else:
                msg.address = getattr(recipient, ADDRESS_FIELD[channel], "") or ""
                msg.status = Status.QUEUED if msg.address else Status.SKIPPED
            if not _save(msg):
                continue
            created.append(msg)
        queued = [msg.pk for msg in created if msg.status == Status.QUEUED]
        if queued:
            transaction.on_commit(partial(_hand_over, queued), robust=True)
    return created


def _hand_over(message_ids: list[int]) -> None:
    """One task for the messages of one notification (an SMS and an e-mail, usually): on
    the deadline bench a queued task cost the worker 3-4 ms of its own besides the sending."""
    if len(message_ids) == 1:
        send_message.enqueue(message_ids[0])
    else:
        send_message_batch.enqueue(message_ids)


def _save(msg: Message) -> bool:
    """Save; False when the dedupe key is already taken (checked, and enforced by the index)."""
    if not msg.dedupe_key:
        msg.save()
        return True
    if Message.objects.filter(dedupe_key=msg.dedupe_key).exists():
        return False
    try:
        with transaction.atomic():
            msg.save()
    except IntegrityError:
        return False
    return True


def deliver(message_id: int) -> str:
    """Send one message if it is due: "sent", "failed", or why not ("already", "not-due",
    "gave-up", "missing"). The claim is a single filtered UPDATE, so two workers never both
    send the same message."""
    now = timezone.now()
    claimed = (Message.objects
               .filter(pk=message_id, status__in=(Status.QUEUED, Status.FAILED),
                       attempts__lt=max_attempts())
               .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
               .update(status=Status.SENDING, attempts=F("attempts") + 1,
                       next_attempt_at=now + SENDING_LEASE))
    if not claimed:
        return _why_not(message_id)
    msg = Message.objects.get(pk=message_id)
    path = ""
    try:
        path = backend_path(msg.channel)
        get_backend(msg.channel).send(msg.address, msg.subject, msg.body)
    except Exception as exc:
        return _failed(msg, path, f"{type(exc).__name__}: {exc}"[:2000])
    done = timezone.now()
    Message.objects.filter(pk=msg.pk).update(status=Status.SENT, sent_at=done,
                                             next_attempt_at=None, last_error="")
    DeliveryAttempt.objects.create(message=msg, attempted_at=done, ok=True, backend=path)
    return "sent"


def _why_not(message_id: int) -> str:
    row = Message.objects.filter(pk=message_id).values_list("status", "attempts").first()
    if row is None:
        return "missing"
    status, attempts = row
    if status == Status.FAILED and attempts >= max_attempts():
        return "gave-up"
    if status in (Status.QUEUED, Status.FAILED):
        return "not-due"
    return "already"


def _failed(msg: Message, path: str, error: str) -> str:
    now = timezone.now()
    retry_at = None
    if msg.attempts < max_attempts():
        step = BACKOFF_MINUTES[min(msg.attempts, len(BACKOFF_MINUTES)) - 1]
        retry_at = now + timedelta(minutes=step)
    Message.objects.filter(pk=msg.pk).update(status=Status.FAILED, last_error=error,
                                             next_attempt_at=retry_at)
    DeliveryAttempt.objects.create(message=msg, attempted_at=now, ok=False, error=error,
                                   backend=path)
    logger.warning("消息 %s 第 %s 次发送失败：%s", msg.pk, msg.attempts, error)
    if retry_at is not None:
        _schedule(msg.pk, retry_at)
    return "failed"


def _schedule(message_id: int, when: datetime) -> None:
    """Queue the retry for `when` where the task backend can defer (the database one can);
    otherwise `retry_due` (the send_messages command) picks it up."""
    try:
        if send_message.get_backend().supports_defer:
            send_message.using(run_after=when).enqueue(message_id)
    except Exception:
        logger.exception("无法安排消息 %s 的重发，将由 send_messages 补发", message_id)


def _release_stale(now: datetime) -> None:
    """A claim whose lease has run out was interrupted (worker killed): make it retryable."""
    stale = Message.objects.filter(status=Status.SENDING, next_attempt_at__lte=now)
    error = "发送中断：发送中状态超时"
    stale.filter(attempts__lt=max_attempts()).update(status=Status.FAILED, last_error=error,
                                                     next_attempt_at=now)
    stale.update(status=Status.FAILED, last_error=error, next_attempt_at=None)


def due_ids(include_fresh: bool = False) -> list[int]:
    """Failed messages whose retry time has passed, and queued ones (only those older than
    LOST_AFTER unless include_fresh: younger ones still have their task on the way)."""
    now = timezone.now()
    _release_stale(now)
    failed = Q(status=Status.FAILED, attempts__lt=max_attempts(), next_attempt_at__lte=now)
    queued = Q(status=Status.QUEUED)
    if not include_fresh:
        queued &= Q(created_at__lte=now - LOST_AFTER)
    return list(Message.objects.filter(failed | queued).order_by("pk")
                .values_list("pk", flat=True))


def retry_due() -> int:
    """Enqueue a delivery task for every due message; return how many."""
    ids = due_ids()
    for pk in ids:
        send_message.enqueue(pk)
    return len(ids)


def deliver_due() -> Counter[str]:
    """Deliver every due message now, in this process; count the outcomes."""
    return Counter(deliver(pk) for pk in due_ids(include_fresh=True))


# The in-platform inbox: a user's own site messages.

def inbox(user: Any) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user, channel=Channel.SITE)


def inbox_scope(user_id: int) -> str:
    return f"inbox:{user_id}"


def unread_count(user: Any) -> int:
    """Shown on every page: kept in the cache until a site message of the user's is saved,
    deleted or marked read (signals.py, mark_all_read)."""
    return cached.get(inbox_scope(user.pk), "unread",
                      lambda: inbox(user).filter(read_at__isnull=True).count())


def mark_read(message: Message) -> None:
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])


def mark_all_read(user: Any) -> int:
    marked = inbox(user).filter(read_at__isnull=True).update(read_at=timezone.now())
    cached.invalidate([inbox_scope(user.pk)])  # update() sends no signal
    return marked
