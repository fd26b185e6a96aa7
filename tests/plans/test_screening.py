"""资格预检 for applicants, bulk pre-screening for offices, plan upload in the admin."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests import factories
from tests.jobs.helpers import post_job
from zhicheng.audit.models import AuditEntry
from zhicheng.jobs.models import Job
from zhicheng.plans import loader, screening
from zhicheng.plans.models import Plan, ScreeningRun

pytestmark = pytest.mark.django_db
PLAN_FILE = Path(__file__).parent / "data" / "test-plan.toml"
ID = "110105199003071239"


def load_test_plan() -> Plan:
    plan, _ = loader.load(loader.read(PLAN_FILE))
    return plan


def profile(start: str = "2015-07-01", specialty: str = "engineering", **extra: Any) -> dict:
    data = {"schema": "zhicheng.profile/1", "as_of": "2026-08-01",
            "person": {"name": "张三", "id_type": "resident_id", "id_number": ID,
                       "sex": "male", "birth_date": "1990-03-07"},
            "education": [{"level": "bachelor", "awarded": "2015-07-01", "mode": "full_time",
                           "field": "science_engineering", "related": True}],
            "work_history": [{"from": start, "to": None, "technical": True}],
            "application": {"specialty": specialty}}
    data.update(extra)
    return data


def as_applicant(client: Client) -> Any:
    user = factories.make_user()
    client.force_login(user)
    return user


def as_office(client: Client, plan: Plan) -> Any:
    user = factories.make_user()
    g = factories.grant(user, "committee_office", plan.committee)
    client.force_login(user)
    factories.act_as(client, g)
    return user


def upload(data: bytes, name: str = "profile.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_precheck_with_an_uploaded_profile(client: Client) -> None:
    plan = load_test_plan()
    as_applicant(client)
    response = client.post(reverse("plans:precheck"), {
        "plan": plan.pk, "profile": upload(json.dumps(profile()).encode())})
    html = response.content.decode()
    assert response.status_code == 200
    assert "badge-eligible" in html
    assert "要求≥5年" in html and "二、条件（一）1" in html
    assert "具有良好的职业道德" in html


def test_precheck_from_the_platforms_data_is_honest_about_gaps(client: Client) -> None:
    plan = load_test_plan()
    as_applicant(client)
    html = client.post(reverse("plans:precheck"), {"plan": plan.pk}).content.decode()
    assert "预检结论" in html
    assert "badge-eligible" not in html  # no education or work known: never guessed


def test_precheck_bad_profile_names_the_field(client: Client) -> None:
    plan = load_test_plan()
    as_applicant(client)
    bad = profile()
    bad["education"][0]["awarded"] = "2015/07/01"
    html = client.post(reverse("plans:precheck"), {
        "plan": plan.pk, "profile": upload(json.dumps(bad).encode())}).content.decode()
    assert "education[0].awarded" in html
    assert "预检结论" not in html


def test_precheck_refuses_non_json_content(client: Client) -> None:
    plan = load_test_plan()
    as_applicant(client)
    html = client.post(reverse("plans:precheck"), {
        "plan": plan.pk, "profile": upload(factories.PDF_BYTES, "p.json")}).content.decode()
    assert "JSON" in html and "预检结论" not in html


def jsonl(*profiles: Any) -> bytes:
    lines = [p if isinstance(p, str) else json.dumps(p, ensure_ascii=False) for p in profiles]
    return "\n".join(lines).encode()


def test_office_screens_json_lines_and_downloads_excel(
        client: Client, django_capture_on_commit_callbacks: Any) -> None:
    plan = load_test_plan()
    as_office(client, plan)
    sheet = jsonl(profile(), profile(start="2024-01-01"), "{not json", profile(specialty="x"))
    job, page = post_job(client, django_capture_on_commit_callbacks, reverse("plans:screen"),
                         {"plan": plan.pk, "sheet": upload(sheet, "batch.jsonl")})
    run = ScreeningRun.objects.get()
    assert (run.total, run.eligible, run.ineligible, run.errors) == (4, 1, 2, 1)
    assert (job.status, job.done, job.total, job.result["run"]) == ("done", 4, 4, run.pk)
    assert "共 4 份：符合 1，不符合 2" in page.content.decode()
    assert not job.upload  # the uploaded sheet is not kept once read
    html = client.get(f"{reverse('plans:screen')}?run={run.pk}").content.decode()
    assert "1101**********1239" in html and ID not in html  # masked on the page
    assert "badge-eligible" in html and "要求≥5年" in html
    assert AuditEntry.objects.filter(action="screening.run").exists()
    download = client.get(reverse("plans:screen_download", args=[run.pk]))
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[2][3] == "符合" and rows[2][2] == ID
    assert rows[3][3] == "不符合" and "要求≥5年" in rows[3][5]
    assert rows[4][3] == "无法读取" and "JSON" in rows[4][8]


def test_office_screens_an_excel_sheet(client: Client,
                                      django_capture_on_commit_callbacks: Any) -> None:
    plan = load_test_plan()
    as_office(client, plan)
    book = Workbook()
    sheet = book.active
    sheet.append(["检查日期", "姓名", "证件号码", "性别", "出生日期", "最高学历", "学历取得时间",
                  "学习形式", "专业类别", "所学专业是否对口", "参加专业技术工作时间",
                  "申报专业代码", "公需学时2025"])
    sheet.append(["2026-08-01", "张三", ID, "男", "1990-03-07", "本科", "2015-07-01", "全日制",
                  "理工科", "是", "2015-07-01", "engineering", 30])
    sheet.append(["2026-08-01", "李四", ID, "男", "1990-03-07", "研究生", "2015-07-01", "全日制",
                  "理工科", "是", "2015-07-01", "engineering", 30])
    buf = io.BytesIO()
    book.save(buf)
    post_job(client, django_capture_on_commit_callbacks, reverse("plans:screen"),
             {"plan": plan.pk, "sheet": upload(buf.getvalue(), "名单.xlsx")})
    run = ScreeningRun.objects.get()
    assert (run.total, run.eligible, run.errors) == (2, 1, 1)


def test_screen_refuses_binary_junk(client: Client) -> None:
    plan = load_test_plan()
    as_office(client, plan)
    html = client.post(reverse("plans:screen"), {
        "plan": plan.pk, "sheet": upload(b"\xff\xfe\x00junk", "x.xlsx")}).content.decode()
    assert "既不是 Excel" in html
    assert not ScreeningRun.objects.exists() and not Job.objects.exists()


def test_template_round_trips_through_the_screen() -> None:
    plan = load_test_plan()
    rows = screening.screen(plan.engine_plan(), screening.read_upload(
        "t.xlsx", screening.template_workbook()))
    assert len(rows) == 1 and rows[0].error is None, rows[0].error


def test_results_are_only_for_the_office_that_ran_them(
        client: Client, django_capture_on_commit_callbacks: Any) -> None:
    plan = load_test_plan()
    as_office(client, plan)
    post_job(client, django_capture_on_commit_callbacks, reverse("plans:screen"),
             {"plan": plan.pk, "sheet": upload(jsonl(profile()), "a.jsonl")})
    run = ScreeningRun.objects.get()
    other = Client()
    user = factories.make_user()
    g = factories.grant(user, "committee_office", factories.make_committee("别的评委会"))
    other.force_login(user)
    factories.act_as(other, g)
    assert other.get(reverse("plans:screen_download", args=[run.pk])).status_code == 404
    assert other.get(f"{reverse('plans:screen')}?run={run.pk}").status_code == 404
    applicant = Client()
    as_applicant(applicant)
    assert applicant.get(reverse("plans:screen")).status_code == 403


def test_office_only_screens_its_own_plans(client: Client) -> None:
    plan = load_test_plan()
    user = factories.make_user()
    g = factories.grant(user, "committee_office", factories.make_committee("别的评委会"))
    client.force_login(user)
    factories.act_as(client, g)
    html = client.post(reverse("plans:screen"), {
        "plan": plan.pk, "sheet": upload(jsonl(profile()), "a.jsonl")}).content.decode()
    assert not ScreeningRun.objects.exists()
    assert "评审计划：" in html


def test_admin_upload_loads_a_valid_plan(client: Client) -> None:
    admin_user = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(reverse("admin:plans_plan_upload"), {
        "file": upload(PLAN_FILE.read_bytes(), "test-plan.toml"), "status": "draft"})
    assert response.status_code == 302
    plan = Plan.objects.get(key="test-2026-engineer")
    assert plan.status == "draft" and plan.engine_plan().routes[0].route == "normal"


def test_admin_upload_names_the_line_of_a_mistake(client: Client) -> None:
    admin_user = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    text = PLAN_FILE.read_text(encoding="utf-8").replace("years = 5}", "years = \"5\"}")
    html = client.post(reverse("admin:plans_plan_upload"), {
        "file": upload(text.encode(), "bad.toml"), "status": "draft"}).content.decode()
    line = next(i for i, t in enumerate(text.splitlines(), 1) if 'years = "5"' in t)
    assert f"第{line}行" in html
    assert not Plan.objects.exists()
