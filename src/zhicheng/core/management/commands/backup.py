"""`zhicheng backup PATH`: the database, the uploaded files and the overlap index in one
archive (format: zhicheng.backup). The field key ZHICHENG_FIELD_KEY is not in it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from zhicheng.backup import BackupError, create
from zhicheng.backup.archive import storage_errors


class Command(BaseCommand):
    help = ("备份数据库（dumpdata JSON）、上传的文件和查重索引到一个 .tar.gz 文件，附清单"
            "（迁移状态、各表行数与 SHA-256、每个文件的 SHA-256）。字段加密密钥 "
            "ZHICHENG_FIELD_KEY 不在备份中，须另行保管。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="备份文件路径（如 backup-2025-06-01.tar.gz）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = create(options["path"])
        except (BackupError, DatabaseError, *storage_errors()) as exc:
            raise CommandError(f"备份失败：{exc}") from None
        for line in report.lines:
            self.stdout.write(line)
