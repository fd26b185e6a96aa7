"""The result types of the contract: criteria and the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, UNKNOWN, CONDITIONAL, NOT_APPLICABLE = (
    "pass", "fail", "unknown", "conditional", "not_applicable")
ELIGIBLE, INELIGIBLE, NEEDS_REVIEW = "eligible", "ineligible", "needs_review"


@dataclass(slots=True)
class Outcome:
    """What a rule function returns: status, message, and a condition when conditional.

    The engine makes it the rule's criterion by filling in `id` and `clause`, which saves
    building a second object per rule (a batch screens tens of thousands a second)."""

    status: str
    message: str
    condition: str | None = None
    id: str | None = None
    clause: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "message": self.message,
                "clause": self.clause}


Criterion = Outcome


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

    def as_dict(self, *, criteria_as_objects: bool = False) -> dict[str, Any]:
        """The contract's verdict object. criteria_as_objects leaves the criteria as Outcome
        objects for msgspec to encode (with their `condition` too), saving a dict each."""
        return {
            "plan": self.plan,
            "verdict": self.verdict,
            "route": self.route,
            "criteria": (self.criteria if criteria_as_objects
                         else [c.as_dict() for c in self.criteria]),
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
