"""Continuing education, annual appraisals and the written outputs a plan asks for."""

from __future__ import annotations

from typing import Any

from ..verdict import CONDITIONAL, FAIL, NOT_APPLICABLE, PASS, UNKNOWN, Outcome
from . import kind
from .scope import OWNERSHIP

CATEGORY = {"public": "公需科目", "professional": "专业科目", "total": "合计"}
RESULT_RANK = {"excellent": 4, "competent": 3, "basically_competent": 2, "incompetent": 1}
RESULT_NAME = {"excellent": "优秀", "competent": "合格（称职）",
               "basically_competent": "基本合格（基本称职）", "incompetent": "不合格（不称职）"}
KIND_NAME = {"paper": "论文", "book": "著作", "technical_summary": "技术总结（报告）",
             "project_certificate": "项目证明"}


@kind("continuing_education", years="list[int]", minimum="dict", per_year="bool",
      shortfall_allowed="list[str]", condition="str", exempt_ownership="list[str]",
      exempt_note="str")
def continuing_education(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Hours per category summed over `years` (or each year with per_year) against minimums.

    A shortfall in a category listed in shortfall_allowed makes the criterion conditional
    (先参评后补训) instead of failing. Employers whose ownership is in exempt_ownership
    (e.g. 非公领域除外) are not_applicable; the message still gives the hours.
    """
    years = p["years"]  # the plan loader checked list[int]
    records = ctx.items("continuing_education")
    mins: dict[str, float] = p["minimum"]
    groups = [[y] for y in years] if p.get("per_year") else [years]
    shortfalls: list[tuple[str, float, str]] = []
    parts: list[str] = []
    for group in groups:
        public = professional = 0.0
        for r in records:
            if r.get("year") in group:
                category = r.get("category")
                if category == "public":
                    public += r.get("hours") or 0
                elif category == "professional":
                    professional += r.get("hours") or 0
        got = {"public": public, "professional": professional, "total": public + professional}
        span = f"{group[0]}年" if len(group) == 1 else f"{group[0]}—{group[-1]}年"
        for cat, need in mins.items():
            have = got.get(cat, 0.0)
            parts.append(f"{span}{CATEGORY[cat]}{_h(have)}学时（要求≥{_h(need)}）")
            if have < need:
                shortfalls.append((cat, need - have, span))
    message = "；".join(parts)
    exempt = p.get("exempt_ownership")
    ownership = ctx.get("employment", "employer", "ownership") if exempt else None
    if ownership and ownership in exempt:
        note = p.get("exempt_note", "不作继续教育学时要求")
        return Outcome(NOT_APPLICABLE, f"单位性质为{OWNERSHIP.get(ownership, ownership)}，"
                                       f"{note}（{message}）")
    if not shortfalls:
        return Outcome(PASS, message)
    allowed = set(p.get("shortfall_allowed", []))
    if all(cat in allowed for cat, _, _ in shortfalls):
        gaps = "，".join(f"{span}{CATEGORY[c]}差{_h(g)}学时" for c, g, span in shortfalls)
        text = p.get("condition", "继续教育学时不足（{gaps}），允许先参评后补训")
        return Outcome(CONDITIONAL, message, text.replace("{gaps}", gaps))
    return Outcome(FAIL, message)


def _h(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@kind("appraisals", years="list[int]", minimum="str")
def appraisals(ctx: Any, p: dict[str, Any]) -> Outcome:
    need = RESULT_RANK[p.get("minimum", "competent")]
    years = p["years"]
    by_year = {}
    for a in ctx.items("annual_appraisals"):
        if a.get("year") in years:
            by_year[a["year"]] = a.get("result")
    missing = [y for y in years if by_year.get(y) is None]
    low = [y for y in years if by_year.get(y) and RESULT_RANK[by_year[y]] < need]
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else f"{years[0]}年"
    want = RESULT_NAME[p.get("minimum", "competent")]
    if low:
        detail = "、".join(f"{y}年{RESULT_NAME[by_year[y]]}" for y in low)
        return Outcome(FAIL, f"{span}年度考核要求{want}及以上，{detail}")
    if missing:
        years_text = "、".join(str(y) for y in missing)
        return Outcome(UNKNOWN, f"未提供{years_text}年度考核结果（要求{want}及以上）")
    return Outcome(PASS, f"{span}年度考核均为{want}及以上")


@kind("outputs", count="int", kinds="list[str]", min_chars="int", first_author="bool",
      max_authors="int", written_before="date", published="bool", allow_thesis="bool",
      label="str", per_kind="dict", soft="list[str]", written_during_work="bool",
      written_by_as_of="bool", at_least_of_kind="dict")
def outputs(ctx: Any, p: dict[str, Any]) -> Outcome:
    """At least `count` outputs of the kinds, long enough, own enough, and on time.

    per_kind maps a kind to its own item parameters (min_chars, first_author, max_authors,
    published, allow_thesis, soft), overriding the rule's. soft names item parameters that
    are only a rule of thumb (原则上, 一般): breaking one makes the item need review
    (unknown) instead of not counting. written_during_work: written on or after the start
    of the earliest technical work period (任职期间); written_by_as_of: not after as_of.
    at_least_of_kind: of the `count`, at least so many of a kind (e.g. {technical_summary = 1}
    for "2篇成果，其中至少包括1篇技术总结报告").
    """
    kinds = p["kinds"]
    label = p.get("label") or "或".join(KIND_NAME.get(k, k) for k in kinds)
    need = int(p.get("count", 1))
    good, reasons, unknowns = 0, [], 0
    doubts: list[str] = []
    of_kind: dict[str, int] = p.get("at_least_of_kind") or {}
    good_of: dict[str, int] = dict.fromkeys(of_kind, 0)
    unsure_of: dict[str, int] = dict.fromkeys(of_kind, 0)
    first_work = min((w["from"] for w in ctx.items("work_history")
                      if w.get("technical") is True and w.get("from")), default=None)
    for o in ctx.items("outputs"):
        if o.get("kind") not in kinds:
            continue
        q = {**p, **(p.get("per_kind") or {}).get(o["kind"], {})}
        why = _written_problem(ctx, o, q, first_work)
        if why is None:
            why = _output_problem(o, q)
            if why not in (None, "?") and q.get("soft"):
                hard = {k: v for k, v in q.items() if k not in q["soft"]}
                if _output_problem(o, hard) is None:
                    doubts.append(f"{KIND_NAME.get(o['kind'], o['kind'])}{why}")
                    why = "?"
        if why is None:
            good += 1
            if o["kind"] in good_of:
                good_of[o["kind"]] += 1
        elif why == "?":
            unknowns += 1
            if o["kind"] in unsure_of:
                unsure_of[o["kind"]] += 1
        else:
            reasons.append(f"{KIND_NAME.get(o['kind'], o['kind'])}{why}"
                           if p.get("per_kind") else why)
    message = f"符合要求的{label}{good}篇，要求≥{need}篇"
    if p.get("min_chars"):
        message += f"（每篇≥{p['min_chars']}字）"
    for k, m in of_kind.items():
        message += f"，其中{KIND_NAME.get(k, k)}{good_of[k]}篇（要求≥{m}篇）"
    if reasons:
        message += "；不计入：" + "、".join(reasons[:3])
    if doubts:
        message += "；需审核：" + "、".join(doubts[:3])
    if good >= need and all(good_of[k] >= m for k, m in of_kind.items()):
        return Outcome(PASS, message)
    if good + unknowns >= need and all(good_of[k] + unsure_of[k] >= m
                                       for k, m in of_kind.items()):
        return Outcome(UNKNOWN, message + "；部分材料信息不全，需审核")
    return Outcome(FAIL, message)


def _written_problem(ctx: Any, o: dict[str, Any], p: dict[str, Any],
                     first_work: Any) -> str | None:
    if not (p.get("written_during_work") or p.get("written_by_as_of")):
        return None
    written = o.get("written")
    if written is None:
        return "?"
    if p.get("written_by_as_of") and written > ctx.as_of:
        return f"{written.isoformat()}撰写，晚于{ctx.as_of.isoformat()}"
    if p.get("written_during_work"):
        if first_work is None:
            return "?"
        if written < first_work:
            return f"{written.isoformat()}撰写，早于参加专业技术工作（{first_work.isoformat()}）"
    return None


def _output_problem(o: dict[str, Any], p: dict[str, Any]) -> str | None:
    if o.get("thesis") is True and not p.get("allow_thesis", False):
        return "学位论文"
    if p.get("min_chars"):
        if o.get("chars") is None:
            return "?"
        if o["chars"] < p["min_chars"]:
            return f"{o['chars']}字不足{p['min_chars']}字"
    if p.get("written_before"):
        if o.get("written") is None:
            return "?"
        if o["written"] > p["written_before"]:
            return f"{o['written'].isoformat()}撰写，晚于{p['written_before'].isoformat()}"
    if p.get("first_author") and o.get("first_author") is False:
        return "非第一作者"
    if p.get("max_authors") and (o.get("authors") or 1) > p["max_authors"]:
        return f"作者{o['authors']}人超过{p['max_authors']}人"
    if p.get("published") and o.get("published") is False:
        return "未公开发表"
    return None


