"""The result types of the contract: criteria and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, UNKNOWN, CONDITIONAL, NOT_APPLICABLE = (
    "pass", "fail", "unknown", "conditional", "not_applicable")
ELIGIBLE, INELIGIBLE, NEEDS_REVIEW = "eligible", "ineligible", "needs_review"


@dataclass(slots=True)
class Outcome:
    """What a rule function returns: status, message, and a condition when conditional."""

    status: str
    message: str
    condition: str | None = None


@dataclass(slots=True)
class Criterion:
    id: str
    status: str
    message: str
    clause: str
    condition: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "message": self.message,
                "clause": self.clause}


@dataclass(slots=True)
class RouteResult:
    route: str
    label: str
    status: str
    criteria: list[Criterion]


@dataclass(slots=True)
class Verdict:
    plan: str
    verdict: str
    route: str | None
    criteria: list[Criterion]
    conditions: list[str] = field(default_factory=list)
    review_points: list[str] = field(default_factory=list)
    routes: list[RouteResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "verdict": self.verdict,
            "route": self.route,
            "criteria": [c.as_dict() for c in self.criteria],
            "conditions": self.conditions,
            "review_points": self.review_points,
            "routes_tried": [
                {"route": r.route, "label": r.label, "status": r.status,
                 "failed": [c.id for c in r.criteria if c.status == FAIL]}
                for r in self.routes
            ],
        }


def combine(statuses: list[str]) -> str:
    """The status of a group of criteria that must all hold."""
    if FAIL in statuses:
        return FAIL
    if UNKNOWN in statuses:
        return UNKNOWN
    if CONDITIONAL in statuses:
        return CONDITIONAL
    return PASS
