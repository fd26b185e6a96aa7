"""`zhicheng audit verify`: walk the hash chain and report the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.audit.domain import verify


class Command(BaseCommand):
    help = "审计记录工具：verify 校验哈希链并报告第一处断裂。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        count, brk = verify()
        if brk is None:
            self.stdout.write(f"审计链完整：共 {count} 条记录。")
            return
        raise CommandError(f"审计链在第 {brk.seq} 条记录处断裂：{brk.reason}")
