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


# What each rule of the shipped plans checks, as the notices name it (a plan's own rule id
# that is not here shows as itself).
CRITERION_NAME = {
    "alternatives": "条件替代", "application_window": "申报时间", "appraisals": "年度考核",
    "assistant_title": "初级职称", "assistant_title_years": "任初级职称年限",
    "civil_servant": "公务员身份", "continuing_education": "继续教育学时",
    "current_post": "现岗位", "direct_category": "直接申报类别", "direct_review": "直接申报审核",
    "discipline": "申报纪律", "education_min": "最低学历", "education_years": "学历与资历",
    "employment": "人员身份", "enterprise_honour": "企业荣誉", "evaluation_conditions":
    "学历资历条件", "first_application": "首次申报", "honours": "荣誉奖项",
    "id_document": "身份证件", "integrity": "诚信记录", "outputs": "论文与技术总结",
    "post_quota": "岗位结构比例", "prior_failure": "上年度评审结果", "projects_led":
    "主持项目", "qualification_conditions": "资格条件", "quantified_score": "量化赋分",
    "region": "单位所在地区", "residency": "居住与社保地", "retirement": "退休年龄",
    "same_materials": "材料重复申报", "scope": "申报范围", "scope_region": "申报地区",
    "skill_certificate": "职业技能等级证书", "skill_conditions": "技能人才条件",
    "skill_correspondence": "技能与专业对应", "skill_or_qualification": "技能或资格条件",
    "skill_years": "技能工作年限", "social_security": "社会保险", "specialty": "申报专业",
    "technical_summary": "技术总结", "work_history": "工作经历", "young_talent": "青年人才",
    "young_talent_employer": "青年人才单位", "young_talent_review": "青年人才审核",
    "zone": "所在园区",
}
STATUS_NAME = {"pass": "符合", "fail": "不符合", "unknown": "待审核",
               "not_applicable": "不适用"}
VERDICT_NAME = {"eligible": "符合申报条件", "ineligible": "不符合申报条件",
                "needs_review": "需评审机构审核"}


def criterion_rows(criteria: Any) -> list[dict[str, str]]:
    """A verdict's criteria (objects or stored dicts) with the names a reader understands."""
    rows = []
    for c in criteria:
        get = c.get if isinstance(c, dict) else lambda key, c=c: getattr(c, key, "")
        rows.append({"id": get("id"), "name": CRITERION_NAME.get(get("id"), get("id")),
                     "status": get("status"),
                     "status_name": STATUS_NAME.get(get("status"), get("status")),
                     "message": get("message"), "clause": get("clause")})
    return rows
