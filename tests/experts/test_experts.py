"""Conflicts hide an application everywhere an expert looks; assignment through the office's
pages; scoring against the sheet; the 3-year term."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests import factories
from tests.jobs.helpers import post_job
from tests.meetings.panel import expert_who, in_review, make_experts
from tests.reviews.chain import Chain, client_for
from zhicheng.applications.transition import Refused
from zhicheng.experts import assign, domain
from zhicheng.experts.models import Assignment, Conflict, ConflictKind, Expert, ScoreSheet
from zhicheng.orgs.models import Role, RoleGrant

pytestmark = pytest.mark.django_db

SHEET = [{"key": "a", "label": "业绩成果", "weight": 60, "max": 100, "required": True},
         {"key": "b", "label": "专业能力", "weight": 40, "max": 50, "required": False}]


def expert_client(expert: Expert) -> Client:
    client = Client()
    client.force_login(expert.user)
    factories.act_as(client, RoleGrant.objects.get(user=expert.user, role=Role.EXPERT))
    return client


def _assigned(chain: Chain, n_apps: int = 3, n_experts: int = 2) -> tuple[list, list]:
    experts = make_experts(chain, n_experts)
    apps = in_review(chain, n_apps)
    run = assign.propose(chain.office.who, chain.plan, None, n_experts)
    assign.apply_run(chain.office.who, run)
    return experts, apps


def test_a_conflicted_expert_finds_no_trace_of_the_application(chain: Chain) -> None:
    experts, apps = _assigned(chain)
    target = apps[0]
    name = target.applicant.name
    client = expert_client(experts[0])
    assert name in client.get("/experts/mine/").content.decode()
    domain.declare_conflict(expert_who(experts[0]), experts[0], ConflictKind.RELATIVE,
                            person=target.applicant)
    assert not Assignment.objects.filter(application=target, expert=experts[0]).exists()
    for url in ("/experts/mine/", f"/experts/mine/?q={name}", "/", "/experts/mine/conflicts/"):
        page = client.get(url).content.decode().replace(f'value="{name}"', "")  # the query
        assert name not in page, url
    assert client.get(f"/experts/mine/{target.pk}/").status_code == 404
    # the colleague still sees it
    assert name in expert_client(experts[1]).get("/experts/mine/").content.decode()


def test_the_shared_employer_is_a_conflict_without_any_declaration(chain: Chain) -> None:
    experts = make_experts(chain, 2)
    experts[0].employer = chain.employer
    experts[0].save()
    apps = in_review(chain, 2)
    run = assign.propose(chain.office.who, chain.plan, None, 1)
    assert all(e != experts[0].pk for _, e in run.result["pairs"])
    assert len(run.result["pairs"]) == 2
    assign.apply_run(chain.office.who, run)
    assert apps[0].applicant.name not in expert_client(experts[0]).get(
        "/experts/mine/").content.decode()


def test_office_proposes_adjusts_and_applies_through_the_pages(
        chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    experts = make_experts(chain, 3)
    apps = in_review(chain, 2)
    office = client_for(chain.office)
    job, r = post_job(office, django_capture_on_commit_callbacks,
                      f"/experts/plans/{chain.plan.pk}/propose/",
                      {"reviews": 2, "require_specialty": "on"})
    assert (job.kind, job.status, job.done, job.total) == ("assignment", "done", 3, 3)
    run_url = job.result["links"][0]["url"]
    assert run_url in r.content.decode()
    page = office.get(run_url).content.decode()
    assert "分配 4 条" in page
    run_pk = int(run_url.rstrip("/").split("/")[-1])
    from zhicheng.experts.models import AssignmentRun

    first = AssignmentRun.objects.get(pk=run_pk)
    a, e = first.result["pairs"][0]
    r = office.post(f"/experts/runs/{run_pk}/revise/", {"remove": f"{a}:{e}"})
    second = AssignmentRun.objects.exclude(pk=run_pk).get()
    assert [a, e] not in second.result["pairs"] and len(second.result["pairs"]) == 4
    office.post(f"/experts/runs/{second.pk}/apply/")
    assert Assignment.objects.count() == 4
    r = office.post(f"/experts/runs/{second.pk}/apply/", follow=True)
    assert "该方案已执行" in r.content.decode()
    assert client_for(chain.other_office).get(f"/experts/runs/{second.pk}/").status_code == 404
    assert {x.pk for x in apps} == set(Assignment.objects.values_list(
        "application_id", flat=True))
    assert len(experts) == 3


def test_scoring_follows_the_sheet(chain: Chain) -> None:
    experts, apps = _assigned(chain, 1, 2)
    assignment = Assignment.objects.get(application=apps[0], expert=experts[0])
    who = expert_who(experts[0])
    with pytest.raises(Refused, match="尚未设置"):
        domain.score(who, assignment, {"a": 80}, "")
    ScoreSheet.objects.create(plan=chain.plan, categories=SHEET)
    with pytest.raises(Refused, match="“业绩成果”须评分"):
        domain.score(who, assignment, {"b": 40}, "")
    with pytest.raises(Refused, match="0到50之间"):
        domain.score(who, assignment, {"a": 80, "b": 51}, "")
    with pytest.raises(Refused, match="本人"):
        domain.score(expert_who(experts[1]), assignment, {"a": 80}, "")
    row = domain.score(who, assignment, {"a": 80, "b": 40}, "业绩扎实")
    assert row.total == Decimal("80.00")  # 80 × 0.6 + 80 × 0.4
    other = Assignment.objects.get(application=apps[0], expert=experts[1])
    domain.score(expert_who(experts[1]), other, {"a": 60}, "")
    summary = domain.aggregate(apps[0])
    assert (summary["scored"], summary["mean"], summary["median"], summary["spread"]) == (
        2, 70.0, 70.0, 20.0)  # an optional item left blank drops out of the weights


def test_scoring_through_the_page_keeps_what_was_typed(chain: Chain) -> None:
    experts, apps = _assigned(chain, 1, 1)
    ScoreSheet.objects.create(plan=chain.plan, categories=SHEET)
    client = expert_client(experts[0])
    r = client.post(f"/experts/mine/{apps[0].pk}/", {"a": "", "b": "30", "comment": "意见"})
    page = r.content.decode()
    assert "须评分" in page and 'value="30"' in page and "意见" in page
    r = client.post(f"/experts/mine/{apps[0].pk}/", {"a": "90", "b": "30", "comment": "好"})
    assert r.status_code == 302


def test_the_term_is_at_most_three_years(chain: Chain) -> None:
    user = factories.make_user()
    expert = Expert(committee=chain.committee, user=user, name=user.name,
                    title_level="senior", specialties=["电子信息"], employer_name="某院",
                    appointed_from=date(2025, 1, 1), appointed_until=date(2028, 1, 1))
    with pytest.raises(Refused, match="不超过3年：自2025-01-01起最晚聘至2027-12-31"):
        domain.save_expert(chain.office.who, expert)
    expert.appointed_until = date(2027, 12, 31)
    assert domain.save_expert(chain.office.who, expert).pk


def test_office_adds_an_expert_and_records_a_conflict(chain: Chain, **_: Any) -> None:
    office = client_for(chain.office)
    user = factories.make_user(name="新专家")
    r = office.post("/experts/", {"mobile": user.mobile, "title_level": "senior",
                                  "specialties": "电子信息、机械工程", "employer_name": "某院",
                                  "appointed_from": "2026-01-01",
                                  "appointed_until": "2028-12-31", "min_load": 0,
                                  "max_load": 20})
    assert r.status_code == 302
    expert = Expert.objects.get(user=user)
    assert expert.specialties == ["电子信息", "机械工程"]
    r = office.post(f"/experts/pool/{expert.pk}/conflicts/", {
        "kind": "employer", "organisation": chain.employer.name})
    assert r.status_code == 302
    assert Conflict.objects.get(expert=expert).organisation == chain.employer


def test_interviews_are_scheduled_and_the_applicant_told(chain: Chain) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from zhicheng.experts.models import DisciplineGroup, Interview
    from zhicheng.notifications.models import Message

    (app,) = in_review(chain)
    group = DisciplineGroup.objects.create(plan=chain.plan, name="电子组",
                                           specialties=["电子信息"])
    office = client_for(chain.office)
    when = timezone.localtime() + timedelta(days=3)
    r = office.post(f"/experts/groups/{group.pk}/interviews/", {
        "application": app.pk, "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
        "place": "评委会办公室一楼"})
    assert r.status_code == 302
    assert Interview.objects.get(application=app).place == "评委会办公室一楼"
    sms = Message.objects.get(recipient=app.applicant, event="interview", channel="sms")
    assert f"{when:%Y年%m月%d日 %H:%M}" in sms.body
    r = office.post(f"/experts/groups/{group.pk}/interviews/", {
        "application": app.pk, "starts_at": "2020-01-01T09:00", "place": "x"})
    assert "答辩时间应晚于现在" in r.content.decode()
    assert client_for(chain.other_office).get(
        f"/experts/groups/{group.pk}/interviews/").status_code == 404


def test_office_pages_render(chain: Chain) -> None:
    make_experts(chain, 2)
    in_review(chain, 2)
    office = client_for(chain.office)
    for url in ("/experts/", f"/experts/plans/{chain.plan.pk}/",
                f"/experts/plans/{chain.plan.pk}/sheet/"):
        assert office.get(url).status_code == 200, url
    r = office.post(f"/experts/plans/{chain.plan.pk}/sheet/", {"lines": "a|业绩|1|x|是"})
    assert "第1行的权重和满分应为数字" in r.content.decode()
    r = office.post(f"/experts/plans/{chain.plan.pk}/sheet/", {"lines": "a|业绩|60|100|是"})
    assert r.status_code == 302 and ScoreSheet.objects.get(plan=chain.plan).categories[0][
        "max"] == 100
    assert client_for(chain.other_office).get(
        f"/experts/plans/{chain.plan.pk}/").status_code == 404
