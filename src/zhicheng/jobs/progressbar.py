"""What the progress bar of a job or an export shows (jobs/progress.html, the templates'
progress() global): the counts, the state and the time taken; both use the same codes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from zhicheng.jobs.models import WAITING, JobStatus, percent

LABELS = dict(JobStatus.choices)


def duration(span: timedelta) -> str:
    seconds = max(int(span.total_seconds()), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} 小时 {minutes} 分"
    if minutes:
        return f"{minutes} 分 {seconds} 秒"
    return f"{seconds} 秒"


def progress(done: int, total: int, status: str, started: datetime,
             finished: datetime | None = None, note: str = "") -> dict[str, Any]:
    if status == JobStatus.DONE:  # all was gone through, whatever the last count written
        done = max(done, total)
    return {
        "done": done, "total": total, "status": status, "note": note,
        "label": LABELS.get(status, status), "waiting": status in WAITING,
        "percent": percent(done, total),
        "elapsed": duration((finished or timezone.now()) - started),
    }
