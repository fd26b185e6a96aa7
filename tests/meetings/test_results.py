"""Results posted for at least five working days; 复查 only within them; certificates only
after; fraud revokes and bars the person for three years."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.reviews.chain import Chain, drive, fresh
from zhicheng.applications import domain as app_domain
from zhicheng.applications.transition import Refused
from zhicheng.applications.workflow import State
from zhicheng.audit.domain import Who
from zhicheng.integrity import domain as integrity
from zhicheng.meetings import domain
from zhicheng.notifications.models import Message
from zhicheng.plans.screening import profile_from_user

pytestmark = pytest.mark.django_db


def _posted(chain: Chain, state: State = State.APPROVED) -> tuple:
    app = drive(chain, chain.app, state)
    today = timezone.localdate()
    posting = domain.post_results(chain.office.who, chain.plan, today, "评委会网站")
    return app, posting


def test_posting_lasts_five_working_days_and_notifies(chain: Chain) -> None:
    app, posting = _posted(chain)
    from zhicheng.workcalendar.service import current

    assert posting.ends_on == current().posting_end(posting.starts_on, 5)
    assert current().workdays_between(posting.starts_on, posting.ends_on) == 5
    assert Message.objects.filter(recipient=app.applicant, event="result").exists()
    with pytest.raises(Refused, match="不能早于今天"):
        domain.post_results(chain.office.who, chain.plan, date(2020, 1, 1), "网站")


def test_reexam_only_within_the_posting_and_by_the_applicant(chain: Chain) -> None:
    app, posting = _posted(chain, State.NOT_APPROVED)
    me = Who(actor=app.applicant)
    with pytest.raises(Refused, match="只有申报人本人"):
        domain.request_reexam(chain.office.who, app, "理由")
    with pytest.raises(Refused, match="公示期内"):
        domain.request_reexam(me, app, "理由", today=posting.proof_from)
    with pytest.raises(Refused, match="复查理由"):
        domain.request_reexam(me, app, "  ", today=posting.ends_on)
    reexam = domain.request_reexam(me, app, "代表作评分有误", today=posting.ends_on)
    with pytest.raises(Refused, match="待处理"):
        domain.request_reexam(me, app, "再次申请", today=posting.ends_on)
    assert domain.certificate_problem(app, posting.proof_from) == "有待处理的复查申请"
    domain.decide_reexam(chain.office.who, reexam, "changed", "经复核，评分计算有误")
    assert fresh(app).status == "approved"
    assert Message.objects.filter(recipient=app.applicant, event="reexam_decided").exists()
    with pytest.raises(Refused, match="已处理"):
        domain.decide_reexam(chain.office.who, reexam, "upheld", "维持")


def test_certificates_wait_for_the_posting_to_end(chain: Chain) -> None:
    app, posting = _posted(chain)
    assert "方可发证" in domain.certificate_problem(app, posting.ends_on)
    assert domain.certificate_problem(app, posting.proof_from) is None


def test_a_pass_voted_after_the_posting_began_waits_for_a_new_posting(chain: Chain) -> None:
    from datetime import timedelta

    from .panel import expert_who, in_review, make_experts, meeting_of

    today = timezone.localdate()
    first = domain.post_results(chain.office.who, chain.plan, today, "评委会网站")
    experts = make_experts(chain, 3)
    (app,) = in_review(chain)
    meeting = meeting_of(chain, experts)
    meeting.held_on = today + timedelta(days=1)
    meeting.save()
    domain.record_attendance(chain.office.who, meeting, {e.pk for e in experts})
    domain.open_voting(chain.office.who, meeting)
    for expert in experts:
        domain.cast(expert_who(expert), meeting, app, "yes")
    domain.close_voting(chain.office.who, meeting)
    assert "须重新公示" in domain.certificate_problem(fresh(app), first.proof_from)
    again = domain.post_results(chain.office.who, chain.plan, meeting.held_on, "评委会网站",
                                today=meeting.held_on)
    assert domain.certificate_problem(fresh(app), again.proof_from) is None


def test_fraud_revokes_and_bars_for_three_years(chain: Chain) -> None:
    app = drive(chain, chain.app, State.ACCEPTED)
    rec = integrity.record_fraud(chain.office.who, app, "伪造项目验收报告",
                                 today=date(2026, 3, 1))
    assert (rec.barred_from, rec.barred_until) == (date(2026, 3, 1), date(2029, 2, 28))
    assert fresh(app).status == "revoked"
    assert integrity.refusal(app.applicant_id, date(2029, 2, 28))
    assert integrity.refusal(app.applicant_id, date(2029, 3, 1)) is None
    profile = profile_from_user(app.applicant)
    assert profile["integrity_records"] == [{"from": "2026-03-01", "until": "2029-02-28"}]
    with pytest.raises(Refused, match="诚信档案"):
        app_domain.check_integrity(app.applicant)
    with pytest.raises(Refused, match="评委会办公室"):
        integrity.record_fraud(chain.other_office.who, app, "伪造")


def test_the_engine_refuses_a_barred_person_where_the_plan_has_the_rule() -> None:
    from zhicheng.eligibility import evaluate, parse_profile
    from zhicheng.eligibility.plan import shipped_plan

    plan = shipped_plan("sx-shangyu-2023-engineer")
    profile = {"schema": "zhicheng.profile/1", "as_of": "2023-09-01",
               "integrity_records": [{"from": "2022-05-01", "until": "2025-04-30"}]}
    verdict = evaluate(plan, parse_profile(profile))
    integrity_row = next(c for c in verdict.criteria if c.id == "integrity")
    assert integrity_row.status == "fail" and verdict.verdict == "ineligible"


def test_no_certificate_before_the_results_posting_ends(chain: Chain) -> None:
    from zhicheng.certificates import domain as certificates

    app, posting = _posted(chain)
    with pytest.raises(Refused, match="暂不能发证：评审结果公示期至"):
        certificates.issue(chain.office.who, app, today=posting.ends_on)
    cert = certificates.issue(chain.office.who, app, today=posting.proof_from)
    assert fresh(app).status == "certified" and cert.application_id == app.pk
