"""What every rule may read: the profile, the plan's dates, and figures computed once."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import periods
from .periods import Period


class Ctx:
    def __init__(self, profile: dict[str, Any], plan: Any) -> None:
        self.profile = profile
        self.plan = plan
        self.as_of: date = profile["as_of"]
        self.year: int = plan.year
        self._professional_cache: dict[tuple[Any, ...], list[Period]] = {}

    def get(self, *path: str) -> Any:
        value: Any = self.profile
        for key in path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    def items(self, key: str) -> list[dict[str, Any]]:
        return self.profile.get(key) or []

    def cutoff(self, params: dict[str, Any], name: str = "cutoff") -> date:
        """A rule's own cut-off date, else the plan's seniority cut-off, else as_of."""
        value = params.get(name)
        if isinstance(value, date):
            return value
        return self.plan.seniority_cutoff or self.as_of

    def work_periods(self, cutoff: date, technical_only: bool = True,
                     related: frozenset[bool | None] | None = None) -> list[Period]:
        """Work periods cut at the cut-off; `related` keeps only periods whose `related` flag
        (True, False or None for absent) is in the set."""
        out = []
        for w in self.items("work_history"):
            if technical_only and w.get("technical") is not True:
                continue
            if related is not None and w.get("related") not in related:
                continue
            start = w.get("from")
            if start is None:
                continue
            end = w.get("to") or cutoff
            out.append((start, min(end, cutoff)))
        return out

    def professional(self, cutoff: date, since: date | None = None,
                     related: frozenset[bool | None] | None = None) -> list[Period]:
        """Technical work up to the cut-off (from `since`), less every interruption.

        `related`, when given, keeps only periods whose `related` flag is in the set."""
        key = (cutoff, since, related)
        cache = self._professional_cache
        if key not in cache:
            work = self.work_periods(cutoff, related=related)
            if len(work) > 1:
                work = periods.union(work)
            holes = [(i["from"], i["to"]) for i in self.profile.get("interruptions") or ()
                     if i.get("from") and i.get("to")]
            result = periods.subtract(work, holes) if holes else work
            cache[key] = periods.clip(result, since, None) if since else result
        return cache[key]
