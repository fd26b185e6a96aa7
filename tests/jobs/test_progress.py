"""Progress is written to the job's row as the work goes, each write on its own (not inside
a transaction of the work), so another request sees it at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.jobs.helpers import post_job
from tests.plans.test_screening import as_office, jsonl, load_test_plan, profile, upload
from tests.reviews.chain import Chain, client_for, submitted
from zhicheng.audit.domain import Who
from zhicheng.audit.models import AuditEntry
from zhicheng.jobs import progress
from zhicheng.jobs.models import Job, JobKind, JobStatus
from zhicheng.orgs.models import Role
from zhicheng.plans import jobs as plan_jobs
from zhicheng.reviews import jobs as review_jobs

pytestmark = pytest.mark.django_db

Seen = list[tuple[int, int, int, str]]


def watched(job: Job, seen: Seen) -> Any:
    """A reporter that, after each report, reads the row as another page would, and checks
    the work has no transaction of its own open around the report."""
    reporter = progress.Reporter(job.pk, job.total)
    outside = list(connection.savepoint_ids)

    def report(done: int, total: int | None = None, note: str = "") -> None:
        reporter(done, total, note)
        row = Job.objects.get(pk=job.pk)
        seen.append((done, row.done, row.total, row.note))
        assert connection.savepoint_ids == outside

    return report


def test_a_sheet_of_25_is_reported_every_ten_rows(client: Client) -> None:
    plan = load_test_plan()
    office = as_office(client, plan)
    who = Who(actor=office, acting_for=plan.committee, role=Role.COMMITTEE_OFFICE)
    # queued: the test's transaction never commits, so nothing has run it yet
    job = plan_jobs.start_screen(who, plan, "名单.jsonl", jsonl(*[profile()] * 25))
    job = progress.claim(job.pk)
    assert job is not None and progress.claim(job.pk) is None  # claimed once only
    seen: Seen = []
    result = plan_jobs.screen(job, watched(job, seen))
    by_row = {done: written for done, written, total, _ in seen[2:-1]}
    assert by_row == {n: n // 10 * 10 for n in range(1, 26)}  # 10 and 20 seen mid-way
    assert all(total == 25 for _, _, total, _ in seen[1:])
    assert seen[-1] == (25, 25, 25, "生成结果文件")
    assert "共 25 份：符合 25" in result["summary"]


def test_the_job_of_a_posted_sheet_ends_with_every_row_done(
        client: Client, django_capture_on_commit_callbacks: Any) -> None:
    plan = load_test_plan()
    office = as_office(client, plan)
    sheet = jsonl(*[profile()] * 12, "{broken")
    job, page = post_job(client, django_capture_on_commit_callbacks, reverse("plans:screen"),
                         {"plan": plan.pk, "sheet": upload(sheet, "名单.jsonl")})
    assert (job.kind, job.status, job.done, job.total) == (JobKind.SCREENING, "done", 13, 13)
    assert job.requested_by == office and job.organisation == plan.committee
    assert job.started_at and job.finished_at and job.error == ""
    assert "已处理 13 / 13（100%）" in page.content.decode()
    started = AuditEntry.objects.get(action="job.started")
    assert (started.object_id, started.actor_id) == (str(job.pk), office.pk)
    assert started.acting_role == Role.COMMITTEE_OFFICE


def test_bulk_review_reports_between_the_applications(chain: Chain) -> None:
    apps = [submitted(chain.new_app(name=f"批量{i}号")) for i in range(12)]
    job = review_jobs.start_bulk(chain.unit.who, apps, "unit_receive", "",
                                 {a.pk: a.version for a in apps})
    job = progress.claim(job.pk)
    assert job is not None
    seen: Seen = []
    result = review_jobs.bulk_apply(job, watched(job, seen))
    assert [written for done, written, _, _ in seen if done in (9, 10, 11, 12)] == [0, 10, 10, 10]
    assert result["summary"] == "共 12 件，已执行 12 件。"
    assert all(line["ok"] for line in result["lines"])


def test_a_new_step_or_total_is_written_at_once(chain: Chain) -> None:
    job = Job.objects.create(kind=JobKind.ASSIGNMENT, title="t", requested_by=chain.office.user,
                             organisation=chain.committee, role=Role.COMMITTEE_OFFICE,
                             status=JobStatus.RUNNING)
    report = progress.Reporter(job.pk)
    report(0, total=3, note="读取")
    report(1, note="计算")
    job.refresh_from_db()
    assert (job.done, job.total, job.note) == (1, 3, "计算")
    report(2, note="计算")  # same step, fewer than ten more: not written
    job.refresh_from_db()
    assert job.done == 1
    assert progress.Reporter(job.pk, 5000).step == 50


def test_the_page_of_a_job_started_through_the_desk(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    a = submitted(chain.new_app(name="页面甲"))
    job, page = post_job(client_for(chain.unit), django_capture_on_commit_callbacks,
                         "/reviews/bulk/apply/", {"ids": [a.pk], "action": "unit_receive",
                                                  f"v{a.pk}": a.version})
    assert job.status == "done" and "已处理 1 / 1（100%）" in page.content.decode()
