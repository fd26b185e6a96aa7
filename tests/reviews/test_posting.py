"""The unit's public posting: its dates on the working-day calendar, objections, and the
proof of posting that sends the application on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply
from zhicheng.applications.workflow import State
from zhicheng.audit.domain import SYSTEM, Who
from zhicheng.audit.models import AuditEntry
from zhicheng.notifications.models import Message
from zhicheng.reviews import posting
from zhicheng.reviews.models import Objection, ObjectionStatus, Posting, StateChange
from zhicheng.workcalendar.service import cover_year

from .chain import CONTEXT, Chain, drive, fresh

pytestmark = pytest.mark.django_db

NATIONAL_DAY = date(2023, 9, 27)  # Wed; 9/29–10/6 off, 10/7 and 10/8 make-up working days
PLACE = "单位内部公告栏及内网"


def passed(chain: Chain, app: Application | None = None) -> Application:
    return drive(chain, app or chain.app, State.UNIT_PASSED, today=NATIONAL_DAY)


def posted(chain: Chain, start: date = NATIONAL_DAY, app: Application | None = None
           ) -> Application:
    return posting.post(chain.unit.who, passed(chain, app), start, PLACE, today=start)


def test_post_counts_working_days_across_the_national_day(chain: Chain) -> None:
    app = posted(chain)
    assert app.status == "posting"
    p = Posting.objects.get(application=app)
    assert (p.starts_on, p.ends_on, p.proof_from) == (
        NATIONAL_DAY, date(2023, 10, 9), date(2023, 10, 10))
    assert p.place == PLACE and p.posted_by == chain.unit.user and p.proof_issued_on is None
    assert p.content["name"] == "申报人甲" and p.content["plan"] == chain.plan.title
    assert chain.applicant.id_number not in str(p.content)
    sms = Message.objects.get(recipient=chain.applicant, event="posting_started",
                              channel="sms")
    assert "公示截止2023年10月9日" in sms.body


def test_post_counts_working_days_across_the_spring_festival(chain: Chain) -> None:
    app = posted(chain, date(2024, 2, 8))
    p = Posting.objects.get(application=app)
    assert (p.ends_on, p.proof_from) == (date(2024, 2, 20), date(2024, 2, 21))


def test_post_uses_the_plans_posting_period(chain: Chain) -> None:
    chain.plan.posting_workdays = 7
    chain.plan.save()
    p = Posting.objects.get(application=posted(chain))
    assert (p.ends_on, p.proof_from) == (date(2023, 10, 11), date(2023, 10, 12))


def test_post_refuses_a_start_before_today_and_a_blank_place(chain: Chain) -> None:
    app = passed(chain)
    with pytest.raises(Refused) as exc:
        posting.post(chain.unit.who, app, date(2023, 9, 26), PLACE, today=NATIONAL_DAY)
    assert str(exc.value) == "公示开始日期（2023年9月26日）不能早于今天"
    with pytest.raises(Refused, match="请填写公示方式或地点"):
        posting.post(chain.unit.who, app, NATIONAL_DAY, "  ", today=NATIONAL_DAY)
    assert fresh(app).status == "unit_passed" and not Posting.objects.exists()
    # a later start is fine
    posting.post(chain.unit.who, app, NATIONAL_DAY + timedelta(days=1), PLACE,
                 today=NATIONAL_DAY)


def test_post_refuses_when_the_proof_would_come_after_the_unit_deadline(chain: Chain) -> None:
    chain.plan.unit_closes = date(2023, 10, 9)
    chain.plan.save()
    app = passed(chain)
    with pytest.raises(Refused) as exc:
        posting.post(chain.unit.who, app, NATIONAL_DAY, PLACE, today=NATIONAL_DAY)
    msg = str(exc.value)
    assert "最早2023年10月10日方可出具公示证明" in msg
    assert "晚于单位推荐截止日2023年10月9日" in msg
    assert not Posting.objects.exists() and fresh(app).status == "unit_passed"
    chain.plan.unit_closes = date(2023, 10, 10)
    chain.plan.save()
    assert posting.post(chain.unit.who, fresh(app), NATIONAL_DAY, PLACE,
                        today=NATIONAL_DAY).status == "posting"


def test_post_refuses_a_year_without_calendar_data_until_it_is_entered(chain: Chain) -> None:
    app = passed(chain)
    start = date(2031, 3, 3)  # a Monday, in a year chinese_calendar has no data for
    with pytest.raises(Refused, match="2031年的法定节假日和调休安排尚未录入"):
        posting.post(chain.unit.who, app, start, PLACE, today=start)
    cover_year(SYSTEM, 2031, "测试：按周一至周五")
    done = posting.post(chain.unit.who, fresh(app), start, PLACE, today=start)
    assert done.posting.ends_on == date(2031, 3, 7)


def test_only_the_applicants_unit_may_post(chain: Chain) -> None:
    app = passed(chain)
    with pytest.raises(Refused, match="您无权"):
        posting.post(chain.other_unit.who, app, NATIONAL_DAY, PLACE, today=NATIONAL_DAY)


def test_recommend_on_the_last_day_refused_the_next_day_allowed(chain: Chain) -> None:
    app = posted(chain)
    with pytest.raises(Refused) as exc:
        posting.recommend(chain.unit.who, app, today=date(2023, 10, 9))
    assert str(exc.value) == "公示期未满5个工作日，最早可于2023年10月10日出具公示证明"
    with pytest.raises(Refused, match="最早可于2023年10月10日"):
        posting.recommend(chain.unit.who, app, today=date(2023, 9, 30))
    assert fresh(app).status == "posting"
    done = posting.recommend(chain.unit.who, app, version=fresh(app).version,
                             today=date(2023, 10, 10))
    assert done.status == "to_department"
    assert Posting.objects.get(application=app).proof_issued_on == date(2023, 10, 10)
    assert Message.objects.filter(recipient=chain.applicant, event="recommended").exists()


def test_recommend_without_a_posting_is_refused(chain: Chain) -> None:
    app = apply(chain.unit.who, passed(chain), Step("unit_post", context=CONTEXT["unit_post"]))
    with pytest.raises(Refused, match="没有公示记录"):
        posting.recommend(chain.unit.who, app, today=date(2023, 10, 10))


def test_objection_must_fall_in_the_posting_period(chain: Chain) -> None:
    p = posted(chain).posting
    for day in (date(2023, 9, 26), date(2023, 10, 10)):
        with pytest.raises(Refused) as exc:
            posting.record_objection(chain.unit.who, p, day, "", "业绩造假")
        assert "异议须在公示期内（2023年9月27日至2023年10月9日）提出" in str(exc.value)
    with pytest.raises(Refused, match="请填写反映内容"):
        posting.record_objection(chain.unit.who, p, date(2023, 10, 9), "", " ")
    with pytest.raises(Refused, match="只有申报人所在单位"):
        posting.record_objection(chain.other_unit.who, p, date(2023, 10, 9), "", "业绩造假")
    with pytest.raises(Refused, match="只有申报人所在单位"):
        posting.record_objection(chain.office.who, p, date(2023, 10, 9), "", "业绩造假")
    assert not Objection.objects.exists()
    assert posting.record_objection(chain.unit.who, p, date(2023, 10, 9), "张三",
                                    "业绩造假").status == ObjectionStatus.OPEN


def test_objection_cannot_be_dated_after_today(chain: Chain) -> None:
    today = timezone.localdate()
    for year in (today.year, today.year + 1):  # whatever today is, its year has a calendar
        cover_year(SYSTEM, year)
    app = passed(chain)
    start = today + timedelta(days=1)
    app = posting.post(chain.unit.who, app, start, PLACE, today=today)
    with pytest.raises(Refused, match="收到日期不能晚于今天"):
        posting.record_objection(chain.unit.who, app.posting, start, "", "业绩造假")


def test_an_open_objection_blocks_the_recommendation_until_dismissed(chain: Chain) -> None:
    app = posted(chain)
    first = posting.record_objection(chain.unit.who, app.posting, date(2023, 10, 8),
                                     "匿名", "论文非本人撰写")
    posting.record_objection(chain.unit.who, app.posting, date(2023, 10, 9), "", "重复反映")
    assert AuditEntry.objects.filter(action="posting.objection").count() == 2
    entry = AuditEntry.objects.filter(action="posting.objection").first()
    assert entry.object_id == str(first.pk) and entry.after["content"] == "论文非本人撰写"
    with pytest.raises(Refused) as exc:
        posting.recommend(chain.unit.who, app, today=date(2023, 10, 10))
    assert "异议" in str(exc.value) and "2条未处理" in str(exc.value)
    for objection in Objection.objects.all():
        posting.resolve_objection(chain.unit.who, objection, ObjectionStatus.DISMISSED,
                                  "经核实，论文为本人独立撰写")
    resolved = AuditEntry.objects.filter(action="posting.objection_resolved")
    assert resolved.count() == 2
    assert resolved.first().after == {"status": "dismissed",
                                      "resolution": "经核实，论文为本人独立撰写"}
    first.refresh_from_db()
    assert first.resolved_by == chain.unit.user and first.resolved_at is not None
    assert posting.recommend(chain.unit.who, app, today=date(2023, 10, 10)).status == (
        "to_department")
    # once it has gone on, no more objections are taken on this posting
    with pytest.raises(Refused, match="已不在公示中"):
        posting.record_objection(chain.unit.who, fresh(app).posting, date(2023, 10, 9), "",
                                 "晚到的反映")


def test_an_upheld_objection_blocks_the_recommendation(chain: Chain) -> None:
    app = posted(chain)
    objection = posting.record_objection(chain.unit.who, app.posting, date(2023, 10, 8), "",
                                         "业绩证明系伪造")
    posting.resolve_objection(chain.unit.who, objection, ObjectionStatus.UPHELD,
                              "经核实，业绩证明不实")
    with pytest.raises(Refused) as exc:
        posting.recommend(chain.unit.who, app, today=date(2023, 10, 10))
    assert str(exc.value) == "公示异议经核实成立，不能推荐报送；请退回修改或作审核不通过"
    assert fresh(app).status == "posting"
    # the unit rejects instead
    assert apply(chain.unit.who, app, Step("unit_reject", reason="业绩证明不实"),
                 today=date(2023, 10, 10)).status == "rejected"


def test_resolving_twice_or_wrongly_is_refused(chain: Chain) -> None:
    app = posted(chain)
    objection = posting.record_objection(chain.unit.who, app.posting, date(2023, 10, 8), "",
                                         "业绩证明系伪造")
    with pytest.raises(Refused, match="处理结论只能是"):
        posting.resolve_objection(chain.unit.who, objection, "open", "看过了")
    with pytest.raises(Refused, match="请填写核实情况"):
        posting.resolve_objection(chain.unit.who, objection, ObjectionStatus.DISMISSED, " ")
    with pytest.raises(Refused, match="只有申报人所在单位"):
        posting.resolve_objection(chain.other_unit.who, objection, ObjectionStatus.DISMISSED,
                                  "不成立")
    posting.resolve_objection(chain.unit.who, objection, ObjectionStatus.DISMISSED, "不成立")
    with pytest.raises(Refused, match="该异议已由他人处理"):
        posting.resolve_objection(chain.unit.who, objection, ObjectionStatus.UPHELD, "成立")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED
    assert AuditEntry.objects.filter(action="posting.objection_resolved").count() == 1


def test_posting_again_after_a_return_replaces_the_posting(chain: Chain) -> None:
    app = posted(chain)
    app = apply(chain.unit.who, app, Step("unit_return", reason="补材料"),
                today=NATIONAL_DAY)
    app = apply(Who(actor=chain.applicant), app, Step("submit"), today=NATIONAL_DAY)
    app = apply(chain.unit.who, app, Step("unit_pass"), today=NATIONAL_DAY)
    start = date(2023, 10, 16)
    app = posting.post(chain.unit.who, app, start, PLACE, today=start)
    assert Posting.objects.filter(application=app).count() == 1
    assert fresh(app).posting.starts_on == start
    assert StateChange.objects.filter(application=app, action="unit_post").count() == 2


def test_after_an_upheld_objection_and_a_return_the_new_posting_can_end(chain: Chain) -> None:
    """The objection belongs to the first posting: once the applicant has put things right
    and the unit posts again, only objections to the new posting count."""
    app = posted(chain)
    objection = posting.record_objection(chain.unit.who, app.posting, date(2023, 10, 8), "",
                                         "业绩证明缺少盖章")
    posting.resolve_objection(chain.unit.who, objection, ObjectionStatus.UPHELD, "属实")
    app = apply(chain.unit.who, app, Step("unit_return", reason="补盖章"),
                today=date(2023, 10, 10))
    app = apply(Who(actor=chain.applicant), app, Step("submit"), today=date(2023, 10, 11))
    app = apply(chain.unit.who, app, Step("unit_pass"), today=date(2023, 10, 11))
    start = date(2023, 10, 16)
    app = posting.post(chain.unit.who, app, start, PLACE, today=start)
    assert fresh(app).posting.objections.get() == objection  # the history is kept
    with pytest.raises(Refused, match="最早可于2023年10月21日"):  # Mon 10/16 – Fri 10/20
        posting.recommend(chain.unit.who, app, today=date(2023, 10, 20))
    done = posting.recommend(chain.unit.who, app, today=date(2023, 10, 21))
    assert done.status == "to_department"
    # an objection to the new posting counts again
    other = posted(chain, app=chain.new_app())
    late = posting.record_objection(chain.unit.who, other.posting, date(2023, 10, 9), "", "x")
    with pytest.raises(Refused, match="1条未处理"):
        posting.recommend(chain.unit.who, other, today=date(2023, 10, 10))
    assert late.status == ObjectionStatus.OPEN
