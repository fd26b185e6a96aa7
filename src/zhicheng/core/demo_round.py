"""Demo applications at every desk of the review chain, moved there by the real domain
functions (so the history, the audit trail and the messages are the ones a round leaves)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply
from zhicheng.audit.domain import SYSTEM, Who, record
from zhicheng.identity.idnumber import check_digit
from zhicheng.orgs.models import Organisation, Role
from zhicheng.plans.models import Plan
from zhicheng.reviews import office, posting

PLAN_KEY = "jx-2021-it-engineer"
# name, mobile, first 17 digits of the ID number, how far the application gets
STAFF: list[tuple[str, str, str, str]] = [
    ("孙明", "13800000011", "33040219900101123", "submitted"),
    ("周丽", "13800000012", "33040219910202222", "unit_passed"),
    ("吴刚", "13800000013", "33040219890303321", "posting"),
    ("郑华", "13800000014", "33040219920404421", "to_department"),
    ("冯敏", "13800000015", "33040219880505522", "committee_review"),
    ("陈静", "13800000016", "33040219930606622", "accepted"),
]
ORDER = ["submitted", "unit_passed", "posting", "to_department", "committee_review",
         "accepted"]


def _reach(target: str, app: Application, desks: dict[str, Who], today: date) -> None:
    steps = ORDER[:ORDER.index(target) + 1]
    apply(Who(actor=app.applicant), app, Step("submit"))
    if "unit_passed" in steps:
        apply(desks["unit"], app.pk, Step("unit_pass"))
    if "posting" in steps:
        # posted far enough back that the five working days have run
        started = today - timedelta(days=12) if "to_department" in steps else today
        posting.post(desks["unit"], Application.objects.get(pk=app.pk), started,
                     "单位内部公告栏及内网", today=started)
    if "to_department" in steps:
        posting.recommend(desks["unit"], Application.objects.get(pk=app.pk), today=today)
    if "committee_review" in steps:
        apply(desks["department"], app.pk, Step("dept_recommend"))
    if "accepted" in steps:
        office.accept(desks["office"], Application.objects.get(pk=app.pk), today=today)


def seed(orgs: dict[str, Organisation], operators: dict[str, Any], today: date,
         problems: list[str]) -> int:
    """Create the demo staff and their applications once; returns how many were made and
    adds to `problems` any step a rule of the round refused."""
    plan = Plan.objects.filter(key=PLAN_KEY).first()
    if plan is None or plan.committee_id != orgs["committee"].pk:
        return 0
    if plan.fee is None:
        plan.fee = 300
        plan.save(update_fields=["fee"])
    desks = {
        "unit": Who(actor=operators["unit"], acting_for=orgs["unit"], role=Role.UNIT_ADMIN),
        "department": Who(actor=operators["department"], acting_for=orgs["department"],
                          role=Role.DEPARTMENT),
        "office": Who(actor=operators["committee"], acting_for=orgs["committee"],
                      role=Role.COMMITTEE_OFFICE),
    }
    made = 0
    for name, mobile, first17, target in STAFF:
        if User.objects.filter(mobile=mobile).exists():
            continue
        id_number = first17 + check_digit(first17)
        person = User(mobile=mobile, name=name, sex="male" if int(id_number[16]) % 2 else
                      "female", id_type="resident_id", id_number=id_number,
                      birth_date=date(int(id_number[6:10]), int(id_number[10:12]),
                                      int(id_number[12:14])),
                      email=f"{mobile}@example.com", employer=orgs["unit"])
        person.set_unusable_password()
        person.save()
        record(SYSTEM, person, "account.demo_created", after=person.audit_data())
        app = Application.objects.create(
            applicant=person, plan=plan, level=plan.level, year=plan.year,
            committee=plan.committee, employer=orgs["unit"], specialty=plan.specialties[0]
            if plan.specialties else "", statement="（演示数据）本人从事信息技术工作十年……",
            pledge_name=name, snapshot={"demo": True, "chosen": {"achievements": [
                {"title": f"{name}主持的演示项目"}], "outputs": []}})
        try:
            _reach(target, app, desks, today)
        except Refused as exc:  # e.g. a year the work calendar has no data for yet
            problems.append(f"{name}：{exc}")
        made += 1
    return made
