"""The world the authorisation matrix runs in: one object of every kind a URL can name, and
a signed-in session for every role of issue 8.

Everything hangs off one review chain (tests/reviews/chain.py): a committee, its department
and the applicant's unit, each with a desk, plus a second unit under the same department, a
second department and a second committee, each with their own desk. The applicant's
application is in expert review (so every desk of the chain, the experts and the meeting all
reach it); a second application of the same applicant has been approved and certified.

Roles (the keys of World.sessions and of the matrix's expectations):

anonymous          no session
applicant          owns the application, the certificate, the archive rows and the messages
other_applicant    a signed-in person with no application and no role
unit               operator of the applicant's employer
other_unit         operator of another employer under the same department
department         the acceptance point of the applicant's employer
other_department   another acceptance point of the same committee
office             the committee office of the application's committee
other_office       the office of another committee
expert             an expert of the committee assigned to the application, no conflict
expert_conflicted  assigned to the application, with a declared conflict with the applicant
                   (the Conflict row is written after the assignment: declaring through the
                   domain would remove the assignment, and the point is that the conflict
                   alone hides the application)
expert_unassigned  an expert of the committee with no assignment and not in the meeting
admin              a platform superuser (is_staff); it holds no role grant, so outside
                   /admin/ it is just another signed-in person acting as an applicant

On the JSON API (/api/v1/) the desks call as systems do, with their organisation's token
(every scope the organisation may hold) and no session; the people (applicants, experts,
the admin) call with their session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.utils import timezone

from tests import factories
from tests.applications.helpers import photo_bytes
from tests.certificates.helpers import issued
from tests.meetings.panel import make_experts, meeting_of
from tests.overlapcheck.test_platform import PROSE, docx_bytes
from tests.reviews.chain import Chain, build, drive, make_plan
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import State
from zhicheng.archive import models as m
from zhicheng.archive.sections import SECTIONS
from zhicheng.certificates.models import Certificate
from zhicheng.experts import assign
from zhicheng.experts.models import (
    Assignment,
    AssignmentRun,
    Conflict,
    ConflictKind,
    DisciplineGroup,
    Expert,
    Interview,
)
from zhicheng.jobs.models import Job, JobKind, JobStatus
from zhicheng.meetings.models import Meeting, Reexamination
from zhicheng.notifications.domain import notify
from zhicheng.notifications.models import DeliveryAttempt, Message
from zhicheng.orgs.models import Role, RoleGrant
from zhicheng.overlapcheck import domain as overlap
from zhicheng.overlapcheck.models import Material, Policy, Report
from zhicheng.plans import loader
from zhicheng.plans.models import Plan, ScreeningRun
from zhicheng.reviews.models import Export, ExportKind, ExportStatus, Objection, Posting

ANONYMOUS = "anonymous"
APPLICANT = "applicant"
OTHER_APPLICANT = "other_applicant"
UNIT = "unit"
OTHER_UNIT = "other_unit"
DEPARTMENT = "department"
OTHER_DEPARTMENT = "other_department"
OFFICE = "office"
OTHER_OFFICE = "other_office"
EXPERT = "expert"
EXPERT_CONFLICTED = "expert_conflicted"
EXPERT_UNASSIGNED = "expert_unassigned"
ADMIN = "admin"

ROLES: tuple[str, ...] = (
    ANONYMOUS, APPLICANT, OTHER_APPLICANT, UNIT, OTHER_UNIT, DEPARTMENT, OTHER_DEPARTMENT,
    OFFICE, OTHER_OFFICE, EXPERT, EXPERT_CONFLICTED, EXPERT_UNASSIGNED, ADMIN)

# The platform role each one acts in (core.access.acting_as); anonymous acts in none.
ACTS_AS: dict[str, str | None] = {
    ANONYMOUS: None, APPLICANT: Role.APPLICANT, OTHER_APPLICANT: Role.APPLICANT,
    ADMIN: Role.APPLICANT, UNIT: Role.UNIT_ADMIN, OTHER_UNIT: Role.UNIT_ADMIN,
    DEPARTMENT: Role.DEPARTMENT, OTHER_DEPARTMENT: Role.DEPARTMENT,
    OFFICE: Role.COMMITTEE_OFFICE, OTHER_OFFICE: Role.COMMITTEE_OFFICE,
    EXPERT: Role.EXPERT, EXPERT_CONFLICTED: Role.EXPERT, EXPERT_UNASSIGNED: Role.EXPERT}


@dataclass
class World:
    chain: Chain
    app: Application  # the applicant's application, in expert review
    cert_app: Application  # the applicant's second application, certified
    draft_app: Application  # another person's draft (same unit)
    unit_app: Application  # another person's application under the unit's review
    plan: Plan  # the application's plan (the office's)
    certificate: Certificate
    posting: Posting
    objection: Objection
    unit_export: Export  # the unit's posting list, done
    office_export: Export  # the office's roster, done
    screening_run: ScreeningRun
    job: Job  # the office's finished bulk pre-screen
    expert: Expert
    expert_conflicted: Expert
    expert_unassigned: Expert
    group: DisciplineGroup
    interview: Interview
    run: AssignmentRun
    meeting: Meeting
    reexam: Reexamination
    material: Material
    report: Report
    message: Message  # a site message in the applicant's inbox
    delivery: DeliveryAttempt
    entries: dict[str, Any]  # archive section slug -> the applicant's row
    admin_user: Any
    other_applicant: Any
    users: dict[str, Any] = field(default_factory=dict)
    grants: dict[str, RoleGrant | None] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session key
    tokens: dict[str, str] = field(default_factory=dict)  # desk role -> its org's API token
    token_rows: dict[str, Any] = field(default_factory=dict)  # desk role -> the ApiToken
    draft_plan: Plan | None = None  # the committee's unpublished plan

    def client(self, role: str, api: bool = False) -> Client:
        """A fresh client for the role (a new one per request: a request may sign out); on
        the API a desk sends its organisation's token instead of a session."""
        if api and role in self.tokens:
            return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[role]}")
        client = Client()
        if role != ANONYMOUS:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client


def _pdf(name: str) -> ContentFile:
    return ContentFile(factories.PDF_BYTES, name=name)


def _archive(owner: Any) -> dict[str, Any]:
    """One row of every archive section, each with every file it can hold."""
    today = date(2022, 6, 30)
    ach = m.Achievement(owner=owner, name="智能制造执行系统", sponsor="某区经信局",
                        start=date(2019, 1, 1), end=date(2020, 6, 30), role="lead",
                        description="主持系统设计与实施")
    rows: dict[str, Any] = {
        "education": m.Education(owner=owner, level="master", field="science_engineering",
                                 major="计算机技术", related=True, school="某大学",
                                 mode="full_time", awarded=date(2012, 6, 30)),
        "work": m.WorkPeriod(owner=owner, start=date(2012, 7, 15), employer="某科技有限公司",
                             post="工程师", technical=True, related=True),
        "interruptions": m.Interruption(owner=owner, start=date(2016, 1, 1),
                                        end=date(2016, 6, 30), reason="study"),
        "titles": m.TitleHeld(owner=owner, level="assistant", name="助理工程师",
                              obtained=date(2015, 12, 31), issuer="某评委会"),
        "skills": m.SkillCertificate(owner=owner, level="technician", occupation="电工",
                                     obtained=date(2014, 5, 1)),
        "awards": m.Award(owner=owner, name="科技进步奖", level="city", year=2020),
        "patents": m.Patent(owner=owner, kind="utility", title="一种数据采集装置",
                            number="ZL202020000001.1", rank=1, granted=date(2021, 3, 1)),
        "ce": m.CeRecord(owner=owner, year=2021, category="professional",
                         hours=Decimal(80)),
        "appraisals": m.Appraisal(owner=owner, year=2021, result="competent"),
        "achievements": ach,
    }
    for section in SECTIONS:
        row = rows.get(section.slug)
        if row is None:  # outputs, below; a new section fails the check at the end
            continue
        for name in section.files:
            getattr(row, name).save(f"{name}.pdf", _pdf(f"{name}.pdf"), save=False)
        row.save()
    out = m.Output(owner=owner, kind="paper", title="制造执行系统的数据采集方法", chars=4000,
                   written=today, achievement=ach)
    out.file.save("paper.docx", ContentFile(docx_bytes(PROSE)), save=False)
    out.save()
    rows["outputs"] = out
    missing = {s.slug for s in SECTIONS} - set(rows)
    assert not missing, f"actors._archive: add a row for the new archive section(s) {missing}"
    return rows


def _session(user: Any, grant: RoleGrant | None) -> str:
    client = Client()
    client.force_login(user)
    factories.act_as(client, grant)  # the password counts as just typed (recent_auth)
    return client.session.session_key


def _token(grant: RoleGrant) -> tuple[Any, str]:
    """A token of the grant's organisation with every scope it may hold, and its secret."""
    from zhicheng.api import tokens
    from zhicheng.audit.domain import Who

    org = grant.organisation
    who = Who(actor=grant.user, acting_for=org, role=grant.role)
    return tokens.create(who, org, f"{org.name}的系统", tokens.scopes_for(org.kind))


def _expert(chain: Chain, name: str) -> Expert:
    (expert,) = make_experts(chain, 1, employer_name=f"{name}所在研究院")
    expert.name = expert.user.name = name
    today = timezone.localdate()  # serving whenever the suite runs
    expert.appointed_from, expert.appointed_until = today - timedelta(days=365), \
        today + timedelta(days=2 * 365)
    expert.user.save()
    expert.save()
    return expert


# The test settings run tasks at once; the admin shows a stored task result only through
# its backend, so the world adds the database backend under this alias (conftest.py).
TASK_BACKEND = "database"


def _admin_only_rows(chain: Chain) -> None:
    """Rows only the Django admin shows: calendar corrections and a stored task result."""
    from django_tasks_db.models import DBTaskResult

    from zhicheng.workcalendar.models import CoveredYear, DayOverride

    DayOverride.objects.get_or_create(day=date(2027, 2, 6), defaults={
        "workday": True, "note": "调休上班"})
    CoveredYear.objects.get_or_create(year=2030, defaults={"note": "测试"})
    now = timezone.now()
    DBTaskResult.objects.create(
        status="SUCCESSFUL", args_kwargs={"args": [], "kwargs": {}},
        task_path="zhicheng.reviews.tasks.build_export", backend_name=TASK_BACKEND,
        run_after=now, started_at=now, finished_at=now, exception_class_path="",
        traceback="")


def build_world(overlap_index: str) -> World:
    chain = build()
    plan = chain.plan
    # the wizard reads the plan's rules: give the chain's plan a shipped plan file's
    shipped = loader.read(loader.shipped_files()[0])
    plan.source, plan.document_sha256 = shipped.text, shipped.sha256
    plan.save(update_fields=["source", "document_sha256"])
    applicant = chain.applicant

    # the application, in expert review, with its photo, posting and an objection to it
    app = chain.app
    app.photo.save("photo.jpg", ContentFile(photo_bytes(noise=100)), save=True)
    entries = _archive(applicant)
    app.achievements.add(entries["achievements"])
    app.outputs.add(entries["outputs"])
    app = drive(chain, app, State.EXPERT_REVIEW)
    today = timezone.localdate()
    posting = Posting.objects.create(
        application=app, starts_on=today - timedelta(days=30),
        ends_on=today - timedelta(days=23), proof_from=today - timedelta(days=22),
        place="单位公告栏", posted_by=chain.unit.user)
    objection = Objection.objects.create(posting=posting, received_on=posting.starts_on,
                                         raised_by="匿名", content="业绩存疑",
                                         recorded_by=chain.unit.user)

    # other people's applications of the same unit, not yet sent on: a draft, and one the
    # unit is reviewing
    draft_app = chain.new_app(name="草稿申报人")
    unit_app = drive(chain, chain.new_app(name="单位审核中申报人"), State.UNIT_REVIEW)

    # the same applicant's certified application in a second plan of the committee
    plan2 = make_plan(chain.committee, year=2022, title="2022年度工程师评审（已发证）")
    cert_app = Application.objects.create(
        applicant=applicant, plan=plan2, level=plan2.level, year=plan2.year,
        committee=chain.committee, employer=chain.employer, specialty="电子信息")
    certificate = issued(chain, cert_app)
    cert_app.refresh_from_db()
    reexam = Reexamination.objects.create(application=cert_app, reason="对评审结果有异议")

    # experts: assigned, assigned but conflicted, not assigned
    expert = _expert(chain, "分配专家")
    conflicted = _expert(chain, "回避专家")
    unassigned = _expert(chain, "未分配专家")
    group = DisciplineGroup.objects.create(plan=plan, name="电子组", specialties=["电子信息"])
    group.experts.set([expert, conflicted, unassigned])
    run = assign.propose(chain.office.who, plan, group, 1)
    Assignment.objects.create(application=app, expert=expert)
    Assignment.objects.create(application=app, expert=conflicted)
    Conflict.objects.create(expert=conflicted, person=applicant, kind=ConflictKind.RELATIVE,
                            declared_by=conflicted.user)
    interview = Interview.objects.create(
        group=group, application=app, place="评委会办公室",
        starts_at=timezone.make_aware(datetime(today.year + 1, 1, 10, 9)))
    meeting = meeting_of(chain, [expert, conflicted])

    # the office's overlap check of the application's paper
    Policy.objects.update_or_create(committee=chain.committee, defaults={"check_all": True})
    with override_settings(OVERLAP_INDEX=overlap_index):
        overlap.fingerprint_application(app.pk)
    material = Material.objects.get(application=app)
    report = Report.objects.get(material=material)

    # exports, a screening run, the unit's authorisation letter, a message
    unit_export = Export.objects.create(
        kind=ExportKind.POSTING, organisation=chain.employer, role=Role.UNIT_ADMIN,
        requested_by=chain.unit.user, status=ExportStatus.DONE, rows=1, total=1,
        finished_at=timezone.now())
    unit_export.file.save("posting.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    office_export = Export.objects.create(
        kind=ExportKind.ROSTER, organisation=chain.committee, role=Role.COMMITTEE_OFFICE,
        requested_by=chain.office.user, status=ExportStatus.DONE, rows=1, total=1,
        finished_at=timezone.now())
    office_export.file.save("roster.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    screening_run = ScreeningRun(plan=plan, committee=chain.committee,
                                 created_by=chain.office.user, source_name="profiles.xlsx")
    screening_run.results.save("results.xlsx", ContentFile(b"PK\x03\x04"), save=True)
    job = Job.objects.create(kind=JobKind.SCREENING, title="profiles.xlsx",
                             requested_by=chain.office.user, organisation=chain.committee,
                             role=Role.COMMITTEE_OFFICE, status=JobStatus.DONE, done=1, total=1,
                             finished_at=timezone.now())
    chain.employer.authorisation_letter.save("letter.pdf", _pdf("letter.pdf"), save=True)
    (message, *_) = notify(applicant, "interview", {
        "plan": plan.title, "when": "2027年01月10日 09:00", "place": "评委会办公室",
        "url": f"/applications/{app.pk}/"}, obj=app)
    delivery = DeliveryAttempt.objects.filter(message__recipient=applicant).first()
    if delivery is None:
        delivery = DeliveryAttempt.objects.create(message=message, ok=True)

    _admin_only_rows(chain)

    other_applicant = factories.make_user(name="另一申报人", employer=chain.other_employer)
    admin_user = factories.make_user(name="平台管理员", is_staff=True, is_superuser=True)

    def grant_of(user: Any) -> RoleGrant:
        return RoleGrant.objects.get(user=user, role=Role.EXPERT)

    users: dict[str, Any] = {
        APPLICANT: applicant, OTHER_APPLICANT: other_applicant,
        UNIT: chain.unit.user, OTHER_UNIT: chain.other_unit.user,
        DEPARTMENT: chain.department_desk.user,
        OTHER_DEPARTMENT: chain.other_department_desk.user,
        OFFICE: chain.office.user, OTHER_OFFICE: chain.other_office.user,
        EXPERT: expert.user, EXPERT_CONFLICTED: conflicted.user,
        EXPERT_UNASSIGNED: unassigned.user, ADMIN: admin_user}
    grants: dict[str, RoleGrant | None] = {
        APPLICANT: None, OTHER_APPLICANT: None, ADMIN: None,
        UNIT: chain.unit.grant, OTHER_UNIT: chain.other_unit.grant,
        DEPARTMENT: chain.department_desk.grant,
        OTHER_DEPARTMENT: chain.other_department_desk.grant,
        OFFICE: chain.office.grant, OTHER_OFFICE: chain.other_office.grant,
        EXPERT: grant_of(expert.user), EXPERT_CONFLICTED: grant_of(conflicted.user),
        EXPERT_UNASSIGNED: grant_of(unassigned.user)}
    sessions = {role: _session(users[role], grants[role]) for role in users}
    assert set(sessions) | {ANONYMOUS} == set(ROLES)
    assert all((g.role if g else Role.APPLICANT) == ACTS_AS[r] for r, g in grants.items())
    api_tokens = {role: _token(grant) for role, grant in grants.items()
                  if grant is not None and grant.role != Role.EXPERT}
    draft_plan = make_plan(chain.committee, year=2024, status="draft",
                           title="2024年度工程师评审（未发布）")

    return World(
        chain=chain, app=Application.objects.get(pk=app.pk), cert_app=cert_app, plan=plan,
        draft_app=draft_app, unit_app=unit_app,
        certificate=certificate, posting=posting, objection=objection,
        unit_export=unit_export, office_export=office_export, screening_run=screening_run,
        job=job,
        expert=expert, expert_conflicted=conflicted, expert_unassigned=unassigned,
        group=group, interview=interview, run=run, meeting=meeting, reexam=reexam,
        material=material, report=report, message=message, delivery=delivery,
        entries=entries, admin_user=admin_user, other_applicant=other_applicant,
        users=users, grants=grants, sessions=sessions,
        tokens={role: secret for role, (_t, secret) in api_tokens.items()},
        token_rows={role: token for role, (token, _s) in api_tokens.items()},
        draft_plan=draft_plan)
