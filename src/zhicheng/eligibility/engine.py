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
    return Criterion(rule.id, out.status, out.message, rule.clause, out.condition)


def evaluate(plan: Plan, profile: dict[str, Any]) -> Verdict:
    """The verdict of the contract for a checked profile (see profile.parse_profile)."""
    ctx = Ctx(profile, plan)
    general = [_run(rule, ctx) for rule in plan.general]
    routes = []
    for route in plan.routes:
        criteria = [_run(rule, ctx) for rule in route.rules]
        routes.append(RouteResult(route.route, route.label,
                                  combine([c.status for c in criteria]), criteria))
    general_status = combine([c.status for c in general])
    passing = [r for r in routes if r.status in (PASS, CONDITIONAL)]
    undecided = [r for r in routes if r.status == UNKNOWN]
    if not routes:
        chosen = None
    elif passing:
        chosen = passing[0]
    elif undecided:
        chosen = undecided[0]
    else:
        chosen = min(routes, key=lambda r: sum(c.status == FAIL for c in r.criteria))

    if general_status == FAIL or (routes and not passing and not undecided):
        verdict = INELIGIBLE
    elif general_status == UNKNOWN or (routes and not passing):
        verdict = NEEDS_REVIEW
    else:
        verdict = ELIGIBLE
    criteria = general + (chosen.criteria if chosen else [])
    conditions = [c.condition for c in criteria if c.status == CONDITIONAL and c.condition]
    return Verdict(plan=plan.key, verdict=verdict, route=chosen.route if chosen else None,
                   criteria=criteria, conditions=conditions,
                   review_points=list(plan.review_points), routes=routes)
