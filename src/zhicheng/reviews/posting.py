"""The unit's public posting (公示): start, objections, and the proof that ends it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply
from zhicheng.audit.domain import Who, record
from zhicheng.orgs.models import Role
from zhicheng.workcalendar.service import current as calendar
from zhicheng.workdays import CalendarGap, PostingTooShort
from zhicheng.workdays import chinese_date as _d

from .models import Objection, ObjectionStatus, Posting


def posting_content(app: Application) -> dict[str, Any]:
    """What the posting shows: basic facts and the chosen achievements, no ID number."""
    snap = app.snapshot or {}
    chosen = snap.get("chosen", {})
    return {
        "name": app.applicant.name, "employer": str(app.employer or ""),
        "plan": app.plan.title, "level": app.plan.get_level_display(),
        "specialty": app.specialty,
        "achievements": [a.get("title") or a.get("name") or "" for a in
                         chosen.get("achievements", [])],
        "outputs": [o.get("title", "") for o in chosen.get("outputs", [])],
    }


def post(who: Who, app: Application, starts_on: date, place: str,
         version: int | None = None, today: date | None = None) -> Application:
    today = today or timezone.localdate()

    def guard(current: Application, _today: date) -> None:
        if starts_on < today:
            raise Refused(f"公示开始日期（{_d(starts_on)}）不能早于今天")
        if not place.strip():
            raise Refused("请填写公示方式或地点（如：单位内网公告栏）")
        days = current.plan.posting_workdays
        try:
            proof = calendar().proof_from(starts_on, days)
        except CalendarGap as exc:
            raise Refused(str(exc)) from None
        closes = current.plan.closes("unit")
        if closes and proof > closes:
            raise Refused(f"自{_d(starts_on)}起公示{days}个工作日，最早{_d(proof)}方可出具公示"
                          f"证明，晚于单位推荐截止日{_d(closes)}")

    def effect(current: Application) -> None:
        days = current.plan.posting_workdays
        cal = calendar()
        Posting.objects.update_or_create(application=current, defaults={
            "starts_on": starts_on, "ends_on": cal.posting_end(starts_on, days),
            "proof_from": cal.proof_from(starts_on, days), "place": place.strip(),
            "content": posting_content(current), "posted_by": who.actor,
            "proof_issued_on": None})

    ends = ""
    try:
        ends = _d(calendar().posting_end(starts_on, app.plan.posting_workdays))
    except CalendarGap:
        pass
    return apply(who, app, Step("unit_post", version=version, guard=guard, effect=effect,
                                context={"deadline": ends}),
                 today=today)


def recommend(who: Who, app: Application, version: int | None = None,
              today: date | None = None) -> Application:
    """Issue the proof of posting and send the application on to the department."""
    today = today or timezone.localdate()

    def guard(current: Application, day: date) -> None:
        posting = Posting.objects.filter(application=current).first()
        if posting is None:
            raise Refused("该申报没有公示记录，不能出具公示证明")
        try:
            calendar().check_posting(posting.starts_on, day, current.plan.posting_workdays)
        except (PostingTooShort, CalendarGap) as exc:
            raise Refused(str(exc)) from None
        # only objections to this posting: after a return the unit posts again, and what
        # was raised against the earlier posting stays as history but no longer blocks
        objections = posting.objections.filter(received_on__gte=posting.starts_on)
        open_count = objections.filter(status=ObjectionStatus.OPEN).count()
        if open_count:
            raise Refused(f"公示期间收到的异议尚有{open_count}条未处理，处理完毕前不能推荐报送")
        if objections.filter(status=ObjectionStatus.UPHELD).exists():
            raise Refused("公示异议经核实成立，不能推荐报送；请退回修改或作审核不通过")

    def effect(current: Application) -> None:
        Posting.objects.filter(application=current).update(proof_issued_on=today)

    return apply(who, app, Step("unit_recommend", version=version, guard=guard,
                                effect=effect), today=today)


def _posting_for_unit(who: Who, posting: Posting) -> None:
    org = who.acting_for
    if (org is None or who.role != Role.UNIT_ADMIN
            or posting.application.employer_id != org.pk):
        raise Refused("只有申报人所在单位可以记录和处理公示异议")


def record_objection(who: Who, posting: Posting, received_on: date, raised_by: str,
                     content: str) -> Objection:
    _posting_for_unit(who, posting)
    if not content.strip():
        raise Refused("请填写反映内容")
    if not posting.starts_on <= received_on <= posting.ends_on:
        raise Refused(f"异议须在公示期内（{_d(posting.starts_on)}至{_d(posting.ends_on)}）"
                      "提出，该日期不在公示期内")
    if received_on > timezone.localdate():
        raise Refused("收到日期不能晚于今天")
    if posting.application.status != "posting":
        raise Refused("该申报已不在公示中")
    with transaction.atomic():
        obj = Objection.objects.create(posting=posting, received_on=received_on,
                                       raised_by=raised_by.strip(), content=content.strip(),
                                       recorded_by=who.actor)
        record(who, obj, "posting.objection", after={
            "application": posting.application_id, "received_on": received_on,
            "raised_by": obj.raised_by, "content": obj.content})
    return obj


def resolve_objection(who: Who, objection: Objection, outcome: str,
                      resolution: str) -> Objection:
    _posting_for_unit(who, objection.posting)
    if outcome not in (ObjectionStatus.DISMISSED, ObjectionStatus.UPHELD):
        raise Refused("处理结论只能是“经核实不成立”或“经核实成立”")
    if not resolution.strip():
        raise Refused("请填写核实情况")
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.status != ObjectionStatus.OPEN:
            raise Refused("该异议已由他人处理")
        locked.status = outcome
        locked.resolution = resolution.strip()
        locked.resolved_by = who.actor
        locked.resolved_at = timezone.now()
        locked.save()
        record(who, locked, "posting.objection_resolved",
               before={"status": ObjectionStatus.OPEN},
               after={"status": outcome, "resolution": locked.resolution})
    return locked
