from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_user
from zhicheng.notifications.backends import (
    ConsoleFileBackend,
    DjangoMailBackend,
    LocmemBackend,
    get_backend,
)
from zhicheng.notifications.domain import notify
from zhicheng.notifications.models import Message, Status

pytestmark = pytest.mark.django_db


def _queue(user: Any, channels: tuple[str, ...] = ("sms", "email")) -> list[Message]:
    return notify(user, "accepted", {"plan": "2026年度评审", "acceptance_no": "ZC-7",
                                     "url": "/a/"}, channels=channels)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("send_messages", *args, stdout=out)
    return out.getvalue()


def test_command_requeues_due_messages(outbox: list) -> None:
    user = make_user()
    [sms, email] = _queue(user)  # not committed: the tasks never ran
    assert _run() == "已安排 0 条消息重新发送。\n"
    Message.objects.filter(pk=sms.pk).update(created_at=timezone.now() - timedelta(hours=1))
    Message.objects.filter(pk=email.pk).update(
        status=Status.FAILED, attempts=1, next_attempt_at=timezone.now() - timedelta(minutes=1))
    assert _run() == "已安排 2 条消息重新发送。\n"
    assert sorted(o[0] for o in outbox) == ["email", "sms"]
    assert _run() == "已安排 0 条消息重新发送。\n"


def test_command_now_delivers_directly(outbox: list) -> None:
    user = make_user()
    _queue(user)
    LocmemBackend.fail_next = 1
    assert _run("--now") == "已发送 1 条，发送失败 1 条，未处理 0 条。\n"
    assert len(outbox) == 1
    assert _run("--now") == "已发送 0 条，发送失败 0 条，未处理 0 条。\n"
    assert Message.objects.filter(status=Status.FAILED).count() == 1


def test_backend_lookup() -> None:
    backend = get_backend("sms")
    assert isinstance(backend, LocmemBackend) and backend.channel == "sms"
    with pytest.raises(ValueError):
        get_backend("fax")


def test_console_file_backend_appends_json_lines(settings: Any, tmp_path: Path,
                                                 capsys: Any) -> None:
    settings.NOTIFY_OUTBOX_DIR = tmp_path / "outbox"
    backend = ConsoleFileBackend("email")
    backend.send("a@example.cn", "职称评审：已受理", '受理号 "ZC-7"\n第二行')
    backend.send("b@example.cn", "职称评审：缴费已确认", "正文")
    lines = (tmp_path / "outbox" / "email.log").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["to"] for line in lines] == ["a@example.cn", "b@example.cn"]
    assert json.loads(lines[0])["body"] == '受理号 "ZC-7"\n第二行'
    assert "[邮件]" in capsys.readouterr().out


def test_django_mail_backend_sends_email() -> None:
    DjangoMailBackend("email").send("a@example.cn", "职称评审：已受理", "正文")
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.cn"], "职称评审：已受理")]
    with pytest.raises(Exception, match="只能发送电子邮件"):
        DjangoMailBackend("sms").send("13900000000", "", "x")
