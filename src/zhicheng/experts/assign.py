"""The office's assignment runs: build the problem from the database, keep inputs,
parameters and proposal together, let the office adjust by hand, then apply."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng import assignment as engine
from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, require_office
from zhicheng.audit.domain import Who, record
from zhicheng.plans.models import Plan

from .access import forbidden_pairs, is_conflicted
from .models import Assignment, AssignmentRun, DisciplineGroup, Expert


def _office(who: Who, plan: Plan) -> None:
    require_office(who, plan.committee_id, "分配专家")


def applications(plan: Plan, group: DisciplineGroup | None) -> QuerySet[Application]:
    qs = Application.objects.filter(plan=plan, status="expert_review")
    if group is not None:
        qs = qs.filter(specialty__in=group.specialties)
    return qs.select_related("employer").order_by("pk")


def experts(plan: Plan, group: DisciplineGroup | None) -> QuerySet[Expert]:
    today = timezone.localdate()
    qs = Expert.objects.filter(committee_id=plan.committee_id, appointed_from__lte=today,
                               appointed_until__gte=today)
    if group is not None:
        qs = qs.filter(groups=group)
    return qs.order_by("pk")


def problem(plan: Plan, group: DisciplineGroup | None, k: int,
            require_specialty: bool) -> engine.Problem:
    apps = list(applications(plan, group))
    pool = list(experts(plan, group))
    fixed = set(Assignment.objects.filter(application__in=apps, expert__in=pool)
                .values_list("application_id", "expert_id"))
    return engine.Problem(
        tuple(engine.Application(a.pk, a.specialty) for a in apps),
        tuple(engine.Expert(e.pk, frozenset(e.specialties), e.min_load, e.max_load)
              for e in pool),
        k, frozenset(forbidden_pairs(pool, apps)), frozenset(fixed),
        require_specialty=require_specialty)


def _store(who: Who, plan: Plan, group: DisciplineGroup | None,
           prob: engine.Problem, progress: Callable[[int], None] | None = None
           ) -> AssignmentRun:
    try:
        proposal = engine.solve(prob)
    except engine.AssignmentError as exc:
        raise Refused(str(exc)) from None
    if progress is not None:
        progress(2)
    with transaction.atomic():
        run = AssignmentRun.objects.create(
            plan=plan, group=group, created_by=who.actor, inputs=prob.to_dict(),
            parameters={"reviews_per_application": prob.reviews_per_application,
                        "require_specialty": prob.require_specialty}
            | proposal.parameters, result=proposal.to_dict())
        record(who, run, "assignment.proposed", after={
            "applications": len(prob.applications), "experts": len(prob.experts),
            "pairs": len(proposal.pairs), "unassigned": len(proposal.unassigned)})
    return run


# the steps of propose, as its progress counts them
PROPOSE_STEPS = ("读取申报、专家与回避关系", "计算分配方案", "保存方案")


def propose(who: Who, plan: Plan, group: DisciplineGroup | None, k: int,
            require_specialty: bool = True, progress: Callable[[int], None] | None = None
            ) -> AssignmentRun:
    """A proposal; `progress`, if given, is told each of PROPOSE_STEPS done (1, 2, 3)."""
    _office(who, plan)
    if not 1 <= k <= 15:
        raise Refused("每件申报的评审专家人数应在1到15之间")
    prob = problem(plan, group, k, require_specialty)
    if progress is not None:
        progress(1)
    run = _store(who, plan, group, prob, progress)
    if progress is not None:
        progress(3)
    return run


def revise(who: Who, run: AssignmentRun, add: list[tuple[int, int]],
           remove: list[tuple[int, int]]) -> AssignmentRun:
    """A new run with the office's changes: additions fixed, removals excluded, the rest of
    the proposal kept."""
    _office(who, run.plan)
    prob = engine.Problem.from_dict(run.inputs)
    conflicted = {tuple(p) for p in prob.forbidden} & set(add)
    if conflicted:
        raise Refused("所选专家与该申报存在回避关系，不能分配")
    pairs = SimpleNamespace(pairs=[tuple(p) for p in run.result.get("pairs", [])])
    return _store(who, run.plan, run.group, engine.adjust(prob, pairs, add=add,  # type: ignore[arg-type]
                                                           remove=remove))


def apply_run(who: Who, run: AssignmentRun) -> int:
    """Create the assignments; conflicts are checked again against today's data."""
    _office(who, run.plan)
    pairs = [tuple(p) for p in run.result.get("pairs", [])]
    apps = {a.pk: a for a in Application.objects.filter(pk__in={a for a, _ in pairs})}
    pool = {e.pk: e for e in Expert.objects.filter(pk__in={e for _, e in pairs})}
    made = 0
    with transaction.atomic():
        locked = AssignmentRun.objects.select_for_update().get(pk=run.pk)
        if locked.applied_at:
            raise Refused("该方案已执行")
        for app_id, expert_id in pairs:
            app, expert = apps.get(app_id), pool.get(expert_id)
            if app is None or expert is None or is_conflicted(expert, app):
                raise Refused("方案生成后回避关系有变化，请重新生成方案")
            _, created = Assignment.objects.get_or_create(application=app, expert=expert,
                                                          defaults={"run": locked})
            made += created
        locked.applied_at = timezone.now()
        locked.save(update_fields=["applied_at"])
        record(who, locked, "assignment.applied", after={"pairs": len(pairs), "new": made})
    return made


def summary(run: AssignmentRun) -> dict[str, Any]:
    loads = [row["load"] for row in run.result.get("loads", [])]
    return {"pairs": len(run.result.get("pairs", [])),
            "applications": len(run.inputs.get("applications", [])),
            "experts": len(run.inputs.get("experts", [])),
            "unassigned": run.result.get("unassigned", []),
            "below_minimum": run.result.get("below_minimum", []),
            "max_load": max(loads, default=0), "min_load": min(loads, default=0),
            "seconds": round(run.result.get("solve_seconds", 0)
                             + run.result.get("build_seconds", 0), 3)}
