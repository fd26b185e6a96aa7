"""Every change to an application goes through here: the plan's window, one application per
level and year, the committee of the unit's colleagues, drafts with versions, submission."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhicheng.archive.models import Achievement, Output
from zhicheng.audit.domain import Who, record
from zhicheng.core.prepared import Prepared
from zhicheng.eligibility import evaluate, parse_profile
from zhicheng.eligibility.profile import ProfileError
from zhicheng.identity.idnumber import mask
from zhicheng.plans.models import Plan, PlanStatus
from zhicheng.plans.screening import profile_from_user

from . import requirements
from .models import STATEMENT_MAX, Application, Status
from .transition import Conflict, Refused, Step, apply

# The wizard's reads of one application, compiled once (core/prepared.py): every wizard
# page reads the applicant's own application, every save reads it again locked.
OWN: Prepared[Application] = Prepared(
    lambda pk, applicant: Application.objects.filter(pk=pk, applicant_id=applicant),
    int, int, one=True)
_LOCKED: Prepared[Application] = Prepared(
    lambda pk: Application.objects.select_for_update().filter(pk=pk), int, one=True)
# starting an application: the person's own of that year and level, and a colleague's
# sent to another committee (compiled once, core/prepared.py)
_SAME_YEAR: Prepared[Application] = Prepared(
    lambda applicant, level, year: Application.objects.filter(
        applicant_id=applicant, level=level, year=year).exclude(status=Status.WITHDRAWN),
    int, str, int, first=True)
_OTHER_COMMITTEE: Prepared[Application] = Prepared(
    lambda employer, level, year, committee: Application.objects.filter(
        employer_id=employer, level=level, year=year).exclude(status=Status.WITHDRAWN)
    .exclude(committee_id=committee).select_related("committee"),
    int, str, int, int, first=True)
_CHOSEN: dict[str, Prepared[Any]] = {
    "achievements": Prepared(lambda pk: Achievement.objects.filter(application=pk), int),
    "outputs": Prepared(lambda pk: Output.objects.filter(application=pk), int),
}


def read_chosen(app: Application) -> None:
    """What prefetch_related_objects([app], "achievements", "outputs") does, by SQL compiled
    once: `app.achievements.all()` and `app.outputs.all()` then make no query."""
    cache = app.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, read in _CHOSEN.items():
        if name in cache:
            continue
        items = getattr(app, name).get_queryset()  # not run: it is given its rows
        items._result_cache = read.all(app.pk)
        items._prefetch_done = True
        cache[name] = items


class StaleDraft(Refused):
    pass


def today() -> date:
    return timezone.localdate()  # Asia/Shanghai


def check_window(plan: Plan) -> None:
    now = today()
    if plan.status != PlanStatus.OPEN:
        raise Refused(f"“{plan.title}”当前不在申报期")
    if plan.apply_opens and now < plan.apply_opens:
        raise Refused(f"“{plan.title}”自{plan.apply_opens:%Y年%m月%d日}起申报，尚未开始")
    if plan.apply_closes and now > plan.apply_closes:
        raise Refused(f"“{plan.title}”的申报已于{plan.apply_closes:%Y年%m月%d日}截止")


def assess_on(plan: Plan) -> date:
    """The date eligibility is judged on: today, or the plan's own reference date."""
    return plan.assess_on or today()


def check_integrity(user: Any) -> None:
    from zhicheng.integrity.domain import refusal

    problem = refusal(user.pk, today())
    if problem:
        raise Refused(problem)


def start(who: Who, user: Any, plan: Plan) -> Application:
    check_window(plan)
    check_integrity(user)
    if user.employer is None:
        raise Refused("请先在“我的信息”中选择工作单位（须为已审核的用人单位）")
    existing = _SAME_YEAR.first(user.pk, plan.level, plan.year)
    if existing:
        raise Refused(f"您已有{plan.year}年度{plan.get_level_display()}的申报"
                      f"（{existing.plan.title}），同一年度同一级别只能申报一次")
    colleague = _OTHER_COMMITTEE.first(user.employer_id, plan.level, plan.year,
                                       plan.committee_id)
    if colleague:
        raise Refused(f"本单位同系列同级别的申报已报送“{colleague.committee}”，"
                      f"本单位人员须向同一评委会申报")
    try:
        with transaction.atomic():
            app = Application.objects.create(applicant=user, plan=plan, level=plan.level,
                                             year=plan.year, committee_id=plan.committee_id,
                                             employer=user.employer)
            record(who, app, "application.start", after=app.audit_data())
    except IntegrityError:
        raise Refused("同一年度同一级别只能申报一次") from None
    return app


def save(who: Who, app: Application, seen_version: int | None, **changes: Any) -> Application:
    """Save one step of the draft, only over the version the editor saw."""
    with transaction.atomic():
        current = _LOCKED.get(app.pk)
        if not current.editable:
            raise Refused("申报已提交，不能修改；如需修改，请待审核人员退回")
        if seen_version is not None and current.version != seen_version:
            raise StaleDraft("这份申报已在其他页面或标签页中保存过。为免覆盖那边的修改，"
                             "本次未保存；您填写的内容仍在下方，请刷新页面核对后再保存。")
        before = current.audit_data()
        m2m = {k: changes.pop(k) for k in ("achievements", "outputs") if k in changes}
        for key, value in changes.items():
            setattr(current, key, value)
        current.version += 1
        current.updated_at = timezone.now()
        current.save(update_fields=[*changes, "version", "updated_at"])
        for key, value in m2m.items():
            getattr(current, key).set(value)
        record(who, current, "application.save", before=before, after=current.audit_data()
               | {k: sorted(o.pk for o in v) for k, v in m2m.items()})
    return current


def profile_for(app: Application, verified_only: bool = True) -> dict[str, Any]:
    data = profile_from_user(app.applicant, assess_on(app.plan), verified_only=verified_only)
    code = (requirements.specialty_code(app.plan.engine_plan(), app.specialty)
            if app.specialty else None)
    data["application"] = {"specialty": code}
    return data


def check(app: Application, verified_only: bool = True,
          profile: dict[str, Any] | None = None) -> Any:
    """The plan's verdict on the archive (read now, unless `profile` was read already)."""
    if profile is None:
        profile = profile_for(app, verified_only)
    return evaluate(app.plan.engine_plan(), parse_profile(profile))


def missing(app: Application) -> list[str]:
    """What still stops submission, in the order of the wizard's steps."""
    out = []
    if not app.specialty:
        out.append("未选择申报专业")
    if not app.photo:
        out.append("未上传照片")
    if not app.pledged_at:
        out.append("未签署诚信承诺")
    if not app.statement.strip():
        out.append("未填写本人述职")
    elif len(app.statement) > STATEMENT_MAX:
        out.append(f"本人述职超过{STATEMENT_MAX}字")
    need = requirements.outputs_needed(app.plan.engine_plan())
    outputs = [{"id": o.pk, "kind": o.kind, "title": o.title, "achievement": o.achievement_id}
               for o in app.outputs.all()]
    out += requirements.selection_problems(need, outputs,
                                            {a.pk for a in app.achievements.all()})
    return out


def submit(who: Who, app: Application, seen_version: int | None) -> Application:
    if app.status == Status.DRAFT:
        check_window(app.plan)
    check_integrity(app.applicant)
    problems = missing(app)
    if problems:
        raise Refused("；".join(problems))
    # one reading of the verified archive, both judged and frozen (the same facts in both)
    profile = profile_for(app)
    try:
        verdict = check(app, profile=profile)
    except ProfileError as exc:
        raise Refused(exc.describe()) from None
    if verdict.verdict == "ineligible":
        failed = "；".join(c.message for c in verdict.criteria if c.status == "fail")
        raise Refused(f"按经单位核实的档案，不符合申报条件：{failed}")

    def freeze(current: Application) -> None:
        snapshot = copy.deepcopy(profile)
        person = snapshot.get("person") or {}
        if person.get("id_number"):  # the number itself stays only on the account, encrypted
            person["id_number"] = mask(person["id_number"])
        # every change to the chosen items bumps the version in the same transaction: at
        # the version read before the lock, the items read then are the chosen ones
        chosen = app if app.version == current.version else current
        snapshot["chosen"] = {
            "achievements": [_row(a) for a in chosen.achievements.all()],
            "outputs": [_row(o) for o in chosen.outputs.all()],
        }
        current.snapshot = snapshot
        current.verdict = verdict.as_dict()
        current.submitted_at = timezone.now()

    def fingerprint_later(current: Application) -> None:
        from zhicheng.overlapcheck.tasks import fingerprint_application

        freeze(current)
        transaction.on_commit(lambda: fingerprint_application.enqueue(current.pk))

    try:
        return apply(who, app, Step("submit", version=seen_version, effect=fingerprint_later))
    except Conflict:
        raise StaleDraft("这份申报已在其他页面修改过，请刷新预览后再提交。") from None


def _row(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in obj.audit_data().items() if v not in (None, "")} | {"id": obj.pk}


def withdraw(who: Who, app: Application, reason: str) -> Application:
    """Before the unit starts its review, the applicant may take the application back."""
    return apply(who, app, Step("withdraw", reason=reason))
