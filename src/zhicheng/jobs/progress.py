"""Starting a job and recording how far it has got.

Progress is written with a queryset update of the job's row alone, in autocommit: the work
must not run inside one long transaction with it, or nobody would see the row move until
the end. Work that changes many rows gives each change its own transaction (as the domain
functions do) and reports between them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Greatest
from django.utils import timezone

from zhicheng.audit.domain import Who, record

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

MIN_STEP = 10  # items between two writes of the row (more for long work: 1 % of it)


class JobFailed(Exception):
    """The work cannot be done; the message, in Chinese, is shown on the job's page."""


def start(who: Who, kind: str, title: str, *, params: dict[str, Any] | None = None,
          upload: tuple[str, bytes] | None = None, total: int = 0) -> Job:
    """Record the job and queue it once the request's transaction commits."""
    with transaction.atomic():
        job = Job(kind=kind, title=title[:200], requested_by=who.actor,
                  organisation=who.acting_for, role=who.role, ip=who.ip,
                  params=params or {}, total=total)
        if upload is not None:
            job.upload.save(upload[0], ContentFile(upload[1]), save=False)
        job.save()
        record(who, job, "job.started", after={"kind": kind, "title": job.title,
                                               "params": job.params})
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    try:
        run_job.enqueue(job_id)
    except Exception:  # the queue is unreachable: say so rather than 排队中 for ever
        logger.exception("job %s could not be queued", job_id)
        fail(job_id, "无法提交到后台队列，请稍后重新发起")


def claim(job_id: int) -> Job | None:
    """Mark a queued job running; None if it is not queued (already run, or run twice)."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), note="开始处理")
    if not claimed:
        return None
    return Job.objects.select_related("requested_by", "organisation").get(pk=job_id)


def advance(job_id: int, done: int, total: int | None = None, note: str = "") -> None:
    fields: dict[str, Any] = {"done": done}
    if total is not None:
        fields["total"] = total
    if note:
        fields["note"] = note[:200]
    Job.objects.filter(pk=job_id).update(**fields)


def finish(job_id: int, result: dict[str, Any]) -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, result=result, note="", finished_at=timezone.now(),
        done=Greatest("done", "total"))


def fail(job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, error=error[:2000],
                                         finished_at=timezone.now())


def who_of(job: Job) -> Who:
    """The person who started the job, acting as they were, for the audit trail."""
    return Who(actor=job.requested_by, acting_for=job.organisation, role=job.role, ip=job.ip)


Write = Callable[[int, "int | None", str], object]  # (done, total, note)


class Reporter:
    """The Progress a runner hands to the work: writes the row every `step` items, and
    at once when the runner names a new step or a new total. `write` saves it somewhere
    other than the job's row (an export's own row)."""

    def __init__(self, job_id: int, total: int = 0, write: Write | None = None) -> None:
        self.job_id, self.total, self.note, self.written = job_id, total, "", 0
        self.write: Write = write or partial(advance, job_id)

    @property
    def step(self) -> int:
        return max(MIN_STEP, self.total // 100)

    def __call__(self, done: int, total: int | None = None, note: str = "") -> None:
        changed = (note and note != self.note) or (total is not None and total != self.total)
        if total is not None:
            self.total = total
        if note:
            self.note = note
        if changed or done - self.written >= self.step:
            self.write(done, total, note)
            self.written = done
