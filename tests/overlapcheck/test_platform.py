"""Materials fingerprinted on submission, sampled by the office's policy; the three ratios;
the applicant's own earlier materials told apart and resubmission flagged."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.files.base import ContentFile
from docx import Document

from tests.reviews.chain import Chain, client_for, make_app, make_plan
from zhicheng.applications.models import Application
from zhicheng.archive.models import Output
from zhicheng.audit.models import AuditEntry
from zhicheng.notifications.models import Message
from zhicheng.overlapcheck import domain
from zhicheng.overlapcheck.models import Material, Policy, Report

pytestmark = pytest.mark.django_db

PROSE = ("本项目针对制造企业车间数据采集不及时、不准确的问题，设计并实现了一套基于工业物联网的"
         "生产数据采集与分析系统。系统采用边缘计算网关对设备运行参数进行实时采集和预处理，"
         "通过消息队列将数据汇聚至数据中心，并利用时序数据库进行存储。在此基础上，本人主持"
         "开发了设备综合效率分析、质量追溯和能耗管理三个功能模块，使车间设备综合效率提高了"
         "百分之十二，产品不良率下降了百分之三十，取得了良好的经济效益和社会效益。")
OTHER = ("城市供水管网漏损控制是一项系统工程，需要从管网规划、施工质量、运行维护等多个环节"
         "入手。本文结合某市供水管网改造工程，分析了漏损产生的主要原因，提出了分区计量、"
         "压力管理和主动检漏相结合的综合控制措施，并对实施效果进行了评价。")


def docx_bytes(text: str) -> bytes:
    doc = Document()
    for para in text.split("\n"):
        doc.add_paragraph(para)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def with_summary(app: Application, text: str, title: str = "关于数据采集系统的技术总结报告"
                 ) -> Output:
    out = Output(owner=app.applicant, kind="technical_summary", title=title, chars=len(text),
                 written=date(2022, 3, 1))
    out.file.save("summary.docx", ContentFile(docx_bytes(text)), save=False)
    out.save()
    app.outputs.add(out)
    return out


def check_all(chain: Chain) -> None:
    Policy.objects.update_or_create(committee=chain.committee, defaults={"check_all": True})


def test_copied_passage_found_in_another_applicants_material(chain: Chain) -> None:
    check_all(chain)
    earlier = chain.new_app(name="原作者")
    with_summary(earlier, PROSE)
    domain.fingerprint_application(earlier.pk)
    copier = chain.new_app(name="抄袭者")
    with_summary(copier, OTHER + PROSE[20:140] + "。")
    domain.fingerprint_application(copier.pk)
    report = Report.objects.get(material__application=copier)
    copied = len([c for c in PROSE[20:140] if c.isalnum()])
    assert report.overlap_ratio == pytest.approx(copied / report.chars, abs=0.02)
    assert report.excluding_own_ratio == pytest.approx(report.overlap_ratio, abs=1e-4)
    assert report.own_ratio == 0 and not report.resubmission
    (source,) = report.data["sources"]
    assert source["source"] == Material.objects.get(application=earlier).name
    text = report.data["text"]
    (passage,) = source["passages"]
    assert PROSE[20:140].startswith(text[passage["start"]:passage["end"]][:10])


def test_last_years_material_sent_again_is_flagged_to_the_office(chain: Chain) -> None:
    check_all(chain)
    last_year = make_plan(chain.committee, year=2022, title="2022年度评审")
    old = make_app(last_year, chain.employer, name="重复者")
    with_summary(old, PROSE)
    domain.fingerprint_application(old.pk)
    again = Application.objects.create(
        applicant=old.applicant, plan=chain.plan, level=chain.plan.level, year=2023,
        committee=chain.committee, employer=chain.employer, specialty="电子信息")
    with_summary(again, PROSE)
    domain.fingerprint_application(again.pk)
    report = Report.objects.get(material__application=again)
    assert report.overlap_ratio == 1.0 and report.own_ratio == 1.0
    assert report.excluding_own_ratio == 0.0 and report.resubmission
    flag = Message.objects.get(recipient=chain.office.user, event="overlap_flag")
    assert "100%" in flag.body and "重复者" in flag.body


def test_sampling_follows_the_policy(chain: Chain) -> None:
    Policy.objects.create(committee=chain.committee, check_all=False, sample_percent=0)
    app = chain.new_app()
    with_summary(app, PROSE)
    domain.fingerprint_application(app.pk)
    material = Material.objects.get(application=app)
    assert material.status == "indexed" and not material.sampled
    assert not Report.objects.exists()
    Policy.objects.filter(committee=chain.committee).update(sample_percent=100)
    domain.fingerprint_application(app.pk)
    assert Report.objects.filter(material__application=app).exists()


def test_unreadable_material_is_recorded_not_fatal(chain: Chain) -> None:
    check_all(chain)
    app = chain.new_app()
    out = Output(owner=app.applicant, kind="paper", title="旧格式论文", chars=100,
                 written=date(2022, 1, 1))
    out.file.save("paper.doc", ContentFile(b"\xd0\xcf\x11\xe0 not a docx"), save=False)
    out.save()
    app.outputs.add(out)
    with_summary(app, PROSE)
    assert domain.fingerprint_application(app.pk) == 2
    bad = Material.objects.get(output=out)
    assert bad.status == "unreadable" and bad.problem
    assert Material.objects.exclude(pk=bad.pk).get().status == "checked"


def test_office_pages(chain: Chain, **_: Any) -> None:
    check_all(chain)
    first = chain.new_app(name="甲")
    with_summary(first, PROSE + "<script>alert(1)</script>")
    domain.fingerprint_application(first.pk)
    second = chain.new_app(name="乙")
    with_summary(second, "<b>加粗</b>" + PROSE)
    domain.fingerprint_application(second.pk)
    office = client_for(chain.office)
    page = office.get("/overlap/").content.decode()
    assert "甲" in page and "乙" in page
    report = Report.objects.get(material__application=second)
    page = office.get(f"/overlap/reports/{report.pk}/").content.decode()
    assert "<mark>" in page and "&lt;b&gt;" in page and "<b>加粗" not in page
    assert "去除本人已发表文献复制比" in page
    assert client_for(chain.other_office).get(
        f"/overlap/reports/{report.pk}/").status_code == 404
    r = office.post("/overlap/", {"sample_percent": 50, "resubmission_percent": 90,
                                  "min_run": 13})
    assert r.status_code == 302
    policy = Policy.objects.get(committee=chain.committee)
    assert (policy.check_all, policy.sample_percent, policy.resubmission_percent) == (
        False, 50, 90)
    assert AuditEntry.objects.filter(action="overlap.policy").exists()
