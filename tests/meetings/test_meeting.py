"""The meeting at its boundaries: quorum, who may vote, once, in time; a tally that can be
recounted from the stored ballots; decisions moving applications."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.reviews.chain import Chain, fresh
from zhicheng.applications.transition import Refused
from zhicheng.audit.models import AuditEntry
from zhicheng.experts.models import Conflict, ConflictKind
from zhicheng.meetings import domain
from zhicheng.meetings.models import Ballot, Decision, VoteCast

from .panel import expert_who, in_review, make_experts, meeting_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("present", "opens"), [(10, True), (9, False)])
def test_fifteen_members_need_ten_present(chain: Chain, present: int, opens: bool) -> None:
    experts = make_experts(chain, 15)
    meeting = meeting_of(chain, experts)
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts[:present]})
    if opens:
        assert domain.open_voting(chain.office.who, meeting).status == "voting"
    else:
        with pytest.raises(Refused, match="出席评委9人，不足评委会15人的三分之二（至少10人）"):
            domain.open_voting(chain.office.who, meeting)


@pytest.mark.parametrize(("yes", "passed"), [(7, True), (6, False)])
def test_ten_present_seven_yes_pass_six_do_not(chain: Chain, yes: int, passed: bool) -> None:
    experts = make_experts(chain, 12)
    (app,) = in_review(chain)
    meeting = meeting_of(chain, experts)
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts[:10]})
    domain.open_voting(chain.office.who, meeting)
    for i, expert in enumerate(experts[:10]):
        domain.cast(expert_who(expert), meeting, app, "yes" if i < yes else "no")
    (decision,) = domain.close_voting(chain.office.who, meeting)
    assert (decision.present, decision.yes, decision.passed) == (10, yes, passed)
    assert fresh(app).status == ("approved" if passed else "not_approved")
    assert domain.recount(decision)


def _voting(chain: Chain, n: int = 6, present: int = 5) -> tuple:
    experts = make_experts(chain, n)
    (app,) = in_review(chain)
    meeting = meeting_of(chain, experts)
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts[:present]})
    domain.open_voting(chain.office.who, meeting)
    return experts, app, meeting


def test_absent_expert_second_ballot_and_proxy_are_refused(chain: Chain) -> None:
    experts, app, meeting = _voting(chain)
    with pytest.raises(Refused, match="未登记出席"):
        domain.cast(expert_who(experts[5]), meeting, app, "yes")
    domain.cast(expert_who(experts[0]), meeting, app, "yes")
    with pytest.raises(Refused, match="每人只能投一票"):
        domain.cast(expert_who(experts[0]), meeting, app, "no")
    with pytest.raises(Refused, match="不得委托他人"):  # the office voting for an expert
        domain.cast(chain.office.who, meeting, app, "yes")
    assert Ballot.objects.filter(application=app).count() == 1
    assert VoteCast.objects.filter(application=app).count() == 1


def test_conflicted_expert_cannot_vote_and_is_not_counted(chain: Chain) -> None:
    experts, app, meeting = _voting(chain)
    Conflict.objects.create(expert=experts[0], person=app.applicant,
                            kind=ConflictKind.RELATIVE, declared_by=experts[0].user)
    with pytest.raises(Refused, match="回避"):
        domain.cast(expert_who(experts[0]), meeting, app, "yes")
    for expert in experts[1:4]:
        domain.cast(expert_who(expert), meeting, app, "yes")
    (decision,) = domain.close_voting(chain.office.who, meeting)
    # 4 take part (5 present, 1 recused): 3 yes of 4 passes (3*3 >= 2*4)
    assert (decision.present, decision.yes, decision.passed) == (4, 3, True)


def test_no_vote_before_opening_or_after_closing(chain: Chain) -> None:
    experts = make_experts(chain, 3)
    (app,) = in_review(chain)
    meeting = meeting_of(chain, experts)
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts})
    with pytest.raises(Refused, match="表决未开始"):
        domain.cast(expert_who(experts[0]), meeting, app, "yes")
    domain.open_voting(chain.office.who, meeting)
    domain.close_voting(chain.office.who, meeting)
    with pytest.raises(Refused, match="迟到"):
        domain.cast(expert_who(experts[1]), meeting, app, "yes")
    with pytest.raises(Refused, match="不能再修改出席"):
        domain.record_attendance(chain.office.who, meeting, set())


def test_the_ballot_is_secret_and_the_tally_reproducible(chain: Chain) -> None:
    experts, app, meeting = _voting(chain, 3, 3)
    for expert, choice in zip(experts, ["yes", "no", "yes"], strict=True):
        domain.cast(expert_who(expert), meeting, app, choice)
    columns = {c.name for c in connection.introspection.get_table_description(
        connection.cursor(), Ballot._meta.db_table)}
    assert columns == {"id", "meeting_id", "application_id", "choice"}
    assert not any("choice" in str(e.after) for e in AuditEntry.objects.filter(
        action="meeting.vote_cast"))
    (decision,) = domain.close_voting(chain.office.who, meeting)
    assert decision.passed and domain.recount(decision)
    Ballot.objects.filter(application=app, choice="yes").first().delete()
    assert not domain.recount(Decision.objects.get(pk=decision.pk))


def test_only_the_committees_office_runs_the_meeting(chain: Chain) -> None:
    experts = make_experts(chain, 3)
    meeting = meeting_of(chain, experts)
    with pytest.raises(Refused, match="评委会办公室"):
        domain.record_attendance(chain.other_office.who, meeting, {experts[0].pk})
