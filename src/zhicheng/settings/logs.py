"""The LOGGING setting (no Django imports: read while settings load)."""

from __future__ import annotations

from typing import Any


def logging_config(level: str, json_lines: bool) -> dict[str, Any]:
    """The LOGGING setting: plain text for a developer's terminal, JSON lines in
    production; request ids in both."""
    formatter = ({"()": "zhicheng.core.requestlog.JsonFormatter"} if json_lines else
                 {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "zhicheng.core.requestlog.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "main",
                                 "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # fontTools reports every font subset it makes for a PDF at INFO
            "fontTools": {"level": "WARNING"}, "fpdf": {"level": "WARNING"},
            # the access line above replaces Django's own per-request warnings for 4xx
            "django.request": {"level": "ERROR"},
        },
    }
