"""The one function through which an application changes state.

It locks the row, checks the workflow table, the actor's right over this application, the
stage's deadline, the version the actor saw and any extra rule of the action; then it
applies the action's effect, writes the history row and the audit row, and queues the
notification, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.domain import Who, record
from zhicheng.core.prepared import Prepared
from zhicheng.orgs.models import Role
from zhicheng.plans.models import PLAN_HEAVY
from zhicheng.workdays import chinese_date

from . import workflow
from .models import Application, Reached
from .workflow import Actor, Stage, State


class Refused(Exception):
    """A rule of the round refuses the change; the message says which, in Chinese."""


class Conflict(Refused):
    """Someone else changed the application since the actor looked at it."""


EVENT_OF: dict[str, str] = {
    "unit_return": "returned", "dept_return": "returned", "office_return": "returned",
    "unit_reject": "rejected", "dept_reject": "rejected", "office_reject": "rejected",
    "unit_pass": "passed", "unit_post": "posting_started",
    "unit_recommend": "recommended", "dept_recommend": "recommended",
    "office_accept": "accepted", "record_pass": "result", "record_fail": "result",
    "reexam_pass": "result", "reexam_fail": "result",
}

# what the `result` message says for the expert panel's outcome
RESULT_OF: dict[str, str] = {"record_pass": "通过", "record_fail": "未通过",
                             "reexam_pass": "复查后改为通过", "reexam_fail": "复查后改为未通过"}

REACHED_BY: dict[State, int] = {
    State.SUBMITTED: Reached.UNIT, State.TO_DEPARTMENT: Reached.DEPARTMENT,
    State.COMMITTEE_REVIEW: Reached.COMMITTEE,
}

ROLE_OF: dict[Actor, str] = {
    Actor.UNIT: Role.UNIT_ADMIN, Actor.DEPARTMENT: Role.DEPARTMENT,
    Actor.OFFICE: Role.COMMITTEE_OFFICE,
}


@dataclass
class Step:
    """What one call asks for; `guard` may refuse, `effect` changes fields of the row."""

    action: str
    reason: str = ""
    version: int | None = None
    guard: Callable[[Application, date], None] | None = None
    effect: Callable[[Application], None] | None = None
    context: dict[str, Any] = field(default_factory=dict)


def may_act(who: Who, actor: Actor, app: Application) -> bool:
    """Whether `who` holds the actor's role over this very application."""
    if actor == Actor.SYSTEM:
        return who.actor is None
    if actor == Actor.APPLICANT:
        return who.actor is not None and who.actor.pk == app.applicant_id and (
            who.role in ("", Role.APPLICANT))
    org = who.acting_for
    if who.role != ROLE_OF[actor] or org is None:
        return False
    if actor == Actor.UNIT:
        return org.pk == app.employer_id
    if actor == Actor.DEPARTMENT:
        return app.employer is not None and org.pk == app.employer.parent_id
    return org.pk == app.committee_id


def require_office(who: Who, committee_id: int, what: str = "办理") -> None:
    """Refused unless `who` acts as the office of this very committee."""
    org = who.acting_for
    if who.role != Role.COMMITTEE_OFFICE or org is None or org.pk != committee_id:
        raise Refused(f"只有本评委会办公室可以{what}")


def deadline_problem(app: Application, stage: Stage, today: date) -> str | None:
    if stage == Stage.NONE:
        return None
    if stage == Stage.APPLY and app.status == State.RETURNED:
        stage = Stage.UNIT  # a returned application may come back while the unit can act
    closes = app.plan.closes(stage.value)
    if closes is None or today <= closes:
        return None
    who = {Stage.APPLY: "个人申报", Stage.UNIT: "单位推荐", Stage.DEPARTMENT: "主管部门推荐"}
    return f"{who[stage]}已于{chinese_date(closes)}截止，逾期不再受理"


def _checks(who: Who, current: Application, step: Step, today: date) -> workflow.Action:
    if step.version is not None and current.version != step.version:
        raise Conflict(f"该申报已被他人处理（当前状态：{current.get_status_display()}），"
                       "本次操作未执行，请刷新后查看")
    try:
        act = workflow.check(step.action, current.status)
    except workflow.NotAllowed as exc:
        raise Refused(str(exc)) from None
    if not may_act(who, act.actor, current):
        raise Refused(f"您无权对该申报执行“{act.label}”")
    problem = deadline_problem(current, act.stage, today)
    if problem:
        raise Refused(problem)
    if act.needs_reason and not step.reason.strip():
        raise Refused(f"“{act.label}”须填写原因")
    if step.guard:
        step.guard(current, today)
    return act


def dry_run(who: Who, app: Application, step: Step, today: date | None = None) -> str | None:
    """Why `step` would be refused now (None if it would apply); changes nothing."""
    try:
        _checks(who, app, step, today or timezone.localdate())
    except Refused as exc:
        return str(exc)
    return None


# the application locked for a move, with what the checks read (core/prepared.py)
_LOCKED: Prepared[Application] = Prepared(
    lambda pk: Application.objects.select_for_update(of=("self",))
    .select_related("plan", "employer", "applicant").defer(*PLAN_HEAVY).filter(pk=pk),
    int, one=True)


def apply(who: Who, app: Application | int, step: Step,
          today: date | None = None) -> Application:
    today = today or timezone.localdate()
    pk = app if isinstance(app, int) else app.pk
    with transaction.atomic():
        current = _LOCKED.get(pk)
        act = _checks(who, current, step, today)
        before = current.audit_data()
        source = current.status
        if step.effect:
            step.effect(current)
        current.status = act.target
        current.reached = max(current.reached, REACHED_BY.get(act.target, 0))
        current.version += 1
        current.status_changed_at = timezone.now()
        current._in_transition = True
        try:
            current.save()
        finally:
            current._in_transition = False
        from zhicheng.reviews.models import StateChange

        StateChange.objects.create(
            application=current, action=act.name, source=source, target=act.target,
            by=who.actor, acting_for=who.acting_for, reason=step.reason.strip())
        record(who, current, f"application.{act.name}", before=before,
               after=current.audit_data(), reason=step.reason.strip())
        _notify(current, act, step)
    return current


def _notify(app: Application, act: workflow.Action, step: Step) -> None:
    event = EVENT_OF.get(act.name)
    if event is None:
        return
    from zhicheng.notifications.domain import notify

    context = {"plan": app.plan.title, "reason": step.reason.strip(),
               "status": workflow.LABELS[act.target], "acceptance_no": app.acceptance_no,
               "url": app.get_absolute_url()} | step.context
    if act.name in RESULT_OF:
        reason = step.reason.strip()
        context.setdefault("result", RESULT_OF[act.name] + (f"：{reason}" if reason else ""))
    notify(app.applicant, event, context, obj=app, dedupe=f"app{app.pk}:v{app.version}")
