"""The meeting through its pages: the office calls a meeting, records attendance, opens and
closes the ballot; experts vote on a ballot paper that never shows an application they must
recuse from; other committees and non-members find nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.reviews.chain import Chain, client_for, drive
from zhicheng.applications.workflow import State
from zhicheng.audit.models import AuditEntry
from zhicheng.experts.models import Conflict, ConflictKind, DisciplineGroup, Expert
from zhicheng.meetings import domain
from zhicheng.meetings import urls as meeting_urls
from zhicheng.meetings.models import Ballot, Meeting, VoteCast
from zhicheng.orgs.models import Role, RoleGrant

from .panel import expert_who, in_review, make_experts, meeting_of

pytestmark = pytest.mark.django_db


def expert_client(expert: Expert) -> Client:
    client = Client()
    client.force_login(expert.user)
    factories.act_as(client, RoleGrant.objects.get(user=expert.user, role=Role.EXPERT))
    return client


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _url(name: str, *args: Any) -> str:
    return reverse(f"meetings:{name}", args=args)


def test_every_view_states_who_may_use_it() -> None:
    for pattern in meeting_urls.urlpatterns:
        assert hasattr(pattern.callback, "access"), pattern.name


def test_office_creates_a_meeting_with_default_and_chosen_members(chain: Chain) -> None:
    experts = make_experts(chain, 4)
    lapsed = make_experts(chain, 1)[0]
    lapsed.appointed_until = date(2026, 6, 30)
    lapsed.save()
    office = client_for(chain.office)
    page = office.get(_url("list"))
    assert page.status_code == 200 and "召开评审会议" in page.content.decode()

    response = office.post(_url("list"), {"plan": chain.plan.pk, "title": "第一次评审会议",
                                           "held_on": "2026-12-01"})
    meeting = Meeting.objects.get(title="第一次评审会议")
    assert response.status_code == 302 and response["Location"] == _url("detail", meeting.pk)
    # the lapsed expert's appointment does not cover the meeting date
    assert set(meeting.members.all()) == set(experts)
    entry = AuditEntry.objects.get(action="meeting.created", object_id=str(meeting.pk))
    assert entry.after["members"] == sorted(e.pk for e in experts)

    group = DisciplineGroup.objects.create(plan=chain.plan, name="电子组",
                                           specialties=["电子信息"])
    group.experts.set(experts[:3])
    office.post(_url("list"), {"plan": chain.plan.pk, "group": group.pk, "title": "电子组会议",
                               "held_on": "2026-12-01"})
    assert set(Meeting.objects.get(title="电子组会议").members.all()) == set(experts[:3])

    office.post(_url("list"), {"plan": chain.plan.pk, "title": "选定成员",
                               "held_on": "2026-12-01",
                               "members": [experts[0].pk, experts[1].pk]})
    assert set(Meeting.objects.get(title="选定成员").members.all()) == set(experts[:2])

    refused = office.post(_url("list"), {"plan": chain.plan.pk, "title": "聘期外",
                                         "held_on": "2026-12-01", "members": [lapsed.pk]})
    assert refused.status_code == 200 and "不在以下专家的聘期内" in refused.content.decode()
    assert not Meeting.objects.filter(title="聘期外").exists()


def test_the_meeting_from_attendance_to_decisions(chain: Chain) -> None:
    experts = make_experts(chain, 6)
    apps = in_review(chain, 2)
    office = client_for(chain.office)
    office.post(_url("list"), {"plan": chain.plan.pk, "title": "评审会议",
                               "held_on": "2026-12-01"})
    meeting = Meeting.objects.get()

    office.post(_url("attendance", meeting.pk), {"attendance": [e.pk for e in experts[:3]]})
    page = office.get(_url("detail", meeting.pk)).content.decode()
    assert "出席 3 / 成员 6，至少需 4 人" in page

    refused = office.post(_url("open", meeting.pk), follow=True)
    assert "出席评委3人，不足评委会6人的三分之二（至少4人），不能表决" in messages_of(refused)
    assert Meeting.objects.get().status == "planned"

    office.post(_url("attendance", meeting.pk), {"attendance": [e.pk for e in experts[:5]]})
    opened = office.post(_url("open", meeting.pk), follow=True)
    assert Meeting.objects.get().status == "voting"
    assert "出席 5 / 成员 6，至少需 4 人" in opened.content.decode()

    voter = expert_client(experts[0])
    paper = voter.get(_url("vote", meeting.pk)).content.decode()
    assert all(a.applicant.name in paper for a in apps)
    cast_url = _url("cast", meeting.pk, apps[0].pk)
    done = voter.post(cast_url, {"choice": "yes"}, follow=True)
    assert any("已提交" in m for m in messages_of(done))
    assert "已投票" in done.content.decode()
    again = voter.post(cast_url, {"choice": "no"}, follow=True)
    assert "您已对该申报投过票，每人只能投一票" in messages_of(again)
    assert Ballot.objects.filter(application=apps[0]).count() == 1

    watching = office.get(_url("detail", meeting.pk)).content.decode()
    assert "1 / 5" in watching and "0 / 5" in watching  # how many, never how

    for expert in experts[1:4]:
        expert_client(expert).post(_url("cast", meeting.pk, apps[0].pk), {"choice": "yes"})
        expert_client(expert).post(_url("cast", meeting.pk, apps[1].pk), {"choice": "no"})
    absent = expert_client(experts[5]).post(_url("cast", meeting.pk, apps[1].pk),
                                            {"choice": "yes"}, follow=True)
    assert "您未登记出席本次会议，不能投票" in messages_of(absent)

    closed = office.post(_url("close", meeting.pk), follow=True)
    assert Meeting.objects.get().status == "closed"
    assert any("通过1件，未通过1件" in m for m in messages_of(closed))
    html = closed.content.decode()
    assert "表决结果" in html and "badge-pass" in html and "badge-fail" in html
    assert meeting.decisions.get(application=apps[0]).ballots_sha256 in html
    recount = office.get(_url("detail", meeting.pk), {"recount": "1"}).content.decode()
    assert "全部与记录的结果一致" in recount

    late = voter.post(_url("cast", meeting.pk, apps[1].pk), {"choice": "yes"}, follow=True)
    assert "表决已结束，不接受迟到的投票" in messages_of(late)


def test_another_committees_office_finds_nothing(chain: Chain) -> None:
    experts = make_experts(chain, 3)
    meeting = meeting_of(chain, experts)
    Meeting.objects.filter(pk=meeting.pk).update(title="本会第七次会议")
    meeting.refresh_from_db()
    other = client_for(chain.other_office)
    assert other.get(_url("detail", meeting.pk)).status_code == 404
    assert other.post(_url("attendance", meeting.pk),
                      {"attendance": [e.pk for e in experts]}).status_code == 404
    assert other.post(_url("open", meeting.pk)).status_code == 404
    assert other.post(_url("close", meeting.pk)).status_code == 404
    assert other.get(_url("results", chain.plan.pk)).status_code == 404
    assert meeting.title not in other.get(_url("list")).content.decode()
    # nor may it call a meeting on this committee's plan
    other.post(_url("list"), {"plan": chain.plan.pk, "title": "越权会议",
                              "held_on": "2026-12-01"})
    assert not Meeting.objects.filter(title="越权会议").exists()
    assert not meeting.attendance.exists()


def test_conflicted_application_never_reaches_the_ballot_paper(chain: Chain) -> None:
    experts = make_experts(chain, 4)
    hidden = chain.new_app(name="回避对象乙")
    shown = chain.new_app(name="可见对象丙")

    hidden, shown = (drive(chain, a, State.EXPERT_REVIEW) for a in (hidden, shown))
    Conflict.objects.create(expert=experts[0], person=hidden.applicant,
                            kind=ConflictKind.RELATIVE, declared_by=experts[0].user)
    meeting = meeting_of(chain, experts)
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts})
    domain.open_voting(chain.office.who, meeting)

    client = expert_client(experts[0])
    html = client.get(_url("vote", meeting.pk)).content.decode()
    assert "可见对象丙" in html and _url("cast", meeting.pk, shown.pk) in html
    assert "回避对象乙" not in html
    assert _url("cast", meeting.pk, hidden.pk) not in html
    assert client.post(_url("cast", meeting.pk, hidden.pk), {"choice": "yes"}).status_code \
        == 404
    assert not VoteCast.objects.filter(application=hidden).exists()
    # the office sees who takes part: the recused expert is not counted for that one
    watching = client_for(chain.office).get(_url("detail", meeting.pk)).content.decode()
    assert domain.voters_for(meeting, hidden).count() == 3
    assert "<td>3 人</td><td>0 / 3</td>" in watching
    assert "<td>4 人</td><td>0 / 4</td>" in watching
    # another member sees and votes on both
    other = expert_client(experts[1]).get(_url("vote", meeting.pk)).content.decode()
    assert "回避对象乙" in other and "可见对象丙" in other


def test_non_member_and_other_committee_expert_get_404(chain: Chain) -> None:
    experts = make_experts(chain, 4)
    (app,) = in_review(chain)
    meeting = meeting_of(chain, experts[:3])
    Meeting.objects.filter(pk=meeting.pk).update(title="本会第八次会议")
    meeting.refresh_from_db()
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts[:3]})
    domain.open_voting(chain.office.who, meeting)
    outsider = expert_client(experts[3])
    assert outsider.get(_url("vote", meeting.pk)).status_code == 404
    assert outsider.post(_url("cast", meeting.pk, app.pk), {"choice": "yes"}).status_code \
        == 404
    assert meeting.title not in outsider.get(_url("mine")).content.decode()
    member = expert_client(experts[0])
    assert meeting.title in member.get(_url("mine")).content.decode()

    # a member acting as an expert of another committee
    factories.grant(experts[0].user, Role.EXPERT, chain.other_committee)
    elsewhere = Client()
    elsewhere.force_login(experts[0].user)
    factories.act_as(elsewhere, RoleGrant.objects.get(user=experts[0].user, role=Role.EXPERT,
                                                      organisation=chain.other_committee))
    assert elsewhere.get(_url("vote", meeting.pk)).status_code == 404
    # and the office may not vote at all
    assert client_for(chain.office).get(_url("vote", meeting.pk)).status_code == 403
    assert not VoteCast.objects.exists()


def _detail_queries(client: Client, meeting: Meeting) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(_url("detail", meeting.pk)).status_code == 200
    return len(ctx.captured_queries)


def test_detail_queries_do_not_grow_with_the_agenda(chain: Chain) -> None:
    experts = make_experts(chain, 6)
    office = client_for(chain.office)
    first = in_review(chain, 2)
    Conflict.objects.create(expert=experts[0], person=first[0].applicant,
                            kind=ConflictKind.RELATIVE, declared_by=experts[0].user)
    meeting = meeting_of(chain, experts)
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts[:5]})
    domain.open_voting(chain.office.who, meeting)
    domain.cast(expert_who(experts[1]), meeting, first[1], "yes")
    _detail_queries(office, meeting)  # the first page fills the cached look-ups
    two = _detail_queries(office, meeting)
    more = in_review(chain, 3)
    domain.cast(expert_who(experts[1]), meeting, more[0], "no")
    assert _detail_queries(office, meeting) == two

    # closed: the decisions table, for 5 decisions, costs what it costs for 2
    small = meeting_of(chain, experts)
    domain.close_voting(chain.office.who, meeting)  # decides all five
    in_review(chain, 2)
    domain.record_attendance(chain.office.who, small, {e.pk for e in experts})
    domain.open_voting(chain.office.who, small)
    domain.close_voting(chain.office.who, small)
    assert small.decisions.count() == 2 and meeting.decisions.count() == 5
    assert _detail_queries(office, small) == _detail_queries(office, meeting)
