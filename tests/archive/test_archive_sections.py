"""The personal archive: list, add, edit, delete per section; checks; stale edits; audit."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.archive import models as m
from zhicheng.archive.sections import SECTIONS
from zhicheng.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client: Client) -> Any:
    user = factories.make_user()
    client.force_login(user)
    return user


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("section", SECTIONS, ids=[s.slug for s in SECTIONS])
def test_every_section_lists_and_offers_a_form(client: Client, applicant: Any,
                                               section: Any) -> None:
    assert client.get(reverse("archive:section", args=[section.slug])).status_code == 200
    page = client.get(reverse("archive:add", args=[section.slug]))
    assert page.status_code == 200
    assert section.title in page.content.decode()


def test_index_counts_rows(client: Client, applicant: Any) -> None:
    m.Appraisal.objects.create(owner=applicant, year=2022, result="competent")
    body = client.get(reverse("archive:index")).content.decode()
    assert "年度考核" in body and "1 条" in body


def test_add_edit_delete_a_work_period_is_audited(client: Client, applicant: Any) -> None:
    url = reverse("archive:add", args=["work"])
    r = client.post(url, {"start": "2015-07-01", "end": "", "employer": "某科技公司",
                          "post": "软件工程师", "technical": "True", "related": "true"})
    assert r.status_code == 302
    period = m.WorkPeriod.objects.get(owner=applicant)
    assert period.end is None and period.technical and period.related is True
    r = client.post(reverse("archive:edit", args=["work", period.pk]),
                    {"start": "2015-08-01", "end": "", "employer": "某科技公司",
                     "post": "高级软件工程师", "technical": "True", "related": "unknown",
                     "version": period.version})
    assert r.status_code == 302
    period.refresh_from_db()
    assert period.post == "高级软件工程师" and period.version == 2 and period.related is None
    client.post(reverse("archive:delete", args=["work", period.pk]))
    assert not m.WorkPeriod.objects.exists()
    actions = list(AuditEntry.objects.filter(object_type="archive.workperiod")
                   .values_list("action", flat=True))
    assert actions == ["archive.add", "archive.edit", "archive.delete"]


def test_overlapping_work_periods_are_refused_naming_the_other(client: Client,
                                                               applicant: Any) -> None:
    m.WorkPeriod.objects.create(owner=applicant, start=date(2015, 7, 1), end=date(2018, 6, 30),
                                employer="甲公司", post="工程师", technical=True)
    r = client.post(reverse("archive:add", args=["work"]),
                    {"start": "2018-01-01", "employer": "乙公司", "post": "工程师",
                     "technical": "True", "related": "unknown"})
    assert r.status_code == 200
    body = r.content.decode()
    assert "2015-07-01至2018-06-30" in body and "甲公司" in body
    assert "乙公司" in body  # what was typed is kept
    assert m.WorkPeriod.objects.count() == 1


def test_gap_needs_a_reason(client: Client, applicant: Any) -> None:
    m.WorkPeriod.objects.create(owner=applicant, start=date(2015, 7, 1), end=date(2018, 6, 30),
                                employer="甲公司", post="工程师", technical=True)
    data = {"start": "2019-03-01", "employer": "乙公司", "post": "工程师", "technical": "True",
            "related": "unknown"}
    r = client.post(reverse("archive:add", args=["work"]), data)
    assert "空档" in r.content.decode()
    r = client.post(reverse("archive:add", args=["work"]), data | {"gap_reason": "脱产读研"})
    assert r.status_code == 302


def test_two_tabs_saving_the_same_row_never_lose_an_edit_silently(client: Client,
                                                                   applicant: Any) -> None:
    row = m.CeRecord.objects.create(owner=applicant, year=2022, category="public", hours=24)
    url = reverse("archive:edit", args=["ce", row.pk])
    first = {"year": 2022, "category": "public", "hours": "30", "version": row.version}
    second = {"year": 2022, "category": "public", "hours": "36", "provider": "某协会",
              "version": row.version}
    assert client.post(url, first).status_code == 302
    r = client.post(url, second)
    assert r.status_code == 200
    body = r.content.decode()
    assert "其他页面或标签页" in body and "某协会" in body
    row.refresh_from_db()
    assert row.hours == 30


def test_old_degree_needs_the_certification_report(client: Client, applicant: Any) -> None:
    data = {"level": "bachelor", "field": "science_engineering", "major": "计算机科学",
            "related": "true", "school": "浙江大学", "mode": "full_time",
            "awarded": "1998-07-01"}
    r = client.post(reverse("archive:add", args=["education"]), data)
    assert "须上传学历认证报告" in r.content.decode()
    assert "须上传学历证书" in r.content.decode()
    pdf = SimpleUploadedFile("report.pdf", factories.PDF_BYTES)
    cert = SimpleUploadedFile("cert.pdf", factories.PDF_BYTES)
    r = client.post(reverse("archive:add", args=["education"]),
                    data | {"certification_report": pdf, "certificate": cert})
    assert r.status_code == 302
    edu = m.Education.objects.get(owner=applicant)
    assert edu.certification_report.name.endswith(".pdf")
    assert "report" not in edu.certification_report.name


def test_title_from_another_region_needs_the_approval_document(client: Client,
                                                               applicant: Any) -> None:
    data = {"level": "assistant", "series": "engineering", "name": "助理工程师",
            "obtained": "2018-12-01", "issuer": "江苏省某评委会", "other_region": "on"}
    r = client.post(reverse("archive:add", args=["titles"]), data)
    assert "评审表或批准文件" in r.content.decode()
    assert not m.TitleHeld.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(client: Client,
                                                          applicant: Any) -> None:
    fake = SimpleUploadedFile("summary.docx", b"just some text, not a Word file")
    r = client.post(reverse("archive:add", args=["outputs"]),
                    {"kind": "technical_summary", "title": "关于某系统的技术总结报告",
                     "file": fake, "chars": 3600, "authors": 1, "rank": 1,
                     "written": "2022-04-01"})
    assert r.status_code == 200
    assert "关于某系统的技术总结报告" in r.content.decode()
    assert not m.Output.objects.exists()
    good = SimpleUploadedFile("summary.docx", docx_bytes())
    r = client.post(reverse("archive:add", args=["outputs"]),
                    {"kind": "technical_summary", "title": "关于某系统的技术总结报告",
                     "file": good, "chars": 3600, "authors": 1, "rank": 1,
                     "written": "2022-04-01"})
    assert r.status_code == 302


def test_rank_beyond_the_number_of_authors_is_refused(client: Client, applicant: Any) -> None:
    r = client.post(reverse("archive:add", args=["outputs"]),
                    {"kind": "paper", "title": "论文", "chars": 3600, "authors": 2, "rank": 3,
                     "written": "2022-04-01"})
    assert "不能大于作者人数" in r.content.decode()


def test_one_appraisal_per_year(client: Client, applicant: Any) -> None:
    m.Appraisal.objects.create(owner=applicant, year=2022, result="competent")
    r = client.post(reverse("archive:add", args=["appraisals"]),
                    {"year": 2022, "result": "excellent"})
    assert "2022年度已有考核结果" in r.content.decode()


def test_others_rows_are_not_found(client: Client, applicant: Any) -> None:
    other = factories.make_user()
    row = m.Appraisal.objects.create(owner=other, year=2022, result="competent")
    assert client.get(reverse("archive:edit", args=["appraisals", row.pk])).status_code == 404
    assert client.post(reverse("archive:delete", args=["appraisals", row.pk])).status_code == 404
    assert m.Appraisal.objects.filter(pk=row.pk).exists()
    body = client.get(reverse("archive:section", args=["appraisals"])).content.decode()
    assert "2022" not in body


def test_archive_requires_sign_in(client: Client) -> None:
    r = client.get(reverse("archive:index"))
    assert r.status_code == 302 and "login" in r["Location"]


def test_section_list_query_count_does_not_grow(client: Client, applicant: Any,
                                                django_assert_max_num_queries: Any) -> None:
    for year in range(2015, 2025):
        m.Appraisal.objects.create(owner=applicant, year=year, result="competent")
    with django_assert_max_num_queries(8):
        client.get(reverse("archive:section", args=["appraisals"]))


def test_ce_export_import_adds_hours_and_reports_bad_lines(client: Client,
                                                           applicant: Any) -> None:
    good = ("年度,科目类别,课程名称,学时,施教机构\n"
            "2022,公需科目,职业道德,12,某继续教育中心\n"
            "2022,专业科目,软件架构,30,某学会\n").encode("gbk")
    r = client.post(reverse("archive:ce_import"),
                    {"export": SimpleUploadedFile("hours.csv", good)})
    assert r.status_code == 302
    rows = m.CeRecord.objects.filter(owner=applicant)
    assert sorted((r.category, int(r.hours)) for r in rows) == [("professional", 30),
                                                                 ("public", 12)]
    bad = "年度,科目类别,学时\n2023,公需科目,十二\n".encode()
    r = client.post(reverse("archive:ce_import"),
                    {"export": SimpleUploadedFile("hours.csv", bad)})
    assert "第2行" in r.content.decode() and "十二" in r.content.decode()
    assert m.CeRecord.objects.filter(owner=applicant).count() == 2
