"""The desk pages: each desk sees its own share only, filters and counts, the detail page,
one action with its refusal, and who may open the pages at all."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Step, apply
from zhicheng.applications.workflow import State
from zhicheng.audit.domain import SYSTEM, Who
from zhicheng.identity.idnumber import mask
from zhicheng.orgs.models import OrgStatus, Role
from zhicheng.reviews.models import Objection, Posting
from zhicheng.workcalendar.service import cover_year, current

from .chain import Chain, client_for, drive, fresh, make_desk, make_plan

pytestmark = pytest.mark.django_db

NAMES = ("申报人甲", "已提交乙", "已报送丙", "兄弟单位丁", "远方单位戊", "评委会己",
         "他评委会庚", "第二计划辛")


@pytest.fixture
def apps(chain: Chain) -> dict[str, Application]:
    """One application at each place that matters to some desk (申报人甲 stays a draft)."""
    plan2 = make_plan(chain.committee, title="第二计划")
    foreign_plan = make_plan(chain.other_committee, title="他评委会计划")
    out = {"申报人甲": chain.app}
    for name, employer, plan, state, specialty in [
        ("已提交乙", chain.employer, chain.plan, State.SUBMITTED, "电子信息"),
        ("已报送丙", chain.employer, chain.plan, State.TO_DEPARTMENT, "机械工程"),
        ("兄弟单位丁", chain.other_employer, chain.plan, State.TO_DEPARTMENT, "电子信息"),
        ("远方单位戊", chain.far_employer, chain.plan, State.TO_DEPARTMENT, "电子信息"),
        ("评委会己", chain.employer, chain.plan, State.COMMITTEE_REVIEW, "电子信息"),
        ("他评委会庚", chain.far_employer, foreign_plan, State.COMMITTEE_REVIEW, "电子信息"),
        ("第二计划辛", chain.other_employer, plan2, State.COMMITTEE_REVIEW, "电子信息"),
    ]:
        app = chain.new_app(employer=employer, plan=plan, name=name, specialty=specialty)
        out[name] = drive(chain, app, state)
    return out


def rows(page: str) -> set[str]:
    return {name for name in NAMES if f'aria-label="选择 {name}"' in page}


def desk(client: Any, query: str = "") -> str:
    r = client.get(f"/reviews/{query}")
    assert r.status_code == 200
    return r.content.decode()


def test_each_desk_sees_only_its_share(chain: Chain, apps: dict[str, Application]) -> None:
    assert rows(desk(client_for(chain.unit))) == {"已提交乙", "已报送丙", "评委会己"}
    assert rows(desk(client_for(chain.other_unit))) == {"兄弟单位丁", "第二计划辛"}
    assert rows(desk(client_for(chain.department_desk))) == {
        "已报送丙", "兄弟单位丁", "评委会己", "第二计划辛"}
    assert rows(desk(client_for(chain.other_department_desk))) == {"远方单位戊", "他评委会庚"}
    assert rows(desk(client_for(chain.office))) == {"评委会己", "第二计划辛"}
    assert rows(desk(client_for(chain.other_office))) == {"他评委会庚"}


def test_a_returned_application_stays_on_the_desks_it_reached(
        chain: Chain, apps: dict[str, Application]) -> None:
    apply(chain.office.who, apps["评委会己"], Step("office_return", reason="补充材料"))
    for d in (chain.unit, chain.department_desk, chain.office):
        assert "评委会己" in rows(desk(client_for(d)))
    # and once the applicant resubmits, the department and office still see it (returned
    # applications keep how far they had got), the unit handles it again
    apply(Who(actor=apps["评委会己"].applicant), apps["评委会己"].pk, Step("submit"))
    assert "评委会己" in rows(desk(client_for(chain.unit), "?status=submitted"))
    for d in (chain.department_desk, chain.office):
        assert "评委会己" in rows(desk(client_for(d), "?status=submitted"))


def test_filters_and_counts(chain: Chain, apps: dict[str, Application]) -> None:
    unit = client_for(chain.unit)
    page = desk(unit)
    assert "按状态统计（共 3 件）" in page
    assert "已提交，待单位审核 <strong>1</strong>" in page
    assert "已报送，待主管部门接收 <strong>1</strong>" in page
    assert rows(desk(unit, "?status=submitted")) == {"已提交乙"}
    assert rows(desk(unit, "?specialty=机械工程")) == {"已报送丙"}
    assert rows(desk(unit, "?q=评委会")) == {"评委会己"}
    assert rows(desk(unit, f"?employer={chain.other_employer.pk}")) == set()
    department = client_for(chain.department_desk)
    assert rows(desk(department, f"?employer={chain.other_employer.pk}")) == {
        "兄弟单位丁", "第二计划辛"}
    assert rows(desk(department, f"?employer={chain.other_employer.pk}&status=to_department")
                ) == {"兄弟单位丁"}
    office = client_for(chain.office)
    plan2 = apps["第二计划辛"].plan
    assert rows(desk(office, f"?plan={plan2.pk}")) == {"第二计划辛"}
    assert rows(desk(office, f"?plan={chain.plan.pk}")) == {"评委会己"}
    # counts stay those of the whole desk while a filter is on
    assert "按状态统计（共 2 件）" in desk(office, f"?plan={plan2.pk}")
    # another organisation's ids in a filter show nothing of theirs
    assert rows(desk(office, f"?plan={apps['他评委会庚'].plan_id}")) == set()
    assert rows(desk(office, "?plan=abc&employer=x")) == {"评委会己", "第二计划辛"}


def test_detail_is_404_for_what_the_desk_cannot_see(
        chain: Chain, apps: dict[str, Application]) -> None:
    unit = client_for(chain.unit)
    for name in ("申报人甲", "兄弟单位丁", "远方单位戊", "他评委会庚"):
        assert unit.get(f"/reviews/app/{apps[name].pk}/").status_code == 404, name
        assert unit.post(f"/reviews/app/{apps[name].pk}/act/", {
            "action": "unit_pass"}).status_code == 404, name
    department = client_for(chain.department_desk)
    assert department.get(f"/reviews/app/{apps['已提交乙'].pk}/").status_code == 404
    office = client_for(chain.office)
    assert office.get(f"/reviews/app/{apps['已报送丙'].pk}/").status_code == 404
    assert office.get(f"/reviews/app/{apps['他评委会庚'].pk}/").status_code == 404
    assert office.get(f"/reviews/app/{apps['评委会己'].pk}/").status_code == 200


def test_id_number_masked_for_unit_and_department_full_for_office(
        chain: Chain, apps: dict[str, Application]) -> None:
    app = apps["评委会己"]
    full = app.applicant.id_number
    for d in (chain.unit, chain.department_desk):
        client = client_for(d)
        for url in ("/reviews/", f"/reviews/app/{app.pk}/"):
            page = client.get(url).content.decode()
            assert full not in page and mask(full) in page, (d.grant.role, url)
    office = client_for(chain.office)
    for url in ("/reviews/", f"/reviews/app/{app.pk}/"):
        assert full in office.get(url).content.decode()


def test_detail_offers_the_desks_actions_and_the_history(
        chain: Chain, apps: dict[str, Application]) -> None:
    unit = client_for(chain.unit)
    page = unit.get(f"/reviews/app/{apps['已提交乙'].pk}/").content.decode()
    for label in ("开始审核", "审核通过", "退回修改", "审核不通过"):
        assert f">{label}</button>" in page
    assert "：提交申报" in page  # the history
    # sent on to the department: nothing left for the unit to do
    page = unit.get(f"/reviews/app/{apps['已报送丙'].pk}/").content.decode()
    assert "<h2>办理</h2>" not in page and "：公示期满，推荐报送" in page
    page = client_for(chain.office).get(f"/reviews/app/{apps['评委会己'].pk}/").content.decode()
    assert ">受理（分配受理号）</button>" in page and ">撤销（弄虚作假等）</button>" not in page
    assert "撤销并记入诚信档案" in page  # revocation goes with the integrity record


def test_act_refused_keeps_the_reason_and_shows_why(
        chain: Chain, apps: dict[str, Application]) -> None:
    app = apps["已提交乙"]
    seen = fresh(app).version
    colleague = make_desk(Role.UNIT_ADMIN, chain.employer)
    apply(colleague.who, app, Step("unit_receive"))
    client = client_for(chain.unit)
    reason = "请补充近三年的业绩证明材料"
    r = client.post(f"/reviews/app/{app.pk}/act/", {
        "action": "unit_return", "version": seen, "reason": reason})
    assert r.status_code == 200
    page = r.content.decode()
    assert "已被他人处理" in page and "单位审核中" in page
    assert reason in page
    assert fresh(app).status == "unit_review"
    r = client.post(f"/reviews/app/{app.pk}/act/", {
        "action": "unit_return", "version": fresh(app).version, "reason": " "})
    assert r.status_code == 200 and "“退回修改”须填写原因" in r.content.decode()
    r = client.post(f"/reviews/app/{app.pk}/act/", {
        "action": "unit_return", "version": fresh(app).version, "reason": reason})
    assert r.status_code == 302 and r.url == f"/reviews/app/{app.pk}/"
    assert fresh(app).status == "returned"
    page = client.get(r.url).content.decode()
    assert "已退回修改" in page and reason in page


def test_act_refusal_for_a_passed_unit_deadline(chain: Chain,
                                                apps: dict[str, Application]) -> None:
    chain.plan.unit_closes = timezone.localdate() - timedelta(days=1)
    chain.plan.save()
    app = apps["已提交乙"]
    r = client_for(chain.unit).post(f"/reviews/app/{app.pk}/act/", {
        "action": "unit_pass", "version": fresh(app).version})
    assert r.status_code == 200
    assert "单位推荐已于" in r.content.decode() and "截止" in r.content.decode()
    assert fresh(app).status == "submitted"


def test_posting_and_objection_through_the_pages(chain: Chain,
                                                  apps: dict[str, Application]) -> None:
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        cover_year(SYSTEM, year)
    app = apps["已提交乙"]
    client = client_for(chain.unit)
    client.post(f"/reviews/app/{app.pk}/act/", {"action": "unit_pass",
                                                "version": fresh(app).version})
    r = client.post(f"/reviews/app/{app.pk}/act/", {
        "action": "unit_post", "version": fresh(app).version, "place": "公告栏"})
    assert r.status_code == 200 and "请填写公示开始日期和公示方式" in r.content.decode()
    r = client.post(f"/reviews/app/{app.pk}/act/", {
        "action": "unit_post", "version": fresh(app).version, "starts_on": today.isoformat(),
        "place": "公告栏"})
    assert r.status_code == 302
    p = Posting.objects.get(application=app)
    assert p.ends_on == current().posting_end(today, 5)
    r = client.post(f"/reviews/app/{app.pk}/objections/", {
        "received_on": today.isoformat(), "raised_by": "", "content": "业绩不实"})
    assert r.status_code == 302
    objection = Objection.objects.get(posting=p)
    department = client_for(chain.department_desk)
    assert department.post(f"/reviews/app/{app.pk}/objections/", {
        "received_on": today.isoformat(), "content": "x"}).status_code == 403
    r = client.post(f"/reviews/app/{app.pk}/act/", {"action": "unit_recommend",
                                                    "version": fresh(app).version})
    assert r.status_code == 200 and "公示期未满5个工作日" in r.content.decode()
    r = client.post(f"/reviews/app/{app.pk}/objections/{objection.pk}/", {
        "outcome": "dismissed", "resolution": "经核实不成立"})
    assert r.status_code == 302
    objection.refresh_from_db()
    assert objection.status == "dismissed"


def test_pages_require_a_desk_role(chain: Chain, apps: dict[str, Application]) -> None:
    applicant = client_for(None, chain.applicant)
    assert applicant.get("/reviews/").status_code == 403
    assert applicant.get(f"/reviews/app/{apps['已提交乙'].pk}/").status_code == 403
    anonymous = Client().get("/reviews/")
    assert anonymous.status_code == 302 and "login" in anonymous.url
    department = client_for(chain.department_desk)
    assert department.get("/reviews/exports/").status_code == 403
    assert department.post(f"/reviews/app/{apps['已报送丙'].pk}/paper/", {
        "received_on": "2023-10-10", "copies": 2}).status_code == 403
    assert client_for(chain.unit).get("/reviews/plans/").status_code == 403
    assert client_for(chain.office).get("/reviews/plans/").status_code == 200
    # a unit still waiting for approval cannot act
    chain.employer.status = OrgStatus.PENDING
    chain.employer.save()
    assert client_for(chain.unit).get("/reviews/").status_code == 403


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/reviews/").status_code == 200
    return len(ctx.captured_queries)


def test_desk_query_count_does_not_grow_with_rows(chain: Chain,
                                                  django_assert_num_queries: Any) -> None:
    for i in range(2):
        drive(chain, chain.new_app(name=f"计数{i}"), State.SUBMITTED)
    client = client_for(chain.unit)
    _queries(client)  # the first page fills the cached look-ups
    two = _queries(client)
    for i in range(2, 6):
        drive(chain, chain.new_app(name=f"计数{i}", specialty="机械工程"), State.SUBMITTED)
    assert desk(client).count('name="ids"') == 6
    with django_assert_num_queries(two):
        client.get("/reviews/")
    assert two == QUERIES


QUERIES = 6  # measured once (look-ups cached); pinned so that it does not grow with the rows


def test_the_desk_cannot_set_a_result_the_meeting_did_not_vote(chain: Chain) -> None:
    app = drive(chain, chain.new_app(name="评审壬"), State.EXPERT_REVIEW)
    client = client_for(chain.office)
    for action in ("record_pass", "certify", "revoke"):
        r = client.post(f"/reviews/app/{app.pk}/act/", {
            "action": action, "version": fresh(app).version, "reason": "x"})
        assert r.status_code == 200
    assert fresh(app).status == "expert_review"
    r = client.post(f"/reviews/app/{app.pk}/act/", {"action": "record_pass",
                                                   "version": fresh(app).version})
    assert "评审结果只能由评审会议表决产生" in r.content.decode()


def test_fraud_from_the_desk_revokes_and_records(chain: Chain) -> None:
    app = drive(chain, chain.new_app(name="作假癸"), State.ACCEPTED)
    client = client_for(chain.office)
    r = client.post(f"/reviews/app/{app.pk}/fraud/", {"found": ""})
    assert fresh(app).status == "accepted"
    r = client.post(f"/reviews/app/{app.pk}/fraud/", {"found": "伪造业绩证明"})
    assert r.status_code == 302 and fresh(app).status == "revoked"
    assert client_for(chain.other_office).post(
        f"/reviews/app/{app.pk}/fraud/", {"found": "x"}).status_code == 404



def test_a_nul_in_a_filter_is_no_server_error(chain: Chain) -> None:
    """PostgreSQL refuses NUL in text; the desk drops it instead of failing."""
    drive(chain, chain.new_app(name="过滤"), State.SUBMITTED)
    client = client_for(chain.unit)
    for key in ("specialty", "q", "status"):
        assert client.get("/reviews/", {key: "a\x00b"}).status_code == 200
