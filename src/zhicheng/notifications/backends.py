"""Delivery backends, one per channel: `send(address, subject, body)` raises on failure."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    """The backend could not hand the message over."""


class Backend:
    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, address: str, subject: str, body: str) -> None:
        raise NotImplementedError


class ConsoleFileBackend(Backend):
    """Prints one line and appends the message as a JSON line to NOTIFY_OUTBOX_DIR/<channel>.log."""

    LABELS: ClassVar[dict[str, str]] = {"sms": "短信", "email": "邮件"}

    def send(self, address: str, subject: str, body: str) -> None:
        now = timezone.localtime().isoformat(timespec="seconds")
        label = self.LABELS.get(self.channel, self.channel)
        first = body.strip().splitlines()[0] if body.strip() else ""
        sys.stdout.write(f"[{label}] {now}\t{address}\t{subject}\t{first}\n")
        path = Path(settings.NOTIFY_OUTBOX_DIR) / f"{self.channel}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"at": now, "to": address, "subject": subject, "body": body}
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


class LocmemBackend(Backend):
    """Keeps messages in memory, for tests; set `fail_next` to make the next n sends fail."""

    outbox: ClassVar[list[tuple[str, str, str, str]]] = []
    fail_next: ClassVar[int] = 0

    def send(self, address: str, subject: str, body: str) -> None:
        if LocmemBackend.fail_next > 0:
            LocmemBackend.fail_next -= 1
            raise DeliveryError("模拟发送失败")
        LocmemBackend.outbox.append((self.channel, address, subject, body))


class DjangoMailBackend(Backend):
    """E-mail through django.core.mail (EMAIL_BACKEND, EMAIL_HOST, DEFAULT_FROM_EMAIL...)."""

    def send(self, address: str, subject: str, body: str) -> None:
        if self.channel != "email":
            raise DeliveryError(f"DjangoMailBackend 只能发送电子邮件，不能用于 {self.channel}")
        send_mail(subject, body, None, [address], fail_silently=False)


def backend_path(channel: str) -> str:
    try:
        return settings.NOTIFY_BACKENDS[channel]
    except KeyError:
        raise ValueError(f"没有为渠道 {channel!r} 配置发送后端（NOTIFY_BACKENDS）") from None


def get_backend(channel: str) -> Backend:
    return import_string(backend_path(channel))(channel)
