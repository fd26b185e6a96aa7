"""Expert assignment as a background job: build the problem, solve it with OR-Tools, keep
the proposal as an AssignmentRun for the office to adjust and confirm."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhicheng.audit.domain import Who
from zhicheng.jobs import progress
from zhicheng.jobs.models import Job, JobKind
from zhicheng.plans.models import Plan

from . import assign
from .models import DisciplineGroup


def start_propose(who: Who, plan: Plan, group: DisciplineGroup | None, reviews: int,
                  require_specialty: bool) -> Job:
    scope = group.name if group else "全部申报"
    return progress.start(
        who, JobKind.ASSIGNMENT, f"{plan.title}（{scope}，每件 {reviews} 人）",
        params={"plan": plan.pk, "group": group.pk if group else None, "reviews": reviews,
                "require_specialty": require_specialty},
        total=len(assign.PROPOSE_STEPS))


def propose(job: Job, report: progress.Reporter) -> dict[str, Any]:
    params = job.params
    plan = Plan.objects.get(pk=params["plan"], committee=job.organisation)
    group = (DisciplineGroup.objects.get(pk=params["group"], plan=plan)
             if params.get("group") else None)
    steps = assign.PROPOSE_STEPS

    def step(done: int) -> None:
        report(done, note=steps[done] if done < len(steps) else "")

    step(0)
    run = assign.propose(progress.who_of(job), plan, group, params["reviews"],
                         params["require_specialty"], progress=step)
    summary = assign.summary(run)
    short = f"，{len(summary['unassigned'])} 件申报专家不足" if summary["unassigned"] else ""
    return {
        "summary": f"申报 {summary['applications']} 件、专家 {summary['experts']} 人，"
                   f"分配 {summary['pairs']} 条{short}。方案确认后才执行。",
        "links": [{"label": "查看分配方案", "url": reverse("experts:run", args=[run.pk])}],
        "run": run.pk}
