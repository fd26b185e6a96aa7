"""`zhicheng restore PATH`: check a backup archive, load it into an empty database, restore
the files, then compare counts and hashes and verify the audit chain (exit code 1 on any
mismatch). Needs the same ZHICHENG_FIELD_KEY as the backup, and the same migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from zhicheng.backup import BackupError, restore, verify_archive
from zhicheng.backup.archive import storage_errors


class Command(BaseCommand):
    help = ("从 zhicheng backup 生成的备份恢复：先校验每个文件的 SHA-256 与清单，再在一个事务中"
            "载入数据库、恢复文件，最后核对各表行数和哈希、文件哈希及审计链。目标数据库非空时"
            "拒绝恢复，除非加 --force（先清空再恢复）。")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="备份文件路径")
        parser.add_argument("--force", action="store_true",
                            help="目标数据库或文件存储非空时，清空后恢复（覆盖现有数据）")
        parser.add_argument("--check", action="store_true",
                            help="只校验备份文件（哈希、签名、密钥），不改动数据库")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                checked = verify_archive(options["path"])
                tables = checked.manifest["tables"]
                self.stdout.write(
                    f"备份文件完好：{len(checked.manifest['members'])} 个成员的 SHA-256 与清单"
                    f"一致，{len(tables)} 张表共 {sum(t['count'] for t in tables.values())} 行，"
                    f"备份于 {checked.manifest['created_at']}；当前密钥与备份时相同。")
                return
            report = restore(options["path"], force=options["force"],
                             progress=self.stdout.write)
        except (BackupError, DatabaseError, *storage_errors()) as exc:
            raise CommandError(f"恢复失败：{exc}") from None
        for line in report.lines:
            self.stdout.write(line)
        if report.problems:
            raise CommandError("恢复后校验不一致：\n" + "\n".join(report.problems))
        # cached look-ups (roles, plans, the calendar) may describe the database replaced
        cache.clear()
        self.stdout.write(self.style.SUCCESS("恢复完成，行数、哈希和审计链全部核对一致。"))
