"""The committee office's desk: acceptance numbers, paper copies, fees."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply, require_office
from zhicheng.audit.domain import Who, record
from zhicheng.notifications.domain import notify
from zhicheng.plans.models import Plan
from zhicheng.workcalendar.service import current as calendar
from zhicheng.workdays import CalendarGap
from zhicheng.workdays import chinese_date as _d

from . import numbers, payments
from .models import AcceptanceCounter, Fee, FeeStatus, PaperReceipt


def next_acceptance_no(plan: Plan) -> str:
    """Take the plan's next number; the counter row is locked until the transaction ends.

    Numbers are unique per committee but counted per plan: where two plans of a committee
    share a format without {plan} or {level} (the default), a number the other plan already
    gave is passed over instead of failing on the unique constraint."""
    try:
        numbers.check_format(plan.acceptance_format)
    except numbers.FormatError as exc:
        raise Refused(str(exc)) from None
    counter, _ = AcceptanceCounter.objects.get_or_create(plan=plan)
    counter = AcceptanceCounter.objects.select_for_update().get(pk=counter.pk)
    taken = Application.objects.filter(committee_id=plan.committee_id)
    while True:
        counter.last += 1
        number = numbers.render(plan.acceptance_format, year=plan.year, plan=plan.key,
                                level=plan.level, seq=counter.last)
        if len(number) > 40:  # the column's length; a long plan key can pass check_format
            raise Refused(f"受理号“{number}”过长（最多40个字符），请修改受理号格式")
        if not taken.filter(acceptance_no=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


def set_format(who: Who, plan: Plan, fmt: str) -> Plan:
    _office_of(who, plan.committee_id)
    try:
        numbers.check_format(fmt)
    except numbers.FormatError as exc:
        raise Refused(str(exc)) from None
    with transaction.atomic():
        before = {"acceptance_format": plan.acceptance_format}
        plan.acceptance_format = fmt
        plan.save(update_fields=["acceptance_format"])
        record(who, plan, "plan.acceptance_format", before=before, after={
            "acceptance_format": fmt})
    return plan


def accept(who: Who, app: Application, version: int | None = None,
           today: date | None = None) -> Application:
    today = today or timezone.localdate()

    def guard(current: Application, day: date) -> None:
        if current.plan.paper_copies or current.plan.fee:  # both deadlines are counted
            try:
                calendar().add_workdays(day, current.plan.paper_workdays)
            except CalendarGap as exc:
                raise Refused(str(exc)) from None

    def effect(current: Application) -> None:
        plan = current.plan
        current.acceptance_no = next_acceptance_no(plan)
        context = {"plan": plan.title, "acceptance_no": current.acceptance_no,
                   "url": current.get_absolute_url()}
        if not (plan.paper_copies or plan.fee):
            return  # nothing is due, and no working days need counting
        due = calendar().add_workdays(today, plan.paper_workdays)
        if plan.paper_copies:
            PaperReceipt.objects.update_or_create(application=current, defaults={
                "copies_due": plan.paper_copies, "due_on": due})
            notify(current.applicant, "paper_due", context | {
                "copies": plan.paper_copies, "deadline": _d(due)},
                obj=current, dedupe=f"app{current.pk}:paper")
        if plan.fee:
            fee, _ = Fee.objects.get_or_create(application=current,
                                               defaults={"amount": plan.fee})
            notify(current.applicant, "fee_due", context | {
                "amount": f"{fee.amount:.2f}", "deadline": _d(due),
                "how": payments.backend().instructions(fee).text},
                obj=current, dedupe=f"app{current.pk}:fee")

    return apply(who, app, Step("office_accept", version=version, guard=guard,
                                effect=effect), today=today)


def _office_of(who: Who, committee_id: int) -> None:
    require_office(who, committee_id)


def record_paper(who: Who, app: Application, received_on: date, copies: int,
                 note: str = "") -> PaperReceipt:
    _office_of(who, app.committee_id)
    with transaction.atomic():
        paper = PaperReceipt.objects.select_for_update().filter(application=app).first()
        if paper is None:
            raise Refused("该申报无需报送纸质材料，或尚未受理")
        if received_on > timezone.localdate():
            raise Refused("收到日期不能晚于今天")
        if copies < 1:
            raise Refused("收到份数至少为1份")
        before = {"received_on": paper.received_on, "copies": paper.copies}
        paper.received_on, paper.copies, paper.note = received_on, copies, note.strip()
        paper.received_by = who.actor
        paper.save()
        record(who, paper, "paper.received", before=before, after={
            "received_on": received_on, "copies": copies, "due_on": paper.due_on,
            "late": paper.late, "note": paper.note})
    return paper


def record_payment(who: Who, app: Application, method: str, reference: str,
                   paid_at: datetime | None = None, status: str = FeeStatus.PAID) -> Fee:
    _office_of(who, app.committee_id)
    if status not in (FeeStatus.PAID, FeeStatus.WAIVED, FeeStatus.UNPAID):
        raise Refused("缴费状态只能是已缴费、免缴或未缴费")
    with transaction.atomic():
        fee = Fee.objects.select_for_update().filter(application=app).first()
        if fee is None:
            raise Refused("该申报没有应缴评审费，或尚未受理")
        if status == FeeStatus.PAID:
            if not method.strip():
                raise Refused("请填写缴费方式")
            if not payments.backend().confirm(fee, reference.strip()):
                raise Refused("支付渠道未确认该笔缴费，请核对缴费凭证号")
        before = {"status": fee.status, "reference": fee.reference}
        fee.status, fee.method, fee.reference = status, method.strip(), reference.strip()
        fee.paid_at = (paid_at or timezone.now()) if status == FeeStatus.PAID else None
        fee.recorded_by = who.actor
        fee.save()
        record(who, fee, "fee.recorded", before=before, after={
            "status": status, "amount": str(fee.amount), "method": fee.method,
            "reference": fee.reference})
        if status == FeeStatus.PAID:
            notify(app.applicant, "fee_paid", {"plan": app.plan.title,
                                               "amount": f"{fee.amount:.2f}",
                                               "url": app.get_absolute_url()},
                   obj=app, dedupe=f"app{app.pk}:feepaid:{fee.reference}")
    return fee


def ready_for_evaluation(app: Application) -> list[str]:
    """What still stops an accepted application from going to the experts."""
    out = []
    paper = PaperReceipt.objects.filter(application=app).first()
    if paper and paper.copies < paper.copies_due:
        out.append(f"纸质材料未交齐（应交{paper.copies_due}份，已收{paper.copies}份）")
    fee = Fee.objects.filter(application=app).first()
    if fee and fee.status == FeeStatus.UNPAID:
        out.append(f"评审费{fee.amount:.2f}元未缴纳")
    return out


def start_evaluation(who: Who, app: Application, version: int | None = None) -> Application:
    def guard(current: Application, day: date) -> None:
        problems = ready_for_evaluation(current)
        if problems:
            raise Refused("；".join(problems))

    return apply(who, app, Step("start_evaluation", version=version, guard=guard))

