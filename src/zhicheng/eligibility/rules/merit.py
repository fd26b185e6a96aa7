"""Routes by merit: honours, direct categories, k-of-n conditions, enterprise honours, scores."""

from __future__ import annotations

from typing import Any

from .. import periods
from ..verdict import FAIL, PASS, UNKNOWN, Outcome
from . import kind


@kind("honours", kinds="list[str]", names="dict", since_year="int")
def honours(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Holding one of the named honours (direct application, 破格)."""
    names = p.get("names", {})
    since = p.get("since_year")
    for h in ctx.items("honours"):
        if h.get("kind") in p["kinds"] and (since is None or (h.get("year") or 0) >= since):
            return Outcome(PASS, f"获得{names.get(h['kind'], h['kind'])}（{h.get('year', '')}年）")
    wanted = "、".join(names.get(k, k) for k in p["kinds"])
    return Outcome(FAIL, f"未获得可直接申报的荣誉（{wanted}）")


@kind("direct_category", categories="list[str]", names="dict")
def direct_category(ctx: Any, p: dict[str, Any]) -> Outcome:
    cat = ctx.get("application", "direct_category")
    names = p.get("names", {})
    if cat and cat in p["categories"]:
        return Outcome(PASS, f"属于直接申报情形：{names.get(cat, cat)}")
    return Outcome(FAIL, "不属于可直接申报的情形")


@kind("alternatives", codes="list[str]", names="dict", at_least="int", work_years="dict",
      related_work="bool", cutoff="date")
def alternatives(ctx: Any, p: dict[str, Any]) -> Outcome:
    """At least `at_least` of the listed conditions (e.g. 上虞's two of five).

    work_years maps a code to years of professional work (e.g. {ten_years = 10} for
    从事本专业技术工作10年以上): that condition is computed from the work history up to the
    cut-off, whatever the applicant declared. related_work: only periods with `related` true
    count; when periods with `related` absent would make up the years, it is unknown.
    """
    names = p.get("names", {})
    computed = p.get("work_years") or {}
    declared = ctx.get("achievements", "alternative_conditions") or []
    held = [c for c in declared if c in p["codes"] and c not in computed]
    notes: list[str] = []
    unsure = 0
    need = int(p.get("at_least", 1))
    wanted = [c for c in computed if c in p["codes"]]
    if len(held) + len(wanted) < need and not any(c in declared for c in wanted):
        wanted = []  # cannot change the result, and nothing declared to contradict
    for code in wanted:
        years = computed[code]
        state, note = _work_condition(ctx, p, names.get(code, code), int(years))
        if state is True:
            held.append(code)
        elif state is None:
            unsure += 1
        elif code in declared:
            note += "，申报的该项条件与工作经历不符，不计入"
        notes.append(note)
    listed = "、".join(names.get(c, c) for c in held) or "无"
    message = f"具备{len(p['codes'])}项条件中的{len(held)}项（{listed}），要求≥{need}项"
    if notes:
        message += "；" + "；".join(notes)
    if len(held) >= need:
        return Outcome(PASS, message)
    return Outcome(UNKNOWN if len(held) + unsure >= need else FAIL, message)


def _work_condition(ctx: Any, p: dict[str, Any], name: str, years: int
                    ) -> tuple[bool | None, str]:
    """Whether professional years reach `years` (None: only with work of unknown relevance)."""
    cutoff = ctx.cutoff(p)
    related = frozenset({True}) if p.get("related_work") else None
    months, days = periods.total(ctx.professional(cutoff, related=related))
    work = "本专业技术工作" if related else "专业技术工作"
    note = (f"{name}：从事{work}{periods.fmt(months, days)}（计算至{cutoff.isoformat()}），"
            f"要求≥{years}年")
    if months >= 12 * years:
        return True, note
    if related:
        more = periods.total(ctx.professional(cutoff, related=frozenset({True, None})))
        if more[0] >= 12 * years:
            return None, note + f"；计入未说明是否对口的工作经历则为{periods.fmt(*more)}，需核对"
    return False, note


@kind("enterprise_honour", levels="list[str]", published_from="date", published_until="date",
      main_technical_lead="bool", quota="dict")
def enterprise_honour(ctx: Any, p: dict[str, Any]) -> Outcome:
    """An enterprise honour published in the window, the applicant its main technical lead,
    within the enterprise's quota per level."""
    eh = ctx.get("achievements", "enterprise_honour")
    if not eh:
        return Outcome(FAIL, "无企业荣誉")
    level = eh.get("level")
    names = {"national": "国家级", "provincial": "省级"}
    if level not in p["levels"]:
        return Outcome(FAIL, f"企业荣誉级别{names.get(level, level)}不在认可范围")
    published = eh.get("published")
    lo, hi = p.get("published_from"), p.get("published_until")
    if published is None:
        return Outcome(UNKNOWN, "企业荣誉未填写公布时间")
    if (lo and published < lo) or (hi and published > hi):
        window = f"{lo.isoformat() if lo else '…'}至{hi.isoformat() if hi else '…'}"
        return Outcome(FAIL, f"企业荣誉公布于{published.isoformat()}，不在认可期间{window}内")
    if p.get("main_technical_lead", True):
        lead = eh.get("main_technical_lead")
        if lead is None:
            return Outcome(UNKNOWN, "未说明是否为企业主要技术负责人")
        if lead is False:
            return Outcome(FAIL, "非企业主要技术负责人")
    quota = (p.get("quota") or {}).get(level)
    used = eh.get("enterprise_quota_used")
    if quota is not None:
        if used is None:
            return Outcome(UNKNOWN, f"未说明企业已使用名额（{names[level]}荣誉限{quota}人）")
        if used > quota:
            return Outcome(FAIL, f"企业已使用名额{used}人，超过{names[level]}荣誉限额{quota}人")
    return Outcome(PASS, f"企业获{names[level]}荣誉（{published.isoformat()}公布），"
                         f"本人为主要技术负责人")


@kind("quantified_score", minimum="num")
def quantified_score(ctx: Any, p: dict[str, Any]) -> Outcome:
    score = ctx.get("achievements", "quantified_self_score")
    if score is None:
        return Outcome(UNKNOWN, f"未填写量化评价自评分（要求≥{p['minimum']}分）")
    ok = score >= p["minimum"]
    return Outcome(PASS if ok else FAIL, f"量化评价自评{score}分，要求≥{p['minimum']}分")


@kind("projects_led", minimum="int")
def projects_led(ctx: Any, p: dict[str, Any]) -> Outcome:
    n = ctx.get("achievements", "projects_led")
    if n is None:
        return Outcome(UNKNOWN, f"未填写主持项目数（要求≥{p['minimum']}项）")
    return Outcome(PASS if n >= p["minimum"] else FAIL, f"主持项目{n}项，要求≥{p['minimum']}项")


@kind("awards", levels="list[str]", since_year="int", specialty_related="bool")
def awards(ctx: Any, p: dict[str, Any]) -> Outcome:
    names = {"district": "区级", "city": "市级", "provincial": "省级", "national": "国家级"}
    for a in ctx.items("awards"):
        if a.get("level") in p["levels"] and (
                p.get("since_year") is None or (a.get("year") or 0) >= p["since_year"]) and (
                not p.get("specialty_related") or a.get("specialty_related") is True):
            return Outcome(PASS, f"获{names.get(a['level'], a['level'])}奖励（{a.get('year')}年）")
    wanted = "、".join(names.get(x, x) for x in p["levels"])
    return Outcome(FAIL, f"未获得{wanted}相关奖励")
