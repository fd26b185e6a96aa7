"""The job's page: the bar and the counts, refreshing itself only while the job runs; the
result and its link when done; the error when failed. 我的任务 lists one's own jobs only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests import factories
from tests.reviews.chain import Chain, Desk, client_for
from zhicheng.jobs.models import Job, JobKind, JobStatus
from zhicheng.orgs.models import Role
from zhicheng.reviews.models import Export, ExportKind

pytestmark = pytest.mark.django_db

REFRESH = '<meta http-equiv="refresh" content="3">'
LEAVE = "可以离开此页，稍后在“我的任务”中回来查看"


def make_job(desk: Desk, **fields: Any) -> Job:
    return Job.objects.create(kind=JobKind.SCREENING, title=fields.pop("title", "名单.xlsx"),
                              requested_by=desk.user, organisation=desk.grant.organisation,
                              role=desk.grant.role, **fields)


def page(desk: Desk, job: Job) -> str:
    response = client_for(desk).get(f"/jobs/{job.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_running_job_shows_its_progress_and_refreshes(chain: Chain) -> None:
    job = make_job(chain.office, status=JobStatus.RUNNING, done=37, total=120,
                   note="逐份预检", started_at=timezone.now() - timedelta(seconds=65))
    html = page(chain.office, job)
    assert "已处理 37 / 120（31%）" in html
    assert '<progress max="120" value="37">' in html
    assert "进行中" in html and "逐份预检" in html and "已用时 1 分" in html
    assert REFRESH in html and LEAVE in html


def test_a_queued_job_refreshes_too(chain: Chain) -> None:
    html = page(chain.office, make_job(chain.office))
    assert "排队中" in html and REFRESH in html and LEAVE in html


def test_a_finished_job_links_to_its_result_and_stops_refreshing(chain: Chain) -> None:
    now = timezone.now()
    job = make_job(chain.office, status=JobStatus.DONE, done=120, total=120,
                   started_at=now - timedelta(seconds=8), finished_at=now,
                   result={"summary": "共 120 份：符合 100。",
                           "links": [{"label": "查看预检结果", "url": "/plans/screen/?run=7"}]})
    html = page(chain.office, job)
    assert "已完成" in html and "已处理 120 / 120（100%）" in html and "用时 8 秒" in html
    assert '<a class="button" href="/plans/screen/?run=7">查看预检结果</a>' in html
    assert "共 120 份：符合 100。" in html
    assert REFRESH not in html and LEAVE not in html


def test_a_failed_job_shows_why(chain: Chain) -> None:
    job = make_job(chain.office, status=JobStatus.FAILED, done=3, total=10,
                   error="材料全文已不存在，无法检查", finished_at=timezone.now())
    html = page(chain.office, job)
    assert "失败" in html and "任务失败：材料全文已不存在，无法检查" in html
    assert REFRESH not in html and "结果" not in html.split("任务失败")[1]


def test_another_persons_or_organisations_job_is_not_found(chain: Chain) -> None:
    job = make_job(chain.office, title="本办公室的名单")
    colleague = factories.make_user(name="同办公室的另一人")
    factories.grant(colleague, Role.COMMITTEE_OFFICE, chain.committee)
    for client in (client_for(chain.other_office), client_for(chain.unit),
                   client_for(None, chain.applicant),
                   client_for(None, colleague)):
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert "本办公室的名单" not in client.get("/jobs/").content.decode()
    # the same person acting in another role does not find it either
    second = factories.grant(chain.office.user, Role.DEPARTMENT, chain.department)
    client = client_for(chain.office)
    factories.act_as(client, second)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert Client().get("/jobs/").status_code == 302  # anonymous: sign in first


def test_my_jobs_lists_jobs_and_exports_newest_first(chain: Chain) -> None:
    now = timezone.now()
    make_job(chain.office, title="旧名单", status=JobStatus.DONE, done=5, total=5,
             created_at=now - timedelta(hours=2))
    Export.objects.create(kind=ExportKind.ROSTER, organisation=chain.committee,
                          role=Role.COMMITTEE_OFFICE, requested_by=chain.office.user,
                          created_at=now - timedelta(hours=1))
    running = make_job(chain.office, title="新名单", status=JobStatus.RUNNING, done=4,
                       total=10, created_at=now)
    Export.objects.create(kind=ExportKind.FEES, organisation=chain.committee,
                          role=Role.COMMITTEE_OFFICE, requested_by=chain.other_office.user)
    html = client_for(chain.office).get("/jobs/").content.decode()
    assert html.index("新名单") < html.index("受理花名册") < html.index("旧名单")
    assert f'href="/jobs/{running.pk}/"' in html and "4 / 10" in html
    assert "缴费名单" not in html  # asked for by someone else
    assert '<meta http-equiv="refresh" content="5">' in html  # something still runs
    assert 'href="/jobs/"' in html  # the link in the navigation


def test_the_export_page_shows_the_same_progress(chain: Chain) -> None:
    export = Export.objects.create(kind=ExportKind.FORMS, organisation=chain.committee,
                                   role=Role.COMMITTEE_OFFICE, requested_by=chain.office.user,
                                   status="running", rows=30, total=40)
    html = client_for(chain.office).get(f"/reviews/exports/{export.pk}/").content.decode()
    assert "已处理 30 / 40（75%）" in html and REFRESH in html and LEAVE in html
    Export.objects.filter(pk=export.pk).update(status="done", rows=40,
                                               finished_at=timezone.now())
    html = client_for(chain.office).get(f"/reviews/exports/{export.pk}/").content.decode()
    assert "已处理 40 / 40（100%）" in html and REFRESH not in html and "下载（40 份）" in html
