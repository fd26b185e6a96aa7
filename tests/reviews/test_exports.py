"""Excel exports: requested on a page, built by the task (run at once in tests), downloaded
as a workbook with the desk's own applications only."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from zhicheng.applications.models import Application
from zhicheng.applications.workflow import Actor, State
from zhicheng.audit.models import AuditEntry
from zhicheng.reviews import office, posting
from zhicheng.reviews.models import Export, ExportStatus

from .chain import Chain, client_for, drive, make_plan

pytestmark = pytest.mark.django_db

START = date(2023, 9, 27)


def posted(chain: Chain, app: Application) -> Application:
    app = drive(chain, app, State.UNIT_PASSED, today=START)
    return posting.post(chain.desk_for(Actor.UNIT, app), app, START, "公告栏", today=START)


def accepted(chain: Chain, app: Application) -> Application:
    app = drive(chain, app, State.COMMITTEE_REVIEW, today=START)
    return office.accept(chain.desk_for(Actor.OFFICE, app), app, today=START)


def request_export(client: Any, capture: Any, **data: Any) -> Export:
    with capture(execute=True):
        r = client.post("/reviews/exports/new/", data)
    export = Export.objects.order_by("-pk").first()
    assert r.status_code == 302 and r.url == f"/reviews/exports/{export.pk}/"
    return export


def workbook_rows(client: Any, export: Export) -> list[list[Any]]:
    r = client.get(f"/reviews/exports/{export.pk}/download/")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_unit_posting_list(chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    a = posted(chain, chain.new_app(name="公示甲"))
    posted(chain, chain.new_app(name="公示乙"))
    posted(chain, chain.new_app(employer=chain.other_employer, name="他单位丙"))
    drive(chain, chain.new_app(name="未公示丁"), State.SUBMITTED)
    posting.record_objection(chain.unit.who, a.posting, date(2023, 10, 8), "", "业绩不实")
    client = client_for(chain.unit)
    export = request_export(client, django_capture_on_commit_callbacks, kind="posting")
    export.refresh_from_db()
    assert (export.status, export.rows, export.error) == (ExportStatus.DONE, 2, "")
    page = client.get(f"/reviews/exports/{export.pk}/").content.decode()
    assert "下载（2 行）" in page
    rows = workbook_rows(client, export)
    assert "职称申报公示表" in rows[0][0]
    assert rows[1][:3] == ["序号", "姓名", "性别"] and rows[1][-1] == "异议情况"
    by_name = {row[1]: row for row in rows[2:]}
    assert set(by_name) == {"公示甲", "公示乙"}
    assert by_name["公示甲"][-1] == "10-08 待处理"
    assert by_name["公示乙"][-1] == "无异议"
    assert by_name["公示乙"][-2] == "2023-09-27至2023-10-09"
    assert [row[0] for row in rows[2:]] == [1, 2]
    assert AuditEntry.objects.filter(action="export.requested").count() == 1
    assert AuditEntry.objects.filter(action="export.downloaded").count() == 1


def test_office_roster_and_fees(chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    a = accepted(chain, chain.new_app(name="受理甲"))
    b = accepted(chain, chain.new_app(employer=chain.other_employer, name="受理乙"))
    drive(chain, chain.new_app(name="未受理丙"), State.COMMITTEE_REVIEW)
    office.record_payment(chain.office.who, b, "银行转账", "T-9")
    client = client_for(chain.office)
    roster = request_export(client, django_capture_on_commit_callbacks, kind="roster")
    rows = workbook_rows(client, roster)
    assert rows[1][:4] == ["序号", "受理号", "姓名", "身份证号"]
    body = {row[2]: row for row in rows[2:]}
    assert set(body) == {"受理甲", "受理乙"}
    assert body["受理甲"][1] == a.acceptance_no == "2023-0001"
    assert body["受理甲"][3] == a.applicant.id_number  # the office's roster is in full
    assert body["受理甲"][6] == chain.department.name
    assert body["受理甲"][-2] == "0/2份" and body["受理乙"][-1] == "已缴费"
    fees = request_export(client, django_capture_on_commit_callbacks, kind="fees")
    rows = workbook_rows(client, fees)
    assert rows[1] == ["序号", "受理号", "姓名", "工作单位", "金额（元）", "缴费状态",
                       "缴费方式", "缴费凭证号", "缴费时间"]
    body = {row[2]: row for row in rows[2:]}
    assert body["受理甲"][4:7] == [300, "未缴费", None]
    assert body["受理乙"][4:8] == [300, "已缴费", "银行转账", "T-9"]


def test_office_export_filtered_by_plan(chain: Chain,
                                        django_capture_on_commit_callbacks: Any) -> None:
    other_plan = make_plan(chain.committee, title="另一计划", level="senior")
    accepted(chain, chain.new_app(name="本计划甲"))
    accepted(chain, chain.new_app(plan=other_plan, name="另计划乙"))
    client = client_for(chain.office)
    export = request_export(client, django_capture_on_commit_callbacks, kind="roster",
                            plan=str(other_plan.pk))
    assert export.filters == {"plan": other_plan.pk}
    names = [row[2] for row in workbook_rows(client, export)[2:]]
    assert names == ["另计划乙"]


def test_exports_are_private_to_the_organisation(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    posted(chain, chain.new_app(name="公示甲"))
    export = request_export(client_for(chain.unit), django_capture_on_commit_callbacks,
                            kind="posting")
    for d in (chain.other_unit, chain.office):
        client = client_for(d)
        assert client.get(f"/reviews/exports/{export.pk}/").status_code == 404
        assert client.get(f"/reviews/exports/{export.pk}/download/").status_code == 404
        assert f"/reviews/exports/{export.pk}/" not in client.get(
            "/reviews/exports/").content.decode()
    assert f"/reviews/exports/{export.pk}/" in client_for(chain.unit).get(
        "/reviews/exports/").content.decode()
    assert client_for(chain.department_desk).get(
        f"/reviews/exports/{export.pk}/").status_code == 403
    assert client_for(None, chain.applicant).get(
        f"/reviews/exports/{export.pk}/download/").status_code == 403


def test_kinds_not_allowed_for_the_role_are_refused(chain: Chain,
                                                    django_capture_on_commit_callbacks: Any
                                                    ) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for d, kind in ((chain.unit, "roster"), (chain.unit, "fees"),
                        (chain.office, "posting"), (chain.unit, "nonsense")):
            r = client_for(d).post("/reviews/exports/new/", {"kind": kind})
            assert r.status_code == 302 and r.url == "/reviews/exports/", (d, kind)
        r = client_for(chain.department_desk).post("/reviews/exports/new/",
                                                   {"kind": "posting"})
        assert r.status_code == 403
    assert not Export.objects.exists()


def test_a_failed_build_is_recorded(chain: Chain, django_capture_on_commit_callbacks: Any,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from zhicheng.reviews import exports

    def broken(*args: Any) -> Any:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(exports, "workbook", broken)
    client = client_for(chain.unit)
    export = request_export(client, django_capture_on_commit_callbacks, kind="posting")
    export.refresh_from_db()
    assert (export.status, export.error) == (ExportStatus.FAILED, "磁盘已满")
    assert "生成失败：磁盘已满" in client.get(f"/reviews/exports/{export.pk}/").content.decode()
    assert client.get(f"/reviews/exports/{export.pk}/download/").status_code == 404
    assert exports.build(export.pk) == ExportStatus.FAILED  # not built twice


def test_office_forms_zip_holds_each_accepted_form(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    import zipfile

    from pypdf import PdfReader

    a = accepted(chain, chain.new_app(name="评审表甲"))
    drive(chain, chain.new_app(name="未受理乙"), State.COMMITTEE_REVIEW)
    client = client_for(chain.office)
    export = request_export(client, django_capture_on_commit_callbacks, kind="forms")
    assert export.status == ExportStatus.DONE and (export.rows, export.total) == (1, 1)
    response = client.get(f"/reviews/exports/{export.pk}/download/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [f"{a.acceptance_no}-评审表甲.pdf"]
    text = "".join(page.extract_text() for page in PdfReader(
        io.BytesIO(archive.read(archive.namelist()[0]))).pages)
    assert "评审表甲" in text and a.applicant.id_number in text
