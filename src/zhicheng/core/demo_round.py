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
PASSWORD = "Zhicheng@2026"  # every demo account's (printed by load_demo; not a secret)
# name, mobile, first 17 digits of the ID number, how far the application gets
STAFF: list[tuple[str, str, str, str]] = [
    ("孙明", "13800000011", "33040219900101123", "submitted"),
    ("周丽", "13800000012", "33040219910202222", "unit_passed"),
    ("吴刚", "13800000013", "33040219890303321", "posting"),
    ("郑华", "13800000014", "33040219920404421", "to_department"),
    ("冯敏", "13800000015", "33040219880505522", "committee_review"),
    ("陈静", "13800000016", "33040219930606622", "accepted"),
    ("蒋涛", "13800000017", "33040219870707721", "accepted"),
    ("褚红", "13800000018", "33040219860808822", "certified"),
]
EXPERTS = [("钱七", None), ("许一", "13800000021"), ("何二", "13800000022"),
           ("吕三", "13800000023"), ("施四", "13800000024")]
ORDER = ["submitted", "unit_passed", "posting", "to_department", "committee_review",
         "accepted", "expert_review", "certified"]


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
    if "expert_review" in steps:
        current = Application.objects.get(pk=app.pk)
        office.record_paper(desks["office"], current, today, current.plan.paper_copies)
        office.record_payment(desks["office"], current, "银行转账", f"DEMO-{app.pk:04d}")
        office.start_evaluation(desks["office"], current)


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
        if User.objects.by_mobile(mobile).exists():
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
                {"name": f"{name}主持的演示项目"}], "outputs": []}})
        try:
            _reach(target, app, desks, today)
        except Refused as exc:  # e.g. a year the work calendar has no data for yet
            problems.append(f"{name}：{exc}")
        made += 1
    if made:
        try:
            _panel(plan, orgs, desks, today)
        except Refused as exc:
            problems.append(f"专家评审：{exc}")
    return made


def _panel(plan: Plan, orgs: dict[str, Organisation], desks: dict[str, Who],
           today: date) -> None:
    """Experts, a discipline group, a score sheet; 褚红 voted through a meeting, posted
    and certified; 蒋涛 assigned to the demo expert 钱七 for scoring."""
    from zhicheng.certificates.domain import issue
    from zhicheng.experts import assign
    from zhicheng.experts.models import DisciplineGroup, Expert, ScoreSheet
    from zhicheng.meetings import domain as meetings
    from zhicheng.meetings.models import Meeting
    from zhicheng.orgs.models import RoleGrant

    committee = orgs["committee"]
    experts = []
    for i, (name, mobile) in enumerate(EXPERTS):
        user = User.objects.by_mobile(mobile).filter(name=name).first() if mobile else \
            User.objects.get(name=name, role_grants__role=Role.EXPERT)
        if user is None:
            first17 = f"3304021975010{i}{i}1"
            user = User(mobile=mobile, name=name, sex="male", id_type="resident_id",
                        id_number=first17 + check_digit(first17),
                        birth_date=date(1975, 1, 1), email=f"{mobile}@example.com")
            user.set_password(PASSWORD)  # a panel votes in person: each expert signs in
            user.save()
            RoleGrant.objects.create(user=user, role=Role.EXPERT, organisation=committee)
        experts.append(Expert.objects.get_or_create(committee=committee, user=user, defaults={
            "name": name, "title_level": "senior", "specialties": list(plan.specialties),
            "employer_name": f"嘉兴演示研究院第{i + 1}研究所",
            "appointed_from": date(today.year - 1, 1, 1),
            "appointed_until": date(today.year + 1, 12, 31)})[0])
    group, _ = DisciplineGroup.objects.get_or_create(
        plan=plan, name="信息技术学科组", defaults={"specialties": list(plan.specialties)})
    group.experts.set(experts)
    ScoreSheet.objects.get_or_create(plan=plan, defaults={"categories": [
        {"key": "achievement", "label": "业绩成果", "weight": 40, "max": 100, "required": True},
        {"key": "ability", "label": "专业能力", "weight": 30, "max": 100, "required": True},
        {"key": "outputs", "label": "论文与技术总结", "weight": 20, "max": 100,
         "required": True},
        {"key": "ethics", "label": "职业道德", "weight": 10, "max": 100, "required": False}]})
    office_who = desks["office"]
    certified = Application.objects.get(plan=plan, applicant__name="褚红")
    meeting = Meeting.objects.create(plan=plan, group=group, title="演示评审会议（已表决）",
                                     held_on=today - timedelta(days=14))
    meeting.members.set(experts)
    meetings.record_attendance(office_who, meeting, {e.pk for e in experts})
    meetings.open_voting(office_who, meeting)
    for expert in experts:
        voter = Who(actor=expert.user, acting_for=committee, role=Role.EXPERT)
        meetings.cast(voter, meeting, certified, "yes")
    meetings.close_voting(office_who, meeting)
    started = today - timedelta(days=12)
    meetings.post_results(office_who, plan, started, "评委会网站", today=started)
    issue(office_who, Application.objects.get(pk=certified.pk), today=today)
    # 蒋涛 comes to the experts after that meeting: paid, paper in, assigned to three
    waiting = Application.objects.get(plan=plan, applicant__name="蒋涛")
    office.record_paper(office_who, waiting, today, plan.paper_copies)
    office.record_payment(office_who, waiting, "银行转账", f"DEMO-{waiting.pk:04d}")
    office.start_evaluation(office_who, Application.objects.get(pk=waiting.pk))
    run = assign.propose(office_who, plan, group, 3)
    if [waiting.pk, experts[0].pk] not in run.result["pairs"]:  # the demo expert reviews
        run = assign.revise(office_who, run, add=[(waiting.pk, experts[0].pk)], remove=[])
    assign.apply_run(office_who, run)
    Meeting.objects.create(plan=plan, group=group, title="演示评审会议（待召开）",
                           held_on=today + timedelta(days=7)).members.set(experts)
