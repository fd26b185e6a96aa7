"""The expert pool, declared conflicts, scores and interviews; every change audited."""

from __future__ import annotations

import statistics
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, require_office
from zhicheng.audit.domain import Who, record
from zhicheng.notifications.domain import notify

from .access import is_conflicted
from .models import Assignment, Conflict, DisciplineGroup, Expert, Interview, Score, ScoreSheet


def _office(who: Who, committee_id: int) -> None:
    require_office(who, committee_id)


def check_term(start: date, end: date) -> None:
    if end < start:
        raise Refused("聘期结束日期不能早于开始日期")
    try:
        limit = start.replace(year=start.year + 3)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + 3, day=28)
    if end >= limit:
        last = date.fromordinal(limit.toordinal() - 1)
        raise Refused(f"评审专家每届聘期不超过3年：自{start:%Y-%m-%d}起最晚聘至{last:%Y-%m-%d}")


def save_expert(who: Who, expert: Expert) -> Expert:
    _office(who, expert.committee_id)
    check_term(expert.appointed_from, expert.appointed_until)
    if expert.min_load > expert.max_load:
        raise Refused("最少评审件数不能大于最多评审件数")
    with transaction.atomic():
        created = expert.pk is None
        expert.save()
        record(who, expert, "expert.created" if created else "expert.changed", after={
            "name": expert.name, "title_level": expert.title_level,
            "specialties": expert.specialties, "employer": expert.employer_name,
            "term": [expert.appointed_from, expert.appointed_until]})
    return expert


def declare_conflict(who: Who, expert: Expert, kind: str, note: str = "",
                     person: Any = None, organisation: Any = None) -> Conflict:
    """The expert declares, or the office records, a relationship; any assignment it hits
    is withdrawn at once, with its score."""
    own = who.actor is not None and who.actor.pk == expert.user_id
    if not own:
        _office(who, expert.committee_id)
    if person is None and organisation is None:
        raise Refused("请指明回避的申报人或单位")
    with transaction.atomic():
        conflict = Conflict.objects.create(expert=expert, person=person,
                                           organisation=organisation, kind=kind, note=note,
                                           declared_by=who.actor)
        hit = [a for a in Assignment.objects.filter(expert=expert).select_related(
            "application") if is_conflicted(expert, a.application)]
        for assignment in hit:
            record(who, assignment, "assignment.withdrawn_for_conflict", before={
                "application": assignment.application_id, "expert": expert.pk})
            assignment.delete()
        record(who, conflict, "expert.conflict_declared", after={
            "expert": expert.pk, "kind": kind, "person": getattr(person, "pk", None),
            "organisation": getattr(organisation, "pk", None), "withdrawn": len(hit)})
    return conflict


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weighted_total(categories: list[dict[str, Any]], values: dict[str, Any]) -> Decimal:
    """Check the values against the sheet (required items present, 0..max) and weigh them
    on a 100-point scale; an optional item left blank drops out of the weights."""
    parts: list[tuple[Decimal, Decimal]] = []
    for c in categories:
        raw = values.get(c["key"])
        if raw in (None, ""):
            if c.get("required", True):
                raise Refused(f"“{c['label']}”须评分")
            continue
        try:
            score = Decimal(str(raw))
        except ArithmeticError:
            raise Refused(f"“{c['label']}”的得分应为数字") from None
        top = Decimal(str(c["max"]))
        if not 0 <= score <= top:
            raise Refused(f"“{c['label']}”的得分应在0到{c['max']}之间")
        parts.append((score / top * Decimal(100), Decimal(str(c["weight"]))))
    weights = sum(w for _, w in parts)
    if not weights:
        raise Refused("至少评一项")
    return _quantize(sum(p * w for p, w in parts) / weights)


def score(who: Who, assignment: Assignment, values: dict[str, Any], comment: str) -> Score:
    expert = assignment.expert
    if who.actor is None or who.actor.pk != expert.user_id:
        raise Refused("只能由被分配的专家本人评分")
    app = assignment.application
    if is_conflicted(expert, app):
        raise Refused("您与该申报存在回避关系，不能评分")
    if app.status != "expert_review":
        raise Refused("该申报不在专家评审阶段")
    sheet = ScoreSheet.objects.filter(plan=app.plan).first()
    if sheet is None:
        raise Refused("评委会办公室尚未设置本计划的评分表")
    total = weighted_total(sheet.categories, values)
    with transaction.atomic():
        row, created = Score.objects.update_or_create(assignment=assignment, defaults={
            "values": values, "total": total, "comment": comment.strip(),
            "submitted_at": timezone.now()})
        record(who, row, "score.submitted" if created else "score.changed", after={
            "application": app.pk, "total": str(total)})
    return row


def aggregate(app: Application) -> dict[str, Any]:
    return aggregates([app.pk])[app.pk]


def aggregates(app_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The score summary of each application, in two queries whatever their number."""
    assigned = dict(Assignment.objects.filter(application_id__in=app_ids).order_by()
                    .values("application_id").annotate(n=Count("pk"))
                    .values_list("application_id", "n"))
    totals: dict[int, list[float]] = {pk: [] for pk in app_ids}
    for app_id, total in (Score.objects.filter(assignment__application_id__in=app_ids)
                          .order_by("pk").values_list("assignment__application_id", "total")):
        totals[app_id].append(float(total))
    return {pk: _summary(assigned.get(pk, 0), totals[pk]) for pk in app_ids}


def _summary(assigned: int, totals: list[float]) -> dict[str, Any]:
    if not totals:
        return {"assigned": assigned, "scored": 0, "mean": None, "median": None,
                "spread": None, "stdev": None}
    return {"assigned": assigned, "scored": len(totals),
            "mean": round(statistics.fmean(totals), 2),
            "median": round(statistics.median(totals), 2),
            "spread": round(max(totals) - min(totals), 2),
            "stdev": round(statistics.pstdev(totals), 2)}


def schedule_interview(who: Who, group: DisciplineGroup, app: Application,
                       starts_at: datetime, place: str) -> Interview:
    _office(who, group.plan.committee_id)
    if app.plan_id != group.plan_id:
        raise Refused("该申报不属于本学科组的评审计划")
    if starts_at <= timezone.now():
        raise Refused("答辩时间应晚于现在")
    with transaction.atomic():
        interview, _ = Interview.objects.update_or_create(application=app, defaults={
            "group": group, "starts_at": starts_at, "place": place.strip(),
            "notified_at": timezone.now()})
        local = timezone.localtime(starts_at)
        notify(app.applicant, "interview", {
            "plan": app.plan.title, "when": f"{local:%Y年%m月%d日 %H:%M}",
            "place": interview.place, "url": app.get_absolute_url()},
            obj=app, dedupe=f"app{app.pk}:interview:{local:%Y%m%d%H%M}")
        record(who, interview, "interview.scheduled", after={
            "application": app.pk, "starts_at": starts_at, "place": interview.place})
    return interview
