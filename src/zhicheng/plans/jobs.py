"""The bulk pre-screen as a background job: read the uploaded sheet, judge each row against
the plan, keep the results file as a ScreeningRun."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from zhicheng.audit.domain import Who, record
from zhicheng.jobs import progress
from zhicheng.jobs.models import Job, JobKind

from . import screening
from .models import Plan, ScreeningRun


def start_screen(who: Who, plan: Plan, name: str, raw: bytes) -> Job:
    return progress.start(who, JobKind.SCREENING, f"{plan.title}（{name}）",
                          params={"plan": plan.pk, "source_name": name}, upload=(name, raw))


def screen(job: Job, report: progress.Reporter) -> dict[str, Any]:
    plan = Plan.objects.get(pk=job.params["plan"], committee=job.organisation)
    name = job.params["source_name"]
    with job.upload.open("rb") as fh:
        raw = fh.read()
    report(0, note="读取档案表")
    try:
        items = list(screening.read_upload(name, raw))
    except screening.UploadError as exc:
        raise progress.JobFailed(str(exc)) from None
    report(0, total=len(items), note="逐份预检")
    rows = screening.screen(plan.engine_plan(), items, progress=report)
    report(len(rows), note="生成结果文件")
    run = save_run(progress.who_of(job), plan, name, rows)
    return {
        "summary": f"共 {run.total} 份：符合 {run.eligible}，不符合 {run.ineligible}，"
                   f"需人工审核 {run.needs_review}，无法读取 {run.errors}。",
        "links": [{"label": "查看预检结果", "url": f"{reverse('plans:screen')}?run={run.pk}"},
                  {"label": "下载结果（Excel）",
                   "url": reverse("plans:screen_download", args=[run.pk])}],
        "run": run.pk}


def save_run(who: Who, plan: Plan, name: str, rows: list[screening.Row]) -> ScreeningRun:
    counts = {"eligible": 0, "ineligible": 0, "needs_review": 0}
    errors = 0
    for r in rows:
        if r.verdict:
            counts[r.verdict.verdict] += 1
        else:
            errors += 1
    with transaction.atomic():
        run = ScreeningRun(plan=plan, committee=who.acting_for, created_by=who.actor,
                           source_name=name[:200], total=len(rows), errors=errors, **counts)
        run.results.save("results.xlsx", ContentFile(
            screening.results_workbook(str(plan), rows)), save=False)
        run.save()
        record(who, run, "screening.run",
               after={"plan": plan.pk, "total": run.total, **counts, "errors": errors})
    return run
