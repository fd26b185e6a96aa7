"""Rendering the text templates of an event, with a template engine that never HTML-escapes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template import Engine
from django.utils import timezone

from . import events

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SMS_PREFIX = "【职称评审】"


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@functools.cache
def _engine() -> Engine:
    # A private engine: these are plain-text messages, so autoescape is off for every variable.
    return Engine(dirs=[str(TEMPLATE_DIR)], autoescape=False)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def render(event: str, kind: str, context: dict[str, Any]) -> Rendered:
    """Render `<event>.<kind>.txt` (kind "sms" or "email").

    SMS: the whole text on one line, subject is the event's title.
    E-mail: the first line is the subject, the rest (after a blank line) the body.
    """
    events.check_context(event, context)
    ctx = {k: _plain(v) for k, v in context.items()}
    text = _engine().render_to_string(f"notifications/{event}.{kind}.txt", ctx)
    if kind == "sms":
        return Rendered(events.title(event), " ".join(text.split()))
    subject, _, body = text.strip().partition("\n")
    return Rendered(subject.strip(), body.strip() + "\n")
