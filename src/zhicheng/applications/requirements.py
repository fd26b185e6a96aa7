"""What a plan asks of an application, read from its rules (pure: no Django here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Which archive section fixes a failing criterion, by the rule's kind.
SECTION_OF_KIND = {
    "education_years": "education", "education_min": "education",
    "work_history": "work", "current_work": "work", "work_years": "work",
    "title_years": "titles", "no_title_at_or_above": "titles",
    "skill_years": "skills", "continuing_education": "ce", "appraisals": "appraisals",
    "outputs": "outputs", "alternatives": "achievements", "projects_led": "achievements",
    "enterprise_honour": "awards", "honours": "awards", "awards": "awards",
}
SUMMARY_TITLE = re.compile(r"^《?关于.+的技术总结报告》?$")


@dataclass(frozen=True)
class OutputsNeeded:
    count: int = 0
    kinds: tuple[str, ...] = ()
    at_least_of_kind: dict[str, int] = field(default_factory=dict)
    label: str = ""


def _rules(plan: Any) -> list[Any]:
    out = list(plan.general)
    for route in plan.routes:
        out.extend(route.rules)
    return out


def specialty_choices(plan: Any) -> list[tuple[str, str]]:
    """(code, name) of each specialty the plan accepts; an application records the name, as
    the plan, its discipline groups and its experts do."""
    for rule in _rules(plan):
        if rule.kind == "specialty":
            names = rule.params.get("names", {})
            return [(code, names.get(code, code)) for code in rule.params.get("accepted", [])]
    return []


def specialty_code(plan: Any, specialty: str) -> str:
    """The rule set's code for an application's specialty (a code given already stays)."""
    return {name: code for code, name in specialty_choices(plan)}.get(specialty, specialty)


def outputs_needed(plan: Any) -> OutputsNeeded:
    for rule in plan.general:
        if rule.kind == "outputs":
            p = rule.params
            return OutputsNeeded(int(p.get("count", 1)), tuple(p["kinds"]),
                                 dict(p.get("at_least_of_kind") or {}), p.get("label", ""))
    return OutputsNeeded()


def section_for(plan: Any, criterion_id: str) -> str | None:
    for rule in _rules(plan):
        if rule.id == criterion_id:
            return SECTION_OF_KIND.get(rule.kind)
    return None


def selection_problems(need: OutputsNeeded, outputs: list[dict[str, Any]],
                       achievement_ids: set[int]) -> list[str]:
    """Chosen outputs (dicts: id, kind, title, achievement) against the plan's needs."""
    problems: list[str] = []
    usable = [o for o in outputs if not need.kinds or o["kind"] in need.kinds]
    if need.count and len(usable) < need.count:
        problems.append(f"本计划须选择{need.count}篇{need.label or '成果'}，已选{len(usable)}篇")
    for kind, least in need.at_least_of_kind.items():
        got = sum(1 for o in usable if o["kind"] == kind)
        if got < least:
            name = "技术总结报告" if kind == "technical_summary" else kind
            problems.append(f"其中至少须有{least}篇{name}，已选{got}篇")
    for o in usable:
        if o["kind"] != "technical_summary":
            continue
        if not SUMMARY_TITLE.match(o["title"].strip()):
            problems.append(f"技术总结“{o['title']}”的题目应为《关于……的技术总结报告》")
        if o.get("achievement") not in achievement_ids:
            problems.append(f"技术总结“{o['title']}”须对应一项所选的业绩")
    if not achievement_ids:
        problems.append("请至少选择一项经单位核实的业绩")
    return problems
