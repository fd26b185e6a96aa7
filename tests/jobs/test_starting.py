"""Each page that starts long work queues a job and sends the office to its page; the job
runs the same domain functions as before, and fails with a reason in Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.jobs.helpers import post_job
from tests.meetings.panel import in_review, make_experts
from tests.overlapcheck.test_platform import PROSE, check_all, with_summary
from tests.reviews.chain import Chain, client_for, fresh, submitted
from zhicheng.archive.models import Output
from zhicheng.experts.models import AssignmentRun, DisciplineGroup
from zhicheng.jobs.models import Job, JobKind, JobStatus
from zhicheng.orgs.models import Role, RoleGrant
from zhicheng.overlapcheck import domain
from zhicheng.overlapcheck.models import Material, Policy, Report

pytestmark = pytest.mark.django_db


def test_assignment_runs_as_a_job_that_links_to_the_proposal(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    make_experts(chain, 3)
    in_review(chain, 2)
    job, page = post_job(client_for(chain.office), django_capture_on_commit_callbacks,
                         f"/experts/plans/{chain.plan.pk}/propose/",
                         {"reviews": 2, "require_specialty": "on"})
    run = AssignmentRun.objects.get()
    assert (job.kind, job.status, job.done, job.total) == (JobKind.ASSIGNMENT, "done", 3, 3)
    html = page.content.decode()
    assert f'href="/experts/runs/{run.pk}/"' in html and "分配 4 条" in html


def test_checking_one_material_links_to_its_report(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    Policy.objects.create(committee=chain.committee, check_all=False, sample_percent=0)
    app = chain.new_app(name="被查者")
    with_summary(app, PROSE)
    domain.fingerprint_application(app.pk)  # not sampled: indexed, not checked
    material = Material.objects.get(application=app)
    assert not Report.objects.exists()
    job, page = post_job(client_for(chain.office), django_capture_on_commit_callbacks,
                         f"/overlap/materials/{material.pk}/check/")
    report = Report.objects.get(material=material)
    assert (job.kind, job.status, job.result["report"]) == (JobKind.OVERLAP_CHECK, "done",
                                                            report.pk)
    assert f'href="/overlap/reports/{report.pk}/"' in page.content.decode()


def test_checking_a_material_whose_text_is_gone_fails_with_the_reason(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    app = chain.new_app()
    out = with_summary(app, PROSE)
    domain.fingerprint_application(app.pk)
    material = Material.objects.get(application=app)
    Output.objects.filter(pk=out.pk).update(file="")
    job, page = post_job(client_for(chain.office), django_capture_on_commit_callbacks,
                         f"/overlap/materials/{material.pk}/check/")
    assert (job.status, job.error) == (JobStatus.FAILED, "材料全文已不存在，无法检查")
    html = page.content.decode()
    assert "失败" in html and "任务失败：材料全文已不存在，无法检查" in html


def test_reindexing_goes_through_each_submitted_application(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    check_all(chain)
    sent = [chain.new_app(name=f"已提交{i}") for i in range(2)]
    draft = chain.new_app(name="草稿")
    for i, app in enumerate([*sent, draft]):
        with_summary(app, PROSE[i * 10:])
    for app in sent:
        type(app).objects.filter(pk=app.pk).update(submitted_at=timezone.now())
    office = client_for(chain.office)
    job, page = post_job(office, django_capture_on_commit_callbacks, "/overlap/reindex/")
    assert (job.kind, job.status, job.done, job.total) == (JobKind.OVERLAP_INDEX, "done", 2, 2)
    assert set(Material.objects.values_list("application_id", flat=True)) == {
        a.pk for a in sent}
    assert Report.objects.count() == 2  # every material checked, as the settings say
    assert "已处理申报 2 件、材料 2 份。" in page.content.decode()
    # one at a time per committee
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    r = office.post("/overlap/reindex/", follow=True)
    assert "已有查重索引任务在进行" in r.content.decode() and Job.objects.count() == 1


def test_a_job_does_not_run_for_someone_who_lost_the_role(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    a = submitted(chain.new_app())
    with django_capture_on_commit_callbacks() as queued:
        r = client_for(chain.unit).post("/reviews/bulk/apply/", {
            "ids": [a.pk], "action": "unit_receive", f"v{a.pk}": a.version})
    assert r.status_code == 302 and Job.objects.get().status == JobStatus.QUEUED
    RoleGrant.objects.filter(pk=chain.unit.grant.pk).update(revoked_at=timezone.now())
    for callback in queued:  # the worker picks the job up after the grant was revoked
        callback()
    job = Job.objects.get()
    assert (job.status, job.error) == (JobStatus.FAILED, "发起人已不再担任该角色，任务未执行")
    assert fresh(a).status == "submitted"


def test_an_unexpected_error_is_reported_in_chinese(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    group = DisciplineGroup.objects.create(plan=chain.plan, name="电子组",
                                           specialties=["电子信息"])
    office = client_for(chain.office)
    with django_capture_on_commit_callbacks() as queued:
        r = office.post(f"/experts/plans/{chain.plan.pk}/propose/",
                        {"group": group.pk, "reviews": 2, "require_specialty": "on"})
    group.delete()  # gone before the worker gets to it
    for callback in queued:
        callback()
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith(f"处理时出错（任务编号 {job.pk}）")
    html = office.get(r.url).content.decode()
    assert "任务失败：处理时出错" in html and job.role == Role.COMMITTEE_OFFICE
