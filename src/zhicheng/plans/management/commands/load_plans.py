"""`zhicheng load_plans [FILE ...]`: load the shipped plans, or the given plan files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhicheng.plans import loader


class Command(BaseCommand):
    help = "载入评审计划文件（默认载入随软件发布的计划）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["files"] or loader.shipped_files()
        for path in paths:
            try:
                plan, changed = loader.load(loader.read(path))
            except (OSError, loader.PlanFileError) as exc:
                raise CommandError(str(exc)) from None
            state = "已载入" if changed else "未变化"
            self.stdout.write(f"{state}：{plan.key}  {plan.title}")
