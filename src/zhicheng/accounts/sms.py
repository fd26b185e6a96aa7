"""Pluggable SMS backends. A backend has one method: send(mobile, text)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string


class SmsBackend:
    def send(self, mobile: str, text: str) -> None:
        raise NotImplementedError


class ConsoleFileBackend(SmsBackend):
    """Writes each message to standard output and appends it to SMS_OUTBOX_FILE."""

    def send(self, mobile: str, text: str) -> None:
        line = f"{datetime.now().isoformat(timespec='seconds')}\t{mobile}\t{text}\n"
        sys.stdout.write(f"[短信] {line}")
        path = Path(settings.SMS_OUTBOX_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line)


class LocmemBackend(SmsBackend):
    """Keeps messages in memory, for tests."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, mobile: str, text: str) -> None:
        LocmemBackend.outbox.append((mobile, text))


def get_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(mobile: str, text: str) -> None:
    get_backend().send(mobile, text)
