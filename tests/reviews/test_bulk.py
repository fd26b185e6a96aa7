"""Bulk actions: the preview says per application whether it would go through and changes
nothing; applying runs the ones that can and reports the others."""

from __future__ import annotations

from typing import Any

import pytest

from tests.jobs.helpers import post_job
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import State
from zhicheng.audit.models import AuditEntry
from zhicheng.reviews import bulk
from zhicheng.reviews.models import StateChange

from .chain import Chain, client_for, drive, fresh, submitted

pytestmark = pytest.mark.django_db


def three(chain: Chain) -> tuple[Application, Application, Application]:
    a = submitted(chain.new_app(name="批量甲"))
    b = drive(chain, chain.new_app(name="批量乙"), State.UNIT_REVIEW)
    c = drive(chain, chain.new_app(name="批量丙"), State.UNIT_PASSED)
    return a, b, c


def snapshot() -> tuple[int, int, list[tuple[int, str, int]]]:
    return (StateChange.objects.count(), AuditEntry.objects.count(),
            list(Application.objects.order_by("pk").values_list("pk", "status", "version")))


def test_preview_changes_nothing(chain: Chain) -> None:
    apps = three(chain)
    before = snapshot()
    lines = bulk.preview(chain.unit.who, apps, "unit_pass")
    assert [line.ok for line in lines] == [True, True, False]
    assert lines[2].problem == "申报当前为“单位审核通过，待公示”，不能“审核通过”"
    assert [line.app.pk for line in lines] == [a.pk for a in apps]
    lines = bulk.preview(chain.unit.who, apps, "unit_return")
    assert {line.problem for line in lines} == {"“退回修改”须填写原因"}
    lines = bulk.preview(chain.other_unit.who, apps, "unit_pass")
    assert lines[0].problem == "您无权对该申报执行“审核通过”"
    stale = bulk.preview(chain.unit.who, apps, "unit_pass", versions={apps[0].pk: 1})
    assert "已被他人处理" in stale[0].problem
    assert snapshot() == before


def test_run_applies_the_ok_ones_and_reports_the_rest(chain: Chain) -> None:
    a, b, c = three(chain)
    lines = bulk.run(chain.unit.who, [a, b, c], "unit_pass",
                     versions={a.pk: fresh(a).version, b.pk: fresh(b).version - 1})
    assert lines[0].ok
    assert "已被他人处理" in lines[1].problem
    assert "不能“审核通过”" in lines[2].problem
    assert [fresh(x).status for x in (a, b, c)] == ["unit_passed", "unit_review",
                                                      "unit_passed"]
    assert StateChange.objects.filter(action="unit_pass").count() == 2  # c's earlier + a


def test_run_with_a_reason_and_office_acceptance(chain: Chain) -> None:
    a, b, _ = three(chain)
    lines = bulk.run(chain.unit.who, [a, b], "unit_return", reason="请补充业绩证明")
    assert all(line.ok for line in lines)
    assert set(StateChange.objects.filter(action="unit_return").values_list(
        "reason", flat=True)) == {"请补充业绩证明"}
    x = drive(chain, chain.new_app(), State.COMMITTEE_REVIEW)
    y = drive(chain, chain.new_app(), State.COMMITTEE_REVIEW)
    lines = bulk.run(chain.office.who, [x, y], "office_accept")
    assert all(line.ok for line in lines)
    assert [fresh(o).acceptance_no for o in (x, y)] == ["2023-0001", "2023-0002"]
    assert hasattr(fresh(x), "paper") and hasattr(fresh(y), "fee")


def test_bulk_through_the_pages(chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    a, b, c = three(chain)
    foreign = submitted(chain.new_app(employer=chain.other_employer, name="他单位丁"))
    client = client_for(chain.unit)
    before = snapshot()
    ids = [a.pk, b.pk, c.pk, foreign.pk]
    r = client.post("/reviews/bulk/preview/", {"ids": ids, "action": "unit_pass"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "批量审核通过：预览" in page
    assert "批量甲" in page and "批量乙" in page and "批量丙" in page
    assert "他单位丁" not in page  # not visible to this unit: left out, not refused
    assert page.count("可以执行") == 2 + 1  # two lines, plus the summary sentence
    assert "其中 2 件可以执行" in page
    assert "不能“审核通过”" in page
    assert f'name="v{a.pk}" value="{fresh(a).version}"' in page
    assert f'name="v{c.pk}"' not in page  # a refused line is not carried on
    assert snapshot() == before
    job, r = post_job(client, django_capture_on_commit_callbacks, "/reviews/bulk/apply/", {
        "ids": [a.pk, b.pk, foreign.pk], "action": "unit_pass",
        f"v{a.pk}": fresh(a).version, f"v{b.pk}": fresh(b).version,
        f"v{foreign.pk}": fresh(foreign).version})
    assert (job.kind, job.status, job.done, job.total) == ("bulk_review", "done", 2, 2)
    page = r.content.decode()
    assert "共 2 件，已执行 2 件" in page  # the other unit's application is left out
    assert "批量甲" in page and "他单位丁" not in page
    assert [fresh(x).status for x in (a, b, foreign)] == ["unit_passed", "unit_passed",
                                                            "submitted"]
    # pressing the confirmation again finds them all moved on
    _, r = post_job(client, django_capture_on_commit_callbacks, "/reviews/bulk/apply/", {
        "ids": [a.pk], "action": "unit_pass", f"v{a.pk}": fresh(a).version - 1})
    assert "已执行 0 件" in r.content.decode() and "已被他人处理" in r.content.decode()
    # nothing the desk may act on: no job
    r = client.post("/reviews/bulk/apply/", {"ids": [foreign.pk], "action": "unit_pass"})
    assert r.status_code == 302 and r.url == "/reviews/"


def test_bulk_pages_refuse_empty_or_unknown_requests(chain: Chain) -> None:
    a = submitted(chain.new_app())
    client = client_for(chain.unit)
    r = client.post("/reviews/bulk/preview/", {"action": "unit_pass"})
    assert r.status_code == 302 and r.url == "/reviews/"
    r = client.post("/reviews/bulk/preview/", {"ids": [a.pk], "action": "unit_post"})
    assert r.status_code == 302  # not a bulk action
    r = client.post("/reviews/bulk/apply/", {"ids": [a.pk], "action": "certify"})
    assert r.status_code == 302 and fresh(a).status == "submitted"
    assert client.get("/reviews/bulk/preview/").status_code == 405
    applicant = client_for(None, a.applicant)
    assert applicant.post("/reviews/bulk/apply/", {"ids": [a.pk], "action": "unit_pass",
                                                   f"v{a.pk}": a.version}).status_code == 403
    assert fresh(a).status == "submitted"
