"""Every page and API endpoint that lists rows runs the same number of queries for a few rows
as for many (no N+1), and that number is pinned.

Each case builds its page with 2 rows, then with 5 more, and counts the queries of one
request each time (after a first request, so that the session's activity stamp is settled).
The cached look-ups (core/cached.py) are not used for what the test's own transaction
changed, which is never committed: the desks' roles and the plans are read from the
database in these counts. tests/test_lookup_cache.py shows them served from the cache."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.api.helpers import get as api_get
from tests.api.helpers import token_for
from tests.certificates.helpers import approved, issued
from tests.meetings.panel import in_review, make_experts, meeting_of
from tests.reviews.chain import Chain, build, client_for, drive, make_plan
from zhicheng.api import tokens
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import State
from zhicheng.archive.models import CeRecord, TitleHeld
from zhicheng.experts import assign
from zhicheng.experts.models import (
    Assignment,
    Conflict,
    ConflictKind,
    DisciplineGroup,
    Expert,
    Interview,
    Score,
)
from zhicheng.jobs.models import Job, JobKind, JobStatus
from zhicheng.meetings.models import Meeting, Reexamination
from zhicheng.notifications.domain import notify
from zhicheng.orgs.models import OrgStatus, Role, RoleGrant
from zhicheng.overlapcheck.models import Material, Report
from zhicheng.plans.models import ScreeningRun
from zhicheng.reviews import exports as export_files
from zhicheng.reviews.models import (
    Export,
    ExportKind,
    ExportStatus,
    Fee,
    Objection,
    PaperReceipt,
    Posting,
)

pytestmark = pytest.mark.django_db

_n = itertools.count(1)


@dataclass
class Case:
    get: Callable[[], HttpResponse]
    add: Callable[[int], list[str]]  # adds rows; returns a text each new row shows


def _page(client: Client, url: str | Callable[[], str]) -> Callable[[], HttpResponse]:
    return lambda: client.get(url() if callable(url) else url)


def expert_client(expert: Expert) -> Client:
    client = Client()
    client.force_login(expert.user)
    factories.act_as(client, RoleGrant.objects.get(user=expert.user, role=Role.EXPERT))
    return client


def _names(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{next(_n)}号" for _ in range(n)]


def _apps(chain: Chain, state: State, n: int, prefix: str = "计数", **kwargs: Any
          ) -> list[Application]:
    return [drive(chain, chain.new_app(name=name, **kwargs), state)
            for name in _names(prefix, n)]


def _own_apps(chain: Chain, n: int) -> list[Application]:
    """The chain's applicant's own applications, one per plan year."""
    out = []
    for _ in range(n):
        n = next(_n)
        plan = make_plan(chain.committee, year=1900 + n % 100, title=f"往年计划{n}号")
        out.append(Application.objects.create(
            applicant=chain.applicant, plan=plan, level=plan.level, year=plan.year,
            committee=chain.committee, employer=chain.employer, specialty="电子信息"))
    return out


def _titles(apps: list[Application]) -> list[str]:
    return [a.applicant.name for a in apps]


# ---- the pages ---------------------------------------------------------------------


def home(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        return [make_plan(chain.committee, title=t).title for t in _names("公开计划", n)]
    return Case(_page(Client(), "/"), add)


def plans_of(chain: Chain) -> Callable[[int], list[str]]:
    return lambda n: [make_plan(chain.committee, title=t).title for t in _names("计划", n)]


def dashboard_applicant(chain: Chain) -> Case:
    return Case(_page(client_for(None, chain.applicant), "/dashboard/"), plans_of(chain))


def dashboard_unit(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        return [factories.make_user(employer=chain.employer, name=name).name
                for name in _names("职工", n)]
    return Case(_page(client_for(chain.unit), "/dashboard/"), add)


def dashboard_office(chain: Chain) -> Case:
    return Case(_page(client_for(chain.office), "/dashboard/"), plans_of(chain))


def my_applications(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        return [a.plan.title for a in _own_apps(chain, n)]
    return Case(_page(client_for(None, chain.applicant), "/applications/"), add)


def inbox(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        names = _names("消息计划", n)
        for name in names:
            notify(chain.applicant, "passed", {"plan": name, "url": "/applications/"},
                   channels=("site",))
        return names
    return Case(_page(client_for(None, chain.applicant), "/notifications/"), add)


def employers(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        return [factories.make_employer(chain.department, status=OrgStatus.PENDING,
                                        name=name).name for name in _names("注册单位", n)]
    return Case(_page(client_for(chain.department_desk), "/orgs/employers/"), add)


def departments(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        return [factories.make_department(chain.committee, name).name
                for name in _names("受理点", n)]
    return Case(_page(client_for(chain.office), "/orgs/departments/"), add)


def org_experts(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        names = _names("聘任专家", n)
        for name in names:
            factories.grant(factories.make_user(name=name), Role.EXPERT, chain.committee)
        return names
    return Case(_page(client_for(chain.office), "/orgs/experts/"), add)


def desk(desk_name: str, state: State, query: str = "") -> Callable[[Chain], Case]:
    def case(chain: Chain) -> Case:
        def add(n: int) -> list[str]:
            return _titles(_apps(chain, state, n))
        extra = query.format(plan=chain.plan.pk, employer=chain.employer.pk)
        return Case(_page(client_for(getattr(chain, desk_name)), f"/reviews/{extra}"), add)
    return case


def review_detail(chain: Chain) -> Case:
    """The unit's page of one application in posting: the objections to it."""
    app = drive(chain, chain.new_app(name="公示中申报人"), State.POSTING)
    today = timezone.localdate()
    posting = Posting.objects.create(application=app, starts_on=today,
                                     ends_on=today + timedelta(days=7),
                                     proof_from=today + timedelta(days=8), place="公告栏",
                                     posted_by=chain.unit.user)

    def add(n: int) -> list[str]:
        names = _names("反映人", n)
        for name in names:
            Objection.objects.create(posting=posting, received_on=today, raised_by=name,
                                     content="业绩存疑", recorded_by=chain.unit.user)
        return names
    return Case(_page(client_for(chain.unit), f"/reviews/app/{app.pk}/"), add)


def exports(desk_name: str, kind: str) -> Callable[[Chain], Case]:
    def case(chain: Chain) -> Case:
        d = getattr(chain, desk_name)

        def add(n: int) -> list[str]:
            made = [Export.objects.create(kind=kind, organisation=d.grant.organisation,
                                          role=d.grant.role, requested_by=d.user)
                    for _ in range(n)]
            return [f"/reviews/exports/{e.pk}/" for e in made]
        return Case(_page(client_for(d), "/reviews/exports/"), add)
    return case


def office_plans(chain: Chain) -> Case:
    return Case(_page(client_for(chain.office), "/reviews/plans/"), plans_of(chain))


def expert_pool(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        out = []
        for expert in make_experts(chain, n):
            expert.name = f"库内专家{next(_n)}号"
            expert.save()
            out.append(expert.name)
        return out
    return Case(_page(client_for(chain.office), "/experts/"), add)


def expert_plan(chain: Chain) -> Case:
    """The plan's score overview: assignments and scores of each application."""
    experts = make_experts(chain, 3)

    def add(n: int) -> list[str]:
        apps = _apps(chain, State.EXPERT_REVIEW, n)
        for i, app in enumerate(apps):
            for expert in experts[:1 + i % 3]:
                a = Assignment.objects.create(application=app, expert=expert)
                if i % 2:
                    Score.objects.create(assignment=a, values={}, total=Decimal(80 + i))
        return _titles(apps)
    return Case(_page(client_for(chain.office), f"/experts/plans/{chain.plan.pk}/"), add)


def assignment_run(chain: Chain) -> Case:
    make_experts(chain, 4)
    latest: dict[str, int] = {}

    def add(n: int) -> list[str]:
        apps = _apps(chain, State.EXPERT_REVIEW, n)
        latest["run"] = assign.propose(chain.office.who, chain.plan, None, 2).pk
        return _titles(apps)
    return Case(_page(client_for(chain.office), lambda: f"/experts/runs/{latest['run']}/"),
                add)


def interviews(chain: Chain) -> Case:
    group = DisciplineGroup.objects.create(plan=chain.plan, name="电子组",
                                           specialties=["电子信息"])
    when = timezone.now() + timedelta(days=30)

    def add(n: int) -> list[str]:
        apps = _apps(chain, State.EXPERT_REVIEW, n)
        for app in apps:
            Interview.objects.create(group=group, application=app, starts_at=when,
                                     place="评委会办公室")
        return _titles(apps)
    return Case(_page(client_for(chain.office), f"/experts/groups/{group.pk}/interviews/"),
                add)


def conflicts(office: bool) -> Callable[[Chain], Case]:
    def case(chain: Chain) -> Case:
        (expert,) = make_experts(chain, 1)

        def add(n: int) -> list[str]:
            names = _names("回避说明", n)
            for name in names:
                org = factories.make_employer(chain.department)
                Conflict.objects.create(expert=expert, organisation=org, note=name,
                                        kind=ConflictKind.COLLEAGUE, declared_by=expert.user)
            return names
        if office:
            return Case(_page(client_for(chain.office),
                              f"/experts/pool/{expert.pk}/conflicts/"), add)
        return Case(_page(expert_client(expert), "/experts/mine/conflicts/"), add)
    return case


def expert_mine(query: str = "") -> Callable[[Chain], Case]:
    def case(chain: Chain) -> Case:
        (expert,) = make_experts(chain, 1)

        def add(n: int) -> list[str]:
            apps = _apps(chain, State.EXPERT_REVIEW, n)
            for i, app in enumerate(apps):
                a = Assignment.objects.create(application=app, expert=expert)
                if i % 2:
                    Score.objects.create(assignment=a, values={}, total=Decimal(80))
            return _titles(apps)
        return Case(_page(expert_client(expert), f"/experts/mine/{query}"), add)
    return case


def meetings(chain: Chain) -> Case:
    experts = make_experts(chain, 3)

    def add(n: int) -> list[str]:
        names = _names("评审会议", n)
        for name in names:
            meeting = Meeting.objects.create(plan=chain.plan, title=name,
                                             held_on=date(2026, 12, 1))
            meeting.members.set(experts)
        return names
    return Case(_page(client_for(chain.office), "/meetings/"), add)


def meeting_detail(chain: Chain) -> Case:
    meeting = meeting_of(chain, make_experts(chain, 3))
    return Case(_page(client_for(chain.office), f"/meetings/{meeting.pk}/"),
                lambda n: _titles(in_review(chain, n)))


def meeting_results(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        apps = _apps(chain, State.APPROVED, n)
        for app in apps[::2]:
            Reexamination.objects.create(application=app, reason="对结果有异议")
        return _titles(apps)
    return Case(_page(client_for(chain.office), f"/meetings/results/{chain.plan.pk}/"), add)


def meetings_mine(chain: Chain) -> Case:
    (expert,) = make_experts(chain, 1)

    def add(n: int) -> list[str]:
        names = _names("表决会议", n)
        for name in names:
            Meeting.objects.create(plan=chain.plan, title=name,
                                   held_on=date(2026, 12, 1)).members.add(expert)
        return names
    return Case(_page(expert_client(expert), "/meetings/mine/"), add)


def meeting_vote(chain: Chain) -> Case:
    (expert,) = make_experts(chain, 1)
    meeting = meeting_of(chain, [expert])
    return Case(_page(expert_client(expert), f"/meetings/{meeting.pk}/vote/"),
                lambda n: _titles(in_review(chain, n)))


def certificates_mine(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        return [issued(chain, app).number for app in _own_apps(chain, n)]
    return Case(_page(client_for(None, chain.applicant), "/certificates/mine/"), add)


def certificates_office(query: str = "") -> Callable[[Chain], Case]:
    def case(chain: Chain) -> Case:
        def add(n: int) -> list[str]:
            names = _names("持证人", n)
            for name in names[:2]:  # approved, waiting for a certificate
                approved(chain, chain.new_app(name=f"待发{name}"))
            for name in names:
                issued(chain, chain.new_app(name=name))
            return names
        return Case(_page(client_for(chain.office), f"/certificates/office/{query}"), add)
    return case


def overlap(query: str = "") -> Callable[[Chain], Case]:
    def case(chain: Chain) -> Case:
        def add(n: int) -> list[str]:
            titles = _names("技术总结", n)
            for i, (title, app) in enumerate(zip(titles, _apps(chain, State.SUBMITTED, n),
                                                 strict=True)):
                material = Material.objects.create(
                    application=app, owner=app.applicant, name=f"u{app.applicant_id}/{title}",
                    title=title, sha256="0" * 64, chars=1000, sampled=True)
                if i % 3 != 2:
                    Report.objects.create(material=material, chars=1000, overlap_ratio=0.1,
                                          max_source_ratio=0.1, excluding_own_ratio=0.1,
                                          resubmission=True)
            return titles if not query else [t for i, t in enumerate(titles) if i % 3 != 2]
        return Case(_page(client_for(chain.office), f"/overlap/{query}"), add)
    return case


def overlap_report(chain: Chain) -> Case:
    (app,) = _apps(chain, State.SUBMITTED, 1)
    material = Material.objects.create(application=app, owner=app.applicant, name="被检材料",
                                       title="被检材料", sha256="0" * 64, chars=1000)
    report = Report.objects.create(material=material, chars=1000, overlap_ratio=0.1,
                                   max_source_ratio=0.1, excluding_own_ratio=0.1,
                                   data={"text": "重合文字", "sources": []})

    def add(n: int) -> list[str]:
        apps = _apps(chain, State.SUBMITTED, n, prefix="来源作者")
        for other in apps:
            source = Material.objects.create(
                application=other, owner=other.applicant, name=f"来源{other.pk}",
                title=f"来源{other.pk}", sha256="0" * 64, chars=1000)
            report.data["sources"].append({"source": source.name, "ratio": 0.05,
                                           "passages": [{"start": 0, "end": 2}]})
        report.save()
        return _titles(apps)
    return Case(_page(client_for(chain.office), f"/overlap/reports/{report.pk}/"), add)


def archive_section(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        names = _names("继续教育课程", n)
        for name in names:
            CeRecord.objects.create(owner=chain.applicant, year=2022, category="professional",
                                    hours=Decimal(8), course=name)
        return names
    return Case(_page(client_for(None, chain.applicant), "/archive/ce/"), add)


def archive_verify(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        names = _names("待核实职工", n)
        for name in names:
            person = factories.make_user(employer=chain.employer, name=name)
            TitleHeld.objects.create(owner=person, level="assistant", name="助理工程师",
                                     obtained=date(2015, 12, 31), issuer="某评委会")
        return names
    return Case(_page(client_for(chain.unit), "/archive/verify/"), add)


def screening_runs(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        names = _names("预检名单", n)
        for name in names:
            ScreeningRun.objects.create(plan=chain.plan, committee=chain.committee,
                                        created_by=chain.office.user, source_name=name,
                                        results="screening/x.xlsx")
        return names
    return Case(_page(client_for(chain.office), "/plans/screen/"), add)


def my_jobs(chain: Chain) -> Case:
    """我的任务: the office's jobs and the exports it asked for, merged by time."""
    def add(n: int) -> list[str]:
        names = _names("预检名单", n)
        for name in names:
            Job.objects.create(kind=JobKind.SCREENING, title=name, requested_by=chain.office.user,
                               organisation=chain.committee, role=Role.COMMITTEE_OFFICE,
                               status=JobStatus.RUNNING, done=3, total=10)
            Export.objects.create(kind=ExportKind.ROSTER, organisation=chain.committee,
                                  role=Role.COMMITTEE_OFFICE, requested_by=chain.office.user)
        return names
    return Case(_page(client_for(chain.office), "/jobs/"), add)


def api_tokens(chain: Chain) -> Case:
    def add(n: int) -> list[str]:
        names = _names("对接系统", n)
        for name in names:
            tokens.create(chain.office.who, chain.committee, name, ["lists:read"])
        return names
    return Case(_page(client_for(chain.office), "/api-tokens/"), add)


def stats(chain: Chain) -> Case:
    """The office's statistics: each new specialty is a row of several tables, with its
    decided applications, its experts' scores, its discipline group and its materials."""
    experts = make_experts(chain, 3)
    states = (State.APPROVED, State.NOT_APPROVED, State.EXPERT_REVIEW)

    def add(n: int) -> list[str]:
        names = _names("统计专业", n)
        for i, name in enumerate(names):
            app = drive(chain, chain.new_app(specialty=name), states[i % 3])
            a = Assignment.objects.create(application=app, expert=experts[i % 3])
            if i % 2:
                Score.objects.create(assignment=a, values={}, total=Decimal(80))
            DisciplineGroup.objects.create(plan=chain.plan, name=f"{name}组",
                                           specialties=[name])
            material = Material.objects.create(
                application=app, owner=app.applicant, name=f"u{app.applicant_id}/{name}",
                title=name, sha256="0" * 64, chars=1000, sampled=True)
            Report.objects.create(material=material, chars=1000, overlap_ratio=0.1 * i,
                                  max_source_ratio=0.1, excluding_own_ratio=0.1)
        return names
    return Case(_page(client_for(chain.office), f"/stats/?plan={chain.plan.pk}&year=2023"),
                add)


# ---- the API -------------------------------------------------------------------------


def api_plans(chain: Chain) -> Case:
    return Case(lambda: api_get("/plans", page_size=100), plans_of(chain))


def api_applications(chain: Chain) -> Case:
    token = token_for(chain.office)
    return Case(lambda: api_get("/applications", token, status="committee_review",
                                plan=chain.plan.pk, q="计数"),
                lambda n: _titles(_apps(chain, State.COMMITTEE_REVIEW, n)))


def api_exports(chain: Chain) -> Case:
    token = token_for(chain.office)

    def add(n: int) -> list[str]:
        made = [Export.objects.create(kind=ExportKind.ROSTER, organisation=chain.committee,
                                      role=Role.COMMITTEE_OFFICE, requested_by=chain.office.user,
                                      status=ExportStatus.DONE)
                for _ in range(n)]
        return [f"/exports/{e.pk}/download" for e in made]
    return Case(lambda: api_get("/exports", token), add)


def api_certificates(chain: Chain) -> Case:
    token = token_for(chain.office)

    def add(n: int) -> list[str]:
        return [issued(chain, chain.new_app(name=name)).number
                for name in _names("接口持证人", n)]
    return Case(lambda: api_get("/certificates", token), add)


def api_my_applications(chain: Chain) -> Case:
    client = client_for(None, chain.applicant)

    def add(n: int) -> list[str]:
        return [a.plan.title for a in _own_apps(chain, n)]
    return Case(lambda: api_get("/me/applications", client=client), add)


FILTERS = "?status=committee_review&plan={plan}&employer={employer}&specialty=电子信息&q=计数"
CASES: dict[str, Callable[[Chain], Case]] = {
    "home": home,
    "dashboard_applicant": dashboard_applicant,
    "dashboard_unit": dashboard_unit,
    "dashboard_office": dashboard_office,
    "my_applications": my_applications,
    "inbox": inbox,
    "orgs_employers": employers,
    "orgs_departments": departments,
    "orgs_experts": org_experts,
    "desk_unit": desk("unit", State.SUBMITTED),
    "desk_department": desk("department_desk", State.DEPARTMENT_REVIEW),
    "desk_office": desk("office", State.COMMITTEE_REVIEW),
    "desk_office_filtered": desk("office", State.COMMITTEE_REVIEW, FILTERS),
    "review_detail_objections": review_detail,
    "exports_unit": exports("unit", ExportKind.POSTING),
    "exports_office": exports("office", ExportKind.FEES),
    "office_plans": office_plans,
    "expert_pool": expert_pool,
    "expert_plan_scores": expert_plan,
    "assignment_run": assignment_run,
    "interviews": interviews,
    "conflicts_office": conflicts(office=True),
    "conflicts_expert": conflicts(office=False),
    "expert_mine": expert_mine(),
    "expert_mine_search": expert_mine("?q=计数"),
    "meetings": meetings,
    "meeting_detail": meeting_detail,
    "meeting_results": meeting_results,
    "meetings_mine": meetings_mine,
    "meeting_vote": meeting_vote,
    "certificates_mine": certificates_mine,
    "certificates_office": certificates_office(),
    "certificates_office_filtered": certificates_office("?status=valid&year=2023&q=持证人"),
    "overlap": overlap(),
    "overlap_flagged": overlap("?flagged=1"),
    "overlap_report": overlap_report,
    "archive_section": archive_section,
    "archive_verify": archive_verify,
    "screening_runs": screening_runs,
    "my_jobs": my_jobs,
    "api_tokens": api_tokens,
    "stats": stats,
    "api_plans": api_plans,
    "api_applications": api_applications,
    "api_exports": api_exports,
    "api_certificates": api_certificates,
    "api_my_applications": api_my_applications,
}

# Measured once and pinned: a change that adds a query to a list page shows here. (The
# unread count in the page header comes from the cache: no query on pages with a header;
# nor does the applicant's unit, which comes with their cached row.)
PINNED: dict[str, int] = {
    "my_jobs": 5,
    "home": 1, "dashboard_applicant": 3, "dashboard_unit": 5, "dashboard_office": 6,
    "my_applications": 4, "inbox": 6, "orgs_employers": 4, "orgs_departments": 4,
    "orgs_experts": 4, "desk_unit": 6, "desk_department": 6, "desk_office": 6,
    "desk_office_filtered": 7, "review_detail_objections": 6, "exports_unit": 4,
    "exports_office": 5, "office_plans": 4, "expert_pool": 5, "expert_plan_scores": 13,
    "assignment_run": 7, "interviews": 7, "conflicts_office": 5, "conflicts_expert": 5,
    "expert_mine": 6, "expert_mine_search": 6, "meetings": 8, "meeting_detail": 10,
    "meeting_results": 7, "meetings_mine": 5, "meeting_vote": 8, "certificates_mine": 4,
    "certificates_office": 7, "certificates_office_filtered": 7, "overlap": 6,
    "overlap_flagged": 6, "overlap_report": 5, "archive_section": 3, "archive_verify": 5,
    "screening_runs": 5, "api_tokens": 4, "api_plans": 2, "api_applications": 3, "api_exports": 3,
    "api_certificates": 3, "api_my_applications": 4, "stats": 12,
}


def _count(get: Callable[[], HttpResponse]) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = get()
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("name", list(CASES))
def test_list_queries_do_not_grow_with_rows(name: str) -> None:
    chain = build()
    case = CASES[name](chain)
    shown = case.add(2)
    case.get()
    small, html = _count(case.get)
    assert all(text in html for text in shown)
    shown += case.add(5)
    large, html = _count(case.get)
    missing = [text for text in shown if text not in html]
    assert not missing
    assert (small, large) == (PINNED[name], PINNED[name])


# ---- the Excel files (built by a task) ---------------------------------------------------


def _posted(chain: Chain, n: int) -> None:
    today = timezone.localdate()
    for app in _apps(chain, State.POSTING, n, prefix="公示"):
        posting = Posting.objects.create(
            application=app, starts_on=today, ends_on=today + timedelta(days=7),
            proof_from=today + timedelta(days=8), place="公告栏", posted_by=chain.unit.user,
            content={"achievements": ["某项目"], "outputs": ["某论文"]})
        Objection.objects.create(posting=posting, received_on=today, content="存疑",
                                 recorded_by=chain.unit.user)


def _accepted(chain: Chain, n: int) -> None:
    for app in _apps(chain, State.ACCEPTED, n, prefix="受理"):
        Application.objects.filter(pk=app.pk).update(acceptance_no=f"2023-{app.pk:04d}")
        Fee.objects.create(application=app, amount=Decimal(300))
        PaperReceipt.objects.create(application=app, copies_due=2, due_on=date(2023, 10, 9))


# desk, kind, rows, queries to build the file (the savepoint and lock, marking it running,
# the rows with all they show, their number for the page's progress, the organisation for
# the title, saving the result)
EXPORTS: dict[str, tuple[str, str, Callable[[Chain, int], None], int]] = {
    "posting": ("unit", ExportKind.POSTING, _posted, 9),  # + the postings' objections
    "roster": ("office", ExportKind.ROSTER, _accepted, 8),
    "fees": ("office", ExportKind.FEES, _accepted, 8),
}


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_export_files_do_not_grow_with_rows(kind: str) -> None:
    chain = build()
    desk_name, export_kind, add, queries = EXPORTS[kind]
    d = getattr(chain, desk_name)

    def built() -> tuple[int, int]:
        export = Export.objects.create(kind=export_kind, organisation=d.grant.organisation,
                                       role=d.grant.role, requested_by=d.user)
        with CaptureQueriesContext(connection) as ctx:
            assert export_files.build(export.pk) == ExportStatus.DONE
        export.refresh_from_db()
        return len(ctx.captured_queries), export.rows

    add(chain, 2)
    small, rows = built()
    assert rows == 2
    add(chain, 5)
    large, rows = built()
    assert rows == 7
    assert (small, large) == (queries, queries)
