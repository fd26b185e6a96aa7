"""One task runs every kind of job: it claims the job, runs the kind's work with a reporter
and records the result or, in Chinese, why it failed."""

from __future__ import annotations

import logging

from django.utils.module_loading import import_string
from django_tasks import task

from zhicheng.applications.transition import Refused
from zhicheng.orgs.models import RoleGrant

from . import progress
from .models import Job, JobKind

logger = logging.getLogger(__name__)

# kind -> runner(job, progress) -> result, each next to the domain functions it calls
RUNNERS: dict[str, str] = {
    JobKind.SCREENING: "zhicheng.plans.jobs.screen",
    JobKind.BULK_REVIEW: "zhicheng.reviews.jobs.bulk_apply",
    JobKind.ASSIGNMENT: "zhicheng.experts.jobs.propose",
    JobKind.OVERLAP_INDEX: "zhicheng.overlapcheck.jobs.reindex",
    JobKind.OVERLAP_CHECK: "zhicheng.overlapcheck.jobs.check",
}


@task()
def run_job(job_id: int) -> str:
    job = progress.claim(job_id)
    if job is None:
        return "skipped"
    try:
        if not still_acting(job):
            raise progress.JobFailed("发起人已不再担任该角色，任务未执行")
        result = import_string(RUNNERS[job.kind])(job, progress.Reporter(job.pk, job.total))
    except (progress.JobFailed, Refused) as exc:
        progress.fail(job.pk, str(exc))
        return "failed"
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        progress.fail(job.pk, f"处理时出错（任务编号 {job.pk}），请稍后重新发起；"
                              "如再次失败请联系平台管理员")
        return "failed"
    finally:
        if job.upload:
            job.upload.delete(save=False)
            Job.objects.filter(pk=job.pk).update(upload="")
    progress.finish(job.pk, result)
    return "done"


def still_acting(job: Job) -> bool:
    """The role may have been taken away, or the organisation suspended, since the job was
    queued: the work runs only for someone who could start it now."""
    org = job.organisation
    if org is None:
        return True
    return org.is_approved and RoleGrant.objects.active().filter(
        user_id=job.requested_by_id, role=job.role, organisation=org).exists()
