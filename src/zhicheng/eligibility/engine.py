"""Evaluating a profile against a plan: general criteria, then the routes, then the verdict."""

from __future__ import annotations

from typing import Any

from .context import Ctx
from .plan import Plan, Rule
from .rules import KINDS
from .verdict import (
    CONDITIONAL,
    ELIGIBLE,
    FAIL,
    INELIGIBLE,
    NEEDS_REVIEW,
    PASS,
    UNKNOWN,
    Criterion,
    RouteResult,
    Verdict,
    combine,
)


def _run(rule: Rule, ctx: Ctx) -> Criterion:
    out = KINDS[rule.kind](ctx, rule.params)
    if out.id is not None:  # an outcome already used as a criterion: never share one
        out = Criterion(out.status, out.message, out.condition)
    out.id = rule.id
    out.clause = rule.clause
    return out


def _run_all(rules: tuple[Rule, ...], ctx: Ctx) -> list[Criterion]:
    return [_run(rule, ctx) for rule in rules]


def evaluate(plan: Plan, profile: dict[str, Any]) -> Verdict:
    """The verdict of the contract for a checked profile (see profile.parse_profile)."""
    ctx = Ctx(profile, plan)
    general = _run_all(plan.general, ctx)
    routes = []
    for route in plan.routes:
        criteria = _run_all(route.rules, ctx)
        routes.append(RouteResult(route.route, route.label,
                                  combine([c.status for c in criteria]), criteria))
    general_status = combine([c.status for c in general])
    passing = undecided = None
    for r in routes:
        if r.status == PASS or r.status == CONDITIONAL:
            passing = r
            break
        if undecided is None and r.status == UNKNOWN:
            undecided = r
    if not routes:
        chosen = None
    else:
        chosen = passing or undecided or min(
            routes, key=lambda r: [c.status for c in r.criteria].count(FAIL))

    if general_status == FAIL or (routes and not passing and not undecided):
        verdict = INELIGIBLE
    elif general_status == UNKNOWN or (routes and not passing):
        verdict = NEEDS_REVIEW
    else:
        verdict = ELIGIBLE
    criteria = general + chosen.criteria if chosen else general
    conditions = [c.condition for c in criteria if c.status == CONDITIONAL and c.condition]
    return Verdict(plan=plan.key, verdict=verdict, route=chosen.route if chosen else None,
                   criteria=criteria, conditions=conditions,
                   review_points=list(plan.review_points), routes=routes)
