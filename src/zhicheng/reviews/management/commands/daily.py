"""`zhicheng daily`: the once-a-day work (run it from cron): tell units whose postings may
be closed today, and re-queue messages whose delivery is due again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from zhicheng.notifications.domain import retry_due
from zhicheng.reviews.tasks import posting_ends


class Command(BaseCommand):
    help = "每日任务：公示期满提醒，到期消息重发。"

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        posting_ends.enqueue(today.isoformat())
        self.stdout.write(f"已安排{today:%Y-%m-%d}的公示期满提醒；"
                          f"重新安排发送的消息 {retry_due()} 条。")
