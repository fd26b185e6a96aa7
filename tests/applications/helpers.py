"""Building an applicant whose archive fits a shipped plan, and photos for the wizard."""

from __future__ import annotations

import io
import random
from datetime import date
from decimal import Decimal
from typing import Any

from PIL import Image

from tests import factories
from zhicheng.archive import models as m
from zhicheng.core.management.commands.load_demo import open_plans_for_demo
from zhicheng.plans import loader
from zhicheng.plans.models import Plan

REGIONS = {"sh": "上海市浦东新区", "zj": "浙江省杭州市西湖区", "jx": "浙江省嘉兴市南湖区",
           "wx": "江苏省无锡市锡山区", "sx": "浙江省绍兴市上虞区"}


def photo_bytes(width: int = 300, height: int = 420, noise: int = 60_000) -> bytes:
    """A JPEG of the given size, padded with noise to be over 30 KB."""
    img = Image.new("RGB", (width, height), "white")
    rng = random.Random(width * height)
    pixels = img.load()
    for _ in range(noise):
        pixels[rng.randrange(width), rng.randrange(height)] = (
            rng.randrange(256), rng.randrange(256), rng.randrange(256))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def load_shipped_plans() -> list[Plan]:
    for path in loader.shipped_files():
        loader.load(loader.read(path))
    open_plans_for_demo()
    return list(Plan.objects.order_by("key"))


def applicant_for(plan: Plan) -> Any:
    """Someone whose unit-verified archive is not ineligible for the plan."""
    unit = factories.make_employer(name=f"{REGIONS[plan.key[:2]]}某科技有限公司")
    unit.region = REGIONS[plan.key[:2]]
    unit.save()
    user = factories.make_user(employer=unit, birth_date=date(1988, 5, 6))
    year = plan.year
    m.Education.objects.create(owner=user, level="master", field="science_engineering",
                               major="计算机技术", related=True, school="某大学",
                               mode="full_time", awarded=date(2012, 6, 30))
    m.WorkPeriod.objects.create(owner=user, start=date(2012, 7, 15), employer=unit.name,
                                post="工程师", technical=True, related=True)
    title = m.TitleHeld.objects.create(owner=user, level="assistant", name="助理工程师",
                                       obtained=date(2015, 12, 31), issuer="某评委会")
    for y in range(year - 6, year + 1):
        m.CeRecord.objects.create(owner=user, year=y, category="public", hours=Decimal(40))
        m.CeRecord.objects.create(owner=user, year=y, category="professional",
                                  hours=Decimal(80))
        m.Appraisal.objects.create(owner=user, year=y, result="competent")
    ach = m.Achievement.objects.create(owner=user, name="智能制造执行系统", sponsor="某区经信局",
                                       start=date(year - 3, 1, 1), end=date(year - 2, 6, 30),
                                       role="lead", description="主持系统设计与实施")
    for entry in (title, ach):
        entry.verification = m.Verification.VERIFIED
        entry.verified_by = unit
        entry.save()
    m.Output.objects.create(owner=user, kind="technical_summary",
                            title="关于智能制造执行系统的技术总结报告", chars=5000, authors=1,
                            rank=1, written=date(year - 1, 3, 1), achievement=ach)
    m.Output.objects.create(owner=user, kind="paper", title="制造执行系统的数据采集方法",
                            chars=4000, authors=1, rank=1, published=True, journal="某学报",
                            written=date(year - 1, 5, 1))
    return user




def post_ok(client: Any, url: str, data: dict[str, Any]) -> None:
    r = client.post(url, data)
    assert r.status_code == 302, (url, r.content.decode()[-2000:])


def fill_archive_through_the_web(client: Any, operator_client: Any, plan: Plan) -> Any:
    """The same archive as applicant_for, typed into the forms, verified by the unit."""
    from django.urls import reverse

    unit = factories.make_employer(name=f"{REGIONS[plan.key[:2]]}某网络有限公司")
    unit.region = REGIONS[plan.key[:2]]
    unit.save()
    user = factories.make_user(employer=unit, birth_date=date(1988, 5, 6))
    operator = factories.make_user()
    g = factories.grant(operator, "unit_admin", unit)
    operator_client.force_login(operator)
    factories.act_as(operator_client, g)
    client.force_login(user)
    add = lambda slug: reverse("archive:add", args=[slug])  # noqa: E731
    year = plan.year
    post_ok(client, add("education"), {
        "level": "master", "field": "science_engineering", "major": "计算机技术",
        "related": "true", "school": "某大学", "mode": "full_time", "awarded": "2012-06-30"})
    post_ok(client, add("work"), {"start": "2012-07-15", "employer": unit.name, "post": "工程师",
                                  "technical": "True", "related": "true"})
    post_ok(client, add("titles"), {"level": "assistant", "series": "engineering",
                                    "name": "助理工程师", "obtained": "2015-12-31",
                                    "issuer": "某评委会"})
    for y in range(year - 6, year + 1):
        post_ok(client, add("ce"), {"year": y, "category": "public", "hours": "40"})
        post_ok(client, add("ce"), {"year": y, "category": "professional", "hours": "80"})
        post_ok(client, add("appraisals"), {"year": y, "result": "competent"})
    post_ok(client, add("achievements"), {
        "name": "智能制造执行系统", "sponsor": "某区经信局", "start": f"{year - 3}-01-01",
        "end": f"{year - 2}-06-30", "role": "lead", "description": "主持系统设计与实施"})
    ach = m.Achievement.objects.get(owner=user)
    post_ok(client, add("outputs"), {
        "kind": "technical_summary", "title": "关于智能制造执行系统的技术总结报告",
        "chars": 5000, "authors": 1, "rank": 1, "written": f"{year - 1}-03-01",
        "achievement": ach.pk})
    post_ok(client, add("outputs"), {
        "kind": "paper", "title": "制造执行系统的数据采集方法", "chars": 4000, "authors": 1,
        "rank": 1, "published": "on", "journal": "某学报", "written": f"{year - 1}-05-01"})
    for slug, model in (("achievements", m.Achievement), ("titles", m.TitleHeld)):
        entry = model.objects.get(owner=user)
        post_ok(operator_client, reverse("archive:verify", args=[slug, entry.pk]),
                {"decision": "approve", "note": "", "version": entry.version})
    return user
