"""`zhicheng load_demo`: demo organisations and one account for every role (idempotent)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.audit.domain import SYSTEM, record
from zhicheng.core import demo_round
from zhicheng.core.groups import OFFICE_GROUP
from zhicheng.orgs.models import Organisation, OrgKind, OrgStatus, Ownership, Role, RoleGrant
from zhicheng.plans.models import Plan, PlanStatus

PASSWORD = demo_round.PASSWORD
# the committee of the shipped Jiaxing plans, so the demo office receives their applications
COMMITTEE = "嘉兴市信息技术工程技术中级专业技术资格评审委员会"

PEOPLE: list[dict[str, Any]] = [
    {"mobile": "13800000000", "name": "平台管理员", "sex": "male",
     "id_number": "330106197006062010", "birth_date": date(1970, 6, 6), "superuser": True,
     "role": None, "login": "管理后台（/admin/）"},
    {"mobile": "13800000001", "name": "张三", "sex": "male",
     "id_number": "110105199003071239", "birth_date": date(1990, 3, 7),
     "role": None, "login": "申报人"},
    {"mobile": "13800000002", "name": "李四", "sex": "female",
     "id_number": "330402198808150026", "birth_date": date(1988, 8, 15),
     "role": (Role.UNIT_ADMIN, "unit"), "login": "用人单位经办人"},
    {"mobile": "13800000003", "name": "王五", "sex": "male",
     "id_number": "330402197501013014", "birth_date": date(1975, 1, 1),
     "role": (Role.DEPARTMENT, "department"), "login": "受理点经办人"},
    {"mobile": "13800000004", "name": "赵六", "sex": "male",
     "id_number": "330402198202020059", "birth_date": date(1982, 2, 2), "staff": True,
     "role": (Role.COMMITTEE_OFFICE, "committee"), "login": "评委会办公室"},
    {"mobile": "13800000005", "name": "钱七", "sex": "female",
     "id_number": "310115198505054047", "birth_date": date(1985, 5, 5),
     "role": (Role.EXPERT, "committee"), "login": "评审专家"},
]


def open_plans_for_demo(today: date | None = None) -> None:
    """The shipped plans are past rounds: in the demo they take applications around today,
    and eligibility is judged on the notice's own closing day (资格审查基准日)."""
    today = today or timezone.localdate()
    for plan in Plan.objects.all():
        if plan.assess_on is None:
            plan.assess_on = plan.apply_closes or plan.apply_opens
        plan.apply_opens = today - timedelta(days=30)
        plan.apply_closes = today + timedelta(days=90)
        plan.unit_closes = plan.apply_closes + timedelta(days=14)
        plan.department_closes = plan.apply_closes + timedelta(days=40)
        plan.status = PlanStatus.OPEN
        plan.save(update_fields=["assess_on", "apply_opens", "apply_closes", "unit_closes",
                                 "department_closes", "status"])


class Command(BaseCommand):
    help = "载入演示机构和各角色的演示账号，并打印登录信息。"

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        committee, _ = Organisation.objects.get_or_create(
            kind=OrgKind.COMMITTEE, name=COMMITTEE,
            defaults={"status": OrgStatus.APPROVED, "region": "浙江省嘉兴市"})
        department, _ = Organisation.objects.get_or_create(
            kind=OrgKind.DEPARTMENT, name="嘉兴市南湖区人力社保局（演示受理点）",
            defaults={"parent": committee, "region": "浙江省嘉兴市南湖区"})
        unit, _ = Organisation.objects.get_or_create(
            kind=OrgKind.EMPLOYER, credit_code="91330402MA2B00001L",
            defaults={"name": "嘉兴演示信息科技有限公司", "parent": department,
                      "region": "浙江省嘉兴市南湖区", "ownership": Ownership.PRIVATE,
                      "status": OrgStatus.APPROVED, "contact_name": "李四",
                      "contact_mobile": "13800000002"})
        orgs = {"committee": committee, "department": department, "unit": unit}
        for person in PEOPLE:
            user = User.objects.by_mobile(person["mobile"]).first()
            if user is None:
                user = User(mobile=person["mobile"], name=person["name"], sex=person["sex"],
                            id_type="resident_id", id_number=person["id_number"],
                            birth_date=person["birth_date"],
                            email=f"demo{person['mobile'][-1]}@example.com",
                            is_staff=person.get("superuser", False) or person.get("staff", False),
                            is_superuser=person.get("superuser", False))
                user.set_password(PASSWORD)
                user.save()
                record(SYSTEM, user, "account.demo_created", after=user.audit_data())
            if person.get("staff"):
                user.groups.add(Group.objects.get(name=OFFICE_GROUP))
            if person["role"]:
                role, org_key = person["role"]
                RoleGrant.objects.get_or_create(user=user, role=role,
                                                organisation=orgs[org_key],
                                                revoked_at=None)
        open_plans_for_demo()
        applicant = User.objects.by_mobile("13800000001").get()
        if applicant.employer_id is None:
            applicant.employer = unit
            applicant.save(update_fields=["employer"])
        desk_roles = {Role.UNIT_ADMIN, Role.DEPARTMENT, Role.COMMITTEE_OFFICE}
        operators = {p["role"][1]: User.objects.by_mobile(p["mobile"]).get() for p in PEOPLE
                     if p["role"] and p["role"][0] in desk_roles}
        problems: list[str] = []
        made = demo_round.seed(orgs, operators, timezone.localdate(), problems)
        if made:
            self.stdout.write(f"已生成 {made} 份演示申报，分别停在单位审核、公示、主管部门、"
                              "评委会受理、专家评审各环节，另有一份已走完评审并发证。")
        for problem in problems:
            self.stdout.write(self.style.WARNING(f"演示申报未能走完：{problem}"))
        self.stdout.write(f"演示账号（密码均为 {PASSWORD}，可用手机号或身份证号登录）：")
        for person in PEOPLE:
            self.stdout.write(f"  {person['login']:<12} {person['name']}  手机 {person['mobile']}"
                              f"  身份证 {person['id_number']}")
        panel = "、".join(f"{name} {mobile}" for name, mobile in demo_round.EXPERTS if mobile)
        self.stdout.write(f"  评审专家（同一评委会，用于表决）：{panel}")
