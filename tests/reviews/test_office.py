"""The committee office: acceptance numbers, paper copies, fees, and the gate to the
experts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply
from zhicheng.applications.workflow import State
from zhicheng.audit.models import AuditEntry
from zhicheng.notifications.models import Message
from zhicheng.reviews import numbers, office
from zhicheng.reviews.models import AcceptanceCounter, Fee, FeeStatus, PaperReceipt
from zhicheng.workcalendar.service import current

from .chain import Chain, drive, fresh, make_plan

pytestmark = pytest.mark.django_db

TODAY = date(2023, 9, 27)  # the National Day holiday follows: due dates skip it


def waiting(chain: Chain, app: Application | None = None) -> Application:
    return drive(chain, app or chain.new_app(), State.COMMITTEE_REVIEW)


def accepted(chain: Chain, app: Application | None = None) -> Application:
    return office.accept(chain.office.who, waiting(chain, app), today=TODAY)


# --- numbers (pure) ---------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "message"), [
    ("{year}-{name}-{seq}",
     "受理号格式中的“{name}”不可用，只能使用 {year}、{plan}、{level}、{seq}"),
    ("{}-{seq}", "受理号格式中的“{}”不可用"),
    ("{year}-0001", "受理号格式须包含序号 {seq}，否则受理号会重复"),
    ("{year}-{{seq}}", "受理号格式须包含序号 {seq}"),
    ("{year}-{seq:x}", "序号的格式只能是补零位数，如 {seq:04d}"),
    ("{year}-{seq:>8}", "序号的格式只能是补零位数"),
    ("{year:04d}-{seq}", "{year} 不能带格式说明"),
    ("{plan!r}-{seq}", "{plan} 不能带格式说明"),
    ("{year-{seq}", "受理号格式有误：花括号须成对出现"),
    ("{year}}-{seq}", "受理号格式有误：花括号须成对出现"),
    ("{plan}-{plan}-{seq:05d}", "受理号过长（最多40个字符）"),
])
def test_check_format_refuses(fmt: str, message: str) -> None:
    with pytest.raises(numbers.FormatError) as exc:
        numbers.check_format(fmt)
    assert message in str(exc.value)


@pytest.mark.parametrize(("fmt", "expected"), [
    ("{year}-{seq:04d}", "2023-0007"),
    ("ZC{year}{seq:05d}", "ZC202300007"),
    ("{plan}-{seq}", "jx-eng-7"),
    ("{level}/{year}/{seq:06d}", "engineer/2023/000007"),
    ("{seq:3d}", "  7"),
])
def test_check_format_accepts_and_renders(fmt: str, expected: str) -> None:
    numbers.check_format(fmt)
    assert numbers.render(fmt, year=2023, plan="jx-eng", level="engineer", seq=7) == expected


# --- acceptance -----------------------------------------------------------------------

def test_acceptance_numbers_follow_the_format_in_sequence(chain: Chain) -> None:
    nos = [accepted(chain).acceptance_no for _ in range(3)]
    assert nos == ["2023-0001", "2023-0002", "2023-0003"]
    office.set_format(chain.office.who, chain.plan, "ZC{year}-{level}-{seq:05d}")
    assert accepted(chain).acceptance_no == "ZC2023-engineer-00004"
    entry = AuditEntry.objects.get(action="plan.acceptance_format")
    assert entry.before == {"acceptance_format": "{year}-{seq:04d}"}
    assert AcceptanceCounter.objects.get(plan=chain.plan).last == 4
    assert Message.objects.filter(event="accepted", channel="site",
                                  body__contains="2023-0002").count() == 1


def test_numbers_are_per_plan_and_unique_within_the_committee(chain: Chain) -> None:
    senior = make_plan(chain.committee, level="senior", title="2023年度高级工程师评审")
    a1 = accepted(chain)
    b1 = accepted(chain, chain.new_app(plan=senior))
    a2 = accepted(chain)
    b2 = accepted(chain, chain.new_app(plan=senior))
    numbers_given = [a.acceptance_no for a in (a1, b1, a2, b2)]
    assert len(set(numbers_given)) == 4  # the default format has no {plan}: none repeats
    assert a1.acceptance_no < a2.acceptance_no and b1.acceptance_no < b2.acceptance_no
    # with {level} in the format each plan counts on its own
    office.set_format(chain.office.who, senior, "{year}-{level}-{seq:04d}")
    assert accepted(chain, chain.new_app(plan=senior)).acceptance_no.startswith(
        "2023-senior-")
    # another committee's plan may use the same numbers
    other = make_plan(chain.other_committee)
    app = chain.new_app(plan=other)
    app = drive(chain, app, State.TO_DEPARTMENT)
    app = apply(chain.department_desk.who, app, Step("dept_recommend"))
    assert office.accept(chain.other_office.who, app, today=TODAY).acceptance_no == (
        "2023-0001")


def test_a_number_too_long_for_the_column_is_refused_not_stored(chain: Chain) -> None:
    plan = make_plan(chain.committee, key="jiaxing-information-technology-engineer-2023-x",
                     acceptance_format="{plan}-{seq:04d}")
    app = waiting(chain, chain.new_app(plan=plan))
    with pytest.raises(Refused, match="过长（最多40个字符）"):
        office.accept(chain.office.who, app, today=TODAY)
    assert fresh(app).status == "committee_review"


def test_set_format_refuses_bad_formats_and_other_offices(chain: Chain) -> None:
    with pytest.raises(Refused, match="须包含序号"):
        office.set_format(chain.office.who, chain.plan, "{year}")
    with pytest.raises(Refused, match="只有本评委会办公室可以办理"):
        office.set_format(chain.other_office.who, chain.plan, "{year}-{seq}")
    with pytest.raises(Refused, match="只有本评委会办公室可以办理"):
        office.set_format(chain.unit.who, chain.plan, "{year}-{seq}")
    chain.plan.refresh_from_db()
    assert chain.plan.acceptance_format == "{year}-{seq:04d}"


def test_accept_creates_paper_receipt_and_fee_and_queues_messages(chain: Chain) -> None:
    app = accepted(chain)
    assert app.status == "accepted"
    due = current().add_workdays(TODAY, chain.plan.paper_workdays)
    assert due == date(2023, 10, 10)  # 9/28, then 10/7, 10/8 (make-up days), 10/9, 10/10
    paper = PaperReceipt.objects.get(application=app)
    assert (paper.copies_due, paper.due_on, paper.copies, paper.received_on) == (
        2, due, 0, None)
    fee = Fee.objects.get(application=app)
    assert (fee.amount, fee.status) == (Decimal("300.00"), FeeStatus.UNPAID)
    events = set(Message.objects.filter(recipient=app.applicant).values_list(
        "event", flat=True))
    assert {"accepted", "paper_due", "fee_due"} <= events
    sms = Message.objects.get(recipient=app.applicant, event="paper_due", channel="sms")
    assert "2023年10月10日" in sms.body
    fee_sms = Message.objects.get(recipient=app.applicant, event="fee_due", channel="site")
    assert "300.00" in fee_sms.body


def test_accept_for_a_plan_without_paper_or_fee(chain: Chain) -> None:
    plan = make_plan(chain.committee, paper_copies=0, fee=None)
    app = accepted(chain, chain.new_app(plan=plan))
    assert not PaperReceipt.objects.filter(application=app).exists()
    assert not Fee.objects.filter(application=app).exists()
    assert not Message.objects.filter(event__in=("paper_due", "fee_due")).exists()
    assert office.ready_for_evaluation(app) == []
    assert office.start_evaluation(chain.office.who, app).status == "expert_review"


def test_accept_in_a_year_without_calendar_takes_no_number(chain: Chain) -> None:
    app = waiting(chain)
    with pytest.raises(Refused, match="2031年的法定节假日"):
        office.accept(chain.office.who, app, today=date(2031, 12, 29))
    stored = fresh(app)
    assert stored.status == "committee_review" and stored.acceptance_no is None
    assert not AcceptanceCounter.objects.filter(last__gt=0).exists()
    assert office.accept(chain.office.who, stored, today=TODAY).acceptance_no == "2023-0001"


def test_accept_refuses_other_offices_and_stale_versions(chain: Chain) -> None:
    app = waiting(chain)
    with pytest.raises(Refused, match="您无权"):
        office.accept(chain.other_office.who, app, today=TODAY)
    with pytest.raises(Refused, match="已被他人处理"):
        office.accept(chain.office.who, app, version=app.version - 1, today=TODAY)
    assert fresh(app).acceptance_no is None


def test_record_paper_marks_late_copies(chain: Chain) -> None:
    app = accepted(chain)
    due = PaperReceipt.objects.get(application=app).due_on
    paper = office.record_paper(chain.office.who, app, due, 2, " 快递 ")
    assert (paper.copies, paper.received_on, paper.note, paper.late) == (2, due, "快递", False)
    paper = office.record_paper(chain.office.who, app, due + timedelta(days=1), 2)
    assert paper.late is True and paper.received_by == chain.office.user
    entry = AuditEntry.objects.filter(action="paper.received").last()
    assert entry.after["late"] is True and entry.before["copies"] == 2


def test_record_paper_refusals(chain: Chain) -> None:
    app = accepted(chain)
    with pytest.raises(Refused, match="只有本评委会办公室可以办理"):
        office.record_paper(chain.other_office.who, app, TODAY, 2)
    with pytest.raises(Refused, match="只有本评委会办公室可以办理"):
        office.record_paper(chain.unit.who, app, TODAY, 2)
    with pytest.raises(Refused, match="收到份数至少为1份"):
        office.record_paper(chain.office.who, app, TODAY, 0)
    with pytest.raises(Refused, match="收到日期不能晚于今天"):
        office.record_paper(chain.office.who, app, date.today() + timedelta(days=2), 2)
    no_paper = make_plan(chain.committee, paper_copies=0)
    other = accepted(chain, chain.new_app(plan=no_paper))
    with pytest.raises(Refused, match="无需报送纸质材料"):
        office.record_paper(chain.office.who, other, TODAY, 2)
    assert PaperReceipt.objects.get(application=app).copies == 0


def test_record_payment_marks_paid_and_tells_the_applicant(chain: Chain) -> None:
    app = accepted(chain)
    with pytest.raises(Refused, match="请填写缴费方式"):
        office.record_payment(chain.office.who, app, " ", "T001")
    with pytest.raises(Refused, match="只有本评委会办公室可以办理"):
        office.record_payment(chain.other_office.who, app, "银行转账", "T001")
    assert not Message.objects.filter(event="fee_paid").exists()
    fee = office.record_payment(chain.office.who, app, "银行转账", " T001 ")
    assert (fee.status, fee.method, fee.reference) == ("paid", "银行转账", "T001")
    assert fee.paid_at is not None and fee.recorded_by == chain.office.user
    sent = Message.objects.filter(recipient=app.applicant, event="fee_paid")
    assert set(sent.values_list("channel", flat=True)) == {"site", "sms", "email"}
    assert AuditEntry.objects.get(action="fee.recorded").after["status"] == "paid"
    with pytest.raises(Refused, match="缴费状态只能是"):
        office.record_payment(chain.office.who, app, "现金", "", status="refunded")


def test_start_evaluation_waits_for_paper_and_fee(chain: Chain) -> None:
    app = accepted(chain)
    with pytest.raises(Refused) as exc:
        office.start_evaluation(chain.office.who, app)
    assert str(exc.value) == "纸质材料未交齐（应交2份，已收0份）；评审费300.00元未缴纳"
    office.record_paper(chain.office.who, app, TODAY, 1)
    with pytest.raises(Refused) as exc:
        office.start_evaluation(chain.office.who, app)
    assert "已收1份" in str(exc.value) and "评审费" in str(exc.value)
    office.record_paper(chain.office.who, app, TODAY, 2)
    with pytest.raises(Refused) as exc:
        office.start_evaluation(chain.office.who, app)
    assert str(exc.value) == "评审费300.00元未缴纳"
    office.record_payment(chain.office.who, app, "", "", status=FeeStatus.WAIVED)
    assert Fee.objects.get(application=app).paid_at is None
    assert not Message.objects.filter(event="fee_paid").exists()
    with pytest.raises(Refused, match="您无权"):
        office.start_evaluation(chain.other_office.who, app)
    assert office.start_evaluation(chain.office.who, app).status == "expert_review"


def test_fee_only_plan_in_a_year_without_calendar_is_refused_not_an_error(chain: Chain
                                                                          ) -> None:
    plan = make_plan(chain.committee, paper_copies=0)  # a fee, no paper copies
    app = waiting(chain, chain.new_app(plan=plan))
    with pytest.raises(Refused, match="2031年的法定节假日"):
        office.accept(chain.office.who, app, today=date(2031, 1, 6))
    assert fresh(app).status == "committee_review"
    free = make_plan(chain.committee, paper_copies=0, fee=None)  # nothing due: no dates
    other = waiting(chain, chain.new_app(plan=free))
    assert office.accept(chain.office.who, other, today=date(2031, 1, 6)).status == "accepted"
