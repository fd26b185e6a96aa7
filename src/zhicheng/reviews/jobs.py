"""A confirmed bulk action as a background job: each application in its own transaction,
progress reported between them, one result line per application."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhicheng.applications.models import Application
from zhicheng.audit.domain import Who
from zhicheng.jobs import progress
from zhicheng.jobs.models import Job, JobKind
from zhicheng.orgs.acting import Acting

from . import bulk
from .access import applications_visible_to


def start_bulk(who: Who, apps: list[Application], action: str, reason: str,
               versions: dict[int, int]) -> Job:
    return progress.start(
        who, JobKind.BULK_REVIEW, f"批量{bulk.BULK_ACTIONS[action]}（{len(apps)} 件）",
        params={"action": action, "reason": reason,
                "versions": [[a.pk, versions.get(a.pk)] for a in apps]},
        total=len(apps))


def bulk_apply(job: Job, report: progress.Reporter) -> dict[str, Any]:
    action, reason = job.params["action"], job.params.get("reason", "")
    versions = {int(pk): version for pk, version in job.params["versions"]}
    # what the desk sees now, as the page's own list would show it
    visible = applications_visible_to(Acting(job.role, job.organisation), job.requested_by)
    apps = list(visible.filter(pk__in=list(versions)).order_by("pk"))
    report(0, total=len(apps), note=f"逐件{bulk.BULK_ACTIONS[action]}")
    lines = bulk.run(progress.who_of(job), apps, action, reason, versions, progress=report)
    ok = sum(1 for line in lines if line.ok)
    rest = "；未执行的各件原因见下表。" if ok < len(lines) else "。"
    return {
        "summary": f"共 {len(lines)} 件，已执行 {ok} 件{rest}",
        "links": [{"label": "返回审核列表", "url": reverse("reviews:desk")}],
        "line_header": "申报人",
        "lines": [{"text": line.app.applicant.name, "ok": line.ok,
                   "url": reverse("reviews:detail", args=[line.app.pk]),
                   "problem": line.problem or ""} for line in lines]}
