"""Achievements and titles are verified by the employer unit; an edit needs verifying again."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.archive import models as m
from zhicheng.plans.screening import profile_from_user

pytestmark = pytest.mark.django_db


def setup() -> tuple[Any, Any, Any]:
    unit = factories.make_employer()
    staff = factories.make_user(employer=unit)
    operator = factories.make_user()
    g = factories.grant(operator, "unit_admin", unit)
    return unit, staff, (operator, g)


def achievement(owner: Any) -> m.Achievement:
    return m.Achievement.objects.create(owner=owner, name="智慧园区平台", sponsor="某区经信局",
                                        start=date(2020, 1, 1), end=date(2021, 6, 30),
                                        role="lead", description="主持总体设计")


def test_unit_verifies_and_an_edit_resets_it(client: Client) -> None:
    unit, staff, (operator, g) = setup()
    a = achievement(staff)
    client.force_login(operator)
    factories.act_as(client, g)
    assert "智慧园区平台" in client.get(reverse("archive:verify_list")).content.decode()
    r = client.post(reverse("archive:verify", args=["achievements", a.pk]),
                    {"decision": "approve", "note": "", "version": a.version})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.is_verified and a.verified_by == unit
    assert profile_from_user(staff, verified_only=True)["achievements"]["projects_led"] == 1

    client.force_login(staff)
    client.post(reverse("archive:edit", args=["achievements", a.pk]),
                {"name": "智慧园区平台（二期）", "sponsor": "某区经信局", "start": "2020-01-01",
                 "end": "2021-06-30", "role": "lead", "description": "主持总体设计",
                 "version": a.version})
    a.refresh_from_db()
    assert a.verification == m.Verification.UNVERIFIED and a.verified_by is None
    assert profile_from_user(staff, verified_only=True)["achievements"]["projects_led"] == 0


def test_return_needs_a_reason(client: Client) -> None:
    _, staff, (operator, g) = setup()
    a = achievement(staff)
    client.force_login(operator)
    factories.act_as(client, g)
    r = client.post(reverse("archive:verify", args=["achievements", a.pk]),
                    {"decision": "return", "note": "", "version": a.version})
    assert "退回时须说明原因" in r.content.decode()


def test_verifying_a_version_the_applicant_has_since_changed_is_refused(client: Client) -> None:
    _, staff, (operator, g) = setup()
    a = achievement(staff)
    seen = a.version
    m.Achievement.objects.filter(pk=a.pk).update(version=seen + 1, name="改过的名称")
    client.force_login(operator)
    factories.act_as(client, g)
    r = client.post(reverse("archive:verify", args=["achievements", a.pk]),
                    {"decision": "approve", "note": "", "version": seen})
    assert "已修改该记录" in r.content.decode()
    a.refresh_from_db()
    assert not a.is_verified


def test_another_units_operator_cannot_see_or_verify(client: Client) -> None:
    _, staff, _ = setup()
    a = achievement(staff)
    other_unit = factories.make_employer()
    stranger = factories.make_user()
    g = factories.grant(stranger, "unit_admin", other_unit)
    client.force_login(stranger)
    factories.act_as(client, g)
    assert "智慧园区平台" not in client.get(reverse("archive:verify_list")).content.decode()
    r = client.post(reverse("archive:verify", args=["achievements", a.pk]),
                    {"decision": "approve", "note": "", "version": a.version})
    assert r.status_code == 404


def test_applicant_cannot_reach_the_verification_pages(client: Client) -> None:
    _, staff, _ = setup()
    client.force_login(staff)
    assert client.get(reverse("archive:verify_list")).status_code == 403


def test_the_unit_reads_the_entry_in_words_with_only_its_real_files(client: Client) -> None:
    _, staff, (operator, g) = setup()
    title = m.TitleHeld.objects.create(owner=staff, level="assistant", name="助理工程师",
                                       obtained=date(2015, 12, 31), issuer="某评委会")
    client.force_login(operator)
    factories.act_as(client, g)
    page = client.get(reverse("archive:verify", args=["titles", title.pk])).content.decode()
    assert "助理级（初级）" in page and "工程系列" in page and "2015年12月31日" in page
    assert "外省（市）取得</dt><dd>否" in page
    assert ">assistant<" not in page and "False" not in page
    assert "未上传附件" in page and "archive/titles" not in page.split("<main")[1]


def test_the_archive_page_counts_what_still_waits_for_the_unit(client: Client) -> None:
    _, staff, _ = setup()
    achievement(staff)
    verified = achievement(staff)
    verified.verification = m.Verification.VERIFIED
    verified.save()
    client.force_login(staff)
    page = client.get(reverse("archive:index")).content.decode()
    assert "待单位核实 1" in page
    projects = page.split(reverse("archive:section", args=["achievements"]))[1][:400]
    assert "2 条" in projects
