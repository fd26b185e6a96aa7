"""The deadline-day bench's database side, run inside the stack's own settings:

    python bench/deadline_data.py seed N R   # prints JSON: plan, applicants, reviewers
    python bench/deadline_data.py verify FILE # FILE: JSON of the mobiles that got a success

Seeding makes N applicants whose unit-verified archives fit the Jiaxing engineer plan (the
archive of tests/applications/helpers.applicant_for), spread over 24 units under 4
departments, and R reviewers: unit operators, department operators and office operators.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from typing import Any

PASSWORD = "Bench@Deadline2026"
PLAN_KEY = "jx-2021-it-engineer"


def _setup() -> None:
    import django

    django.setup()


def _born(i: int) -> date:
    return date(1980 + i % 9, 1 + i % 12, 1 + i % 28)


def _id_number(i: int) -> str:
    from zhicheng.identity.idnumber import check_digit

    first17 = f"330402{_born(i):%Y%m%d}{i % 1000:03d}"
    return first17 + check_digit(first17)


def seed(applicants: int, reviewers: int) -> dict[str, Any]:
    _setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from zhicheng.accounts.models import User
    from zhicheng.archive import models as m
    from zhicheng.core.management.commands.load_demo import open_plans_for_demo
    from zhicheng.orgs.models import Organisation, OrgKind, OrgStatus, Ownership, Role, RoleGrant
    from zhicheng.plans.models import Plan

    open_plans_for_demo()
    plan = Plan.objects.get(key=PLAN_KEY)
    hashed = make_password(PASSWORD)  # one hash for every bench account: seeding stays fast
    year = plan.year
    with transaction.atomic():
        departments = [Organisation.objects.create(
            kind=OrgKind.DEPARTMENT, name=f"压测受理点{d + 1}", parent=plan.committee,
            region="浙江省嘉兴市") for d in range(4)]
        units = [Organisation.objects.create(
            kind=OrgKind.EMPLOYER, name=f"压测科技有限公司{u + 1}",
            credit_code=_credit_code(u), parent=departments[u % 4], status=OrgStatus.APPROVED,
            ownership=Ownership.PRIVATE, region="浙江省嘉兴市南湖区") for u in range(24)]

        def person(i: int, name: str, **extra: Any) -> User:
            user = User(mobile=f"137{i:08d}", name=name, sex="male" if i % 2 else "female",
                        id_type="resident_id", id_number=_id_number(i), birth_date=_born(i),
                        email=f"bench{i}@example.com", password=hashed, **extra)
            user.save()
            return user

        people = []
        for i in range(applicants):
            unit = units[i % len(units)]
            user = person(i, f"压测申报人{i + 1}", employer=unit)
            people.append({"mobile": user.mobile, "name": user.name,
                           "id_number": user.id_number})
            m.Education.objects.create(owner=user, level="master", field="science_engineering",
                                       major="计算机技术", related=True, school="某大学",
                                       mode="full_time", awarded=date(2012, 6, 30))
            m.WorkPeriod.objects.create(owner=user, start=date(2012, 7, 15), employer=unit.name,
                                        post="工程师", technical=True, related=True)
            m.TitleHeld.objects.create(owner=user, level="assistant", name="助理工程师",
                                       obtained=date(2015, 12, 31), issuer="某评委会",
                                       verification=m.Verification.VERIFIED, verified_by=unit)
            rows = []
            for y in range(year - 6, year + 1):
                rows += [m.CeRecord(owner=user, year=y, category="public", hours=Decimal(40)),
                         m.CeRecord(owner=user, year=y, category="professional",
                                    hours=Decimal(80))]
            m.CeRecord.objects.bulk_create(rows)
            m.Appraisal.objects.bulk_create(m.Appraisal(owner=user, year=y, result="competent")
                                            for y in range(year - 6, year + 1))
            ach = m.Achievement.objects.create(
                owner=user, name="智能制造执行系统", sponsor="某区经信局",
                start=date(year - 3, 1, 1), end=date(year - 2, 6, 30), role="lead",
                description="主持系统设计与实施", verification=m.Verification.VERIFIED,
                verified_by=unit)
            m.Output.objects.create(owner=user, kind="technical_summary",
                                    title="关于智能制造执行系统的技术总结报告", chars=5000,
                                    authors=1, rank=1, written=date(year - 1, 3, 1),
                                    achievement=ach)
            m.Output.objects.create(owner=user, kind="paper", title="制造执行系统的数据采集方法",
                                    chars=4000, authors=1, rank=1, published=True,
                                    journal="某学报", written=date(year - 1, 5, 1))
        desks = []
        for r in range(reviewers):
            kind = ("unit", "unit", "department", "office")[r % 4]
            org = {"unit": units[r % len(units)], "department": departments[r % 4],
                   "office": plan.committee}[kind]
            role = {"unit": Role.UNIT_ADMIN, "department": Role.DEPARTMENT,
                    "office": Role.COMMITTEE_OFFICE}[kind]
            user = person(900_000 + r, f"压测经办人{r + 1}")
            grant = RoleGrant.objects.create(user=user, role=role, organisation=org)
            desks.append({"mobile": user.mobile, "kind": kind, "grant": str(grant.pk)})
    return {"plan": plan.pk, "password": PASSWORD, "applicants": people, "reviewers": desks}


def _credit_code(u: int) -> str:
    from zhicheng.identity.creditcode import check_char

    first17 = f"913304028{u:08d}"
    return first17 + check_char(first17)


def verify(path: str) -> dict[str, Any]:
    """Every submission answered with success is in the database exactly once; and no
    submission is there that the client was not told of."""
    _setup()
    from django.db.models import Count

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application
    from zhicheng.reviews.models import StateChange

    succeeded = set(json.loads(open(path).read())["submitted"])
    users = {u.mobile: u.pk for u in User.objects.filter(name__startswith="压测申报人")}
    submitted = Application.objects.filter(applicant_id__in=users.values()).exclude(
        status="draft")
    apps_per_user = dict(submitted.values_list("applicant_id").annotate(n=Count("id")))
    submits = dict(StateChange.objects.filter(application__applicant_id__in=users.values(),
                                              action="submit")
                   .values_list("application__applicant_id").annotate(n=Count("id")))
    lost = [m for m in succeeded if apps_per_user.get(users[m], 0) == 0]
    duplicated = [m for m in succeeded if apps_per_user.get(users[m], 0) > 1
                  or submits.get(users[m], 0) > 1]
    unreported = [m for m, pk in users.items() if pk in apps_per_user and m not in succeeded]
    return {"succeeded": len(succeeded), "in_database": len(apps_per_user),
            "submit_history_rows": sum(submits.values()), "lost": lost,
            "duplicated": duplicated, "submitted_without_success_answer": unreported}


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        print(json.dumps(seed(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(verify(sys.argv[2])))
