"""`zhicheng send_messages`: queue retries that are due; `--now` delivers them in this process."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhicheng.notifications.domain import deliver_due, retry_due


class Command(BaseCommand):
    help = "补发消息：为到期重试和可能丢失任务的消息重新排队；--now 直接在本进程发送。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="不经任务队列，直接发送")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["now"]:
            self.stdout.write(f"已安排 {retry_due()} 条消息重新发送。")
            return
        counts = deliver_due()
        others = sum(counts.values()) - counts["sent"] - counts["failed"]
        self.stdout.write(f"已发送 {counts['sent']} 条，发送失败 {counts['failed']} 条，"
                          f"未处理 {others} 条。")
