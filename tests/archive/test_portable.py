"""Export of the archive as the contract's profile JSON, and import of one."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.archive import models as m
from zhicheng.eligibility.profile import parse_profile

pytestmark = pytest.mark.django_db


def fill(user: Any) -> None:
    m.Education.objects.create(owner=user, level="bachelor", field="science_engineering",
                               major="软件工程", related=True, school="某大学",
                               mode="full_time", awarded=date(2012, 7, 1))
    m.WorkPeriod.objects.create(owner=user, start=date(2012, 7, 15), employer="某公司",
                                post="工程师", technical=True, related=True)
    m.CeRecord.objects.create(owner=user, year=2021, category="public", hours=Decimal("24"))
    m.CeRecord.objects.create(owner=user, year=2021, category="public", hours=Decimal("4"))
    m.Appraisal.objects.create(owner=user, year=2021, result="excellent")
    m.Output.objects.create(owner=user, kind="technical_summary", title="关于某某的技术总结报告",
                            chars=4000, authors=1, rank=1, written=date(2022, 3, 1))


def test_export_is_a_valid_contract_profile(client: Client) -> None:
    user = factories.make_user()
    fill(user)
    client.force_login(user)
    r = client.get(reverse("archive:export"))
    assert r.status_code == 200
    data = json.loads(r.content)
    profile = parse_profile(data)
    assert profile["person"]["id_number"] == user.id_number
    assert profile["education"][0]["level"] == "bachelor"
    assert profile["work_history"][0]["to"] is None
    assert profile["continuing_education"] == [{"year": 2021, "category": "public",
                                                "hours": 28.0}]
    assert profile["outputs"][0]["first_author"] is True


def test_export_then_import_into_an_empty_archive_round_trips(client: Client) -> None:
    source = factories.make_user()
    fill(source)
    client.force_login(source)
    exported = client.get(reverse("archive:export")).content
    target = factories.make_user()
    client.force_login(target)
    r = client.post(reverse("archive:import"),
                    {"profile": SimpleUploadedFile("p.json", exported)})
    assert r.status_code == 200
    assert "导入1条" in r.content.decode()
    assert m.Education.objects.get(owner=target).awarded == date(2012, 7, 1)
    assert m.WorkPeriod.objects.get(owner=target).end is None
    assert m.Appraisal.objects.get(owner=target).result == "excellent"


def test_import_does_not_duplicate_a_section_already_filled(client: Client) -> None:
    user = factories.make_user()
    fill(user)
    client.force_login(user)
    exported = client.get(reverse("archive:export")).content
    r = client.post(reverse("archive:import"),
                    {"profile": SimpleUploadedFile("p.json", exported)})
    assert "未导入" in r.content.decode()
    assert m.Education.objects.filter(owner=user).count() == 1


def test_bad_profile_names_the_field(client: Client) -> None:
    user = factories.make_user()
    client.force_login(user)
    bad = json.dumps({"schema": "zhicheng.profile/1",
                      "education": [{"level": "phd"}]}).encode()
    r = client.post(reverse("archive:import"), {"profile": SimpleUploadedFile("p.json", bad)})
    assert "education[0].level" in r.content.decode()
    assert not m.Education.objects.exists()
