"""The `zhicheng` console command: Django's management commands plus the project's own."""

from __future__ import annotations

import importlib
import os
import sys

# Subcommands that are pure Python and need no settings, database or secret.
PURE = {"eligibility": "zhicheng.eligibility.cli", "overlap": "zhicheng.overlap.cli"}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in PURE:
        module = importlib.import_module(PURE[args[0]])
        sys.exit(module.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhicheng.settings.production")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zhicheng", *args])


if __name__ == "__main__":
    main()
