"""Education, years of professional work, titles held and skill certificates."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import periods
from ..verdict import FAIL, PASS, UNKNOWN, Outcome
from . import kind

LEVEL_RANK = {"doctorate": 5, "master": 4, "bachelor": 3, "associate": 2,
              "secondary_vocational": 1}
LEVEL_NAME = {"doctorate": "博士研究生", "master": "硕士研究生", "bachelor": "大学本科",
              "associate": "大学专科", "secondary_vocational": "中专（中职）"}
SCHOOL_EQUIV = {"intermediate_worker": "secondary_vocational", "senior_worker": "associate",
                "technician_prep": "bachelor"}
SCHOOL_NAME = {"intermediate_worker": "技工院校中级工班", "senior_worker": "技工院校高级工班",
               "technician_prep": "技工院校预备技师（技师）班"}
TITLE_NAME = {"assistant": "助理工程师", "intermediate": "工程师（中级）",
              "senior": "高级工程师"}
SKILL_NAME = {"senior_worker": "高级工", "technician": "技师", "senior_technician": "高级技师"}
SKILL_RANK = {"senior_worker": 1, "technician": 2, "senior_technician": 3}
TITLE_RANK = {"assistant": 1, "intermediate": 2, "senior": 3}


@kind("work_history")
def work_history(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Work periods must not overlap; the message names both periods when they do."""
    items = ctx.items("work_history")
    spans = []
    for w in items:
        start = w.get("from")
        end = w.get("to") or ctx.as_of
        if start is None:
            continue
        if w.get("to") and w["to"] < start:
            return Outcome(FAIL, f"工作经历 {_label(w)} 的结束日期早于开始日期")
        spans.append((start, end, w))
    clash = periods.first_overlap([(s, e) for s, e, _ in spans])
    if clash:
        a, b = spans[clash[0]][2], spans[clash[1]][2]
        return Outcome(FAIL, f"工作经历时间重叠：{_label(a)} 与 {_label(b)}")
    if not spans:
        return Outcome(UNKNOWN, "未填写工作经历")
    return Outcome(PASS, f"工作经历{len(spans)}段，时间无重叠")


def _label(w: dict[str, Any]) -> str:
    end = w["to"].isoformat() if w.get("to") else "今"
    name = w.get("employer") or ""
    return f"{w['from'].isoformat()}至{end}{('（' + name + '）') if name else ''}"


@kind("current_work", technical="bool", related="bool", interruption_at_as_of="str")
def current_work(ctx: Any, p: dict[str, Any]) -> Outcome:
    """The current post: the work period covering `as_of` (现岗位、现职从事).

    technical (default true): it must be technical work; related (default false): it must be
    related to the specialty applied for; interruption_at_as_of = "fail" (default "ignore"):
    an interruptions period containing as_of fails (not 在岗). An absent flag gives unknown.
    """
    on = ctx.as_of
    current = [w for w in ctx.items("work_history")
               if w.get("from") and w["from"] <= on and (w.get("to") is None or w["to"] >= on)]
    if not current:
        return Outcome(UNKNOWN, f"工作经历中没有{on.isoformat()}所在的现岗位，请核对现从事的工作")
    w = current[0]
    label = _label(w)
    checks = [("technical", p.get("technical", True), "专业技术岗位"),
              ("related", p.get("related", False), "与申报专业对口的岗位")]
    for key, wanted, name in checks:
        if not wanted:
            continue
        if w.get(key) is False:
            return Outcome(FAIL, f"现岗位（{label}）不是{name}")
        if w.get(key) is None:
            return Outcome(UNKNOWN, f"现岗位（{label}）未说明是否为{name}")
    if p.get("interruption_at_as_of", "ignore") == "fail":
        for i in ctx.items("interruptions"):
            if i.get("from") and i.get("to") and i["from"] <= on <= i["to"]:
                return Outcome(FAIL, f"{on.isoformat()}处于中断期（{i['from'].isoformat()}至"
                                     f"{i['to'].isoformat()}），不属于在岗从事本专业工作")
    wanted = "、".join([name for key, want, name in checks if want]) or "在职工作"
    return Outcome(PASS, f"现岗位（{label}）为{wanted}")


def _candidates(ctx: Any, use_school: bool) -> list[dict[str, Any]]:
    out = [e for e in ctx.items("education") if e.get("level") in LEVEL_RANK]
    if use_school:
        for s in ctx.items("technical_school"):
            level = SCHOOL_EQUIV.get(s.get("class") or "")
            if level:
                out.append({"level": level, "awarded": s.get("graduated"),
                            "mode": "full_time", "field": None, "related": None,
                            "_school": s["class"]})
    if len(out) > 1:
        out.sort(key=lambda e: -LEVEL_RANK[e["level"]])
    return out


def _edu_name(e: dict[str, Any]) -> str:
    if e.get("_school"):
        return f"{SCHOOL_NAME[e['_school']]}（视同{LEVEL_NAME[e['level']]}）"
    mode = "（非全日制）" if e.get("mode") == "part_time" else ""
    return LEVEL_NAME[e["level"]] + mode


@kind("education_years", table="table", cutoff="date", technical_school="bool",
      unrelated_extra_years="int", from_award="bool", require_related="bool",
      related_work="bool", held_by_as_of="bool")
def education_years(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Education level plus years of professional work since it (学历资历).

    table rows: {level, years, field?}. The highest usable education that passes wins; a
    part-time degree earned after starting work counts once one year of technical work
    follows it, and then all professional years count; otherwise the next one is tried.
    require_related: an education whose `related` is false is not usable (absent: unknown;
    技工院校 classes carry no such flag and are exempt). related_work: only work periods
    with `related` true count (本专业工作); periods with `related` absent that would change
    the result give unknown. held_by_as_of: an education awarded after `as_of` is not held.
    """
    cutoff = ctx.cutoff(p)
    rows = {r["level"]: r for r in p["table"]}
    extra = int(p.get("unrelated_extra_years", 0))
    tried: list[Outcome] = []
    first_work = min((w["from"] for w in ctx.items("work_history")
                      if w.get("technical") is True and w.get("from")), default=None)
    for e in _candidates(ctx, bool(p.get("technical_school"))):
        row = rows.get(e["level"])
        awarded = e.get("awarded")
        if row is None:
            continue
        name = _edu_name(e)
        if awarded is None:
            tried.append(Outcome(UNKNOWN, f"{name}未填写取得时间"))
            continue
        if p.get("held_by_as_of") and awarded > ctx.as_of:
            tried.append(Outcome(FAIL, f"{name}{awarded.isoformat()}取得，晚于"
                                       f"{ctx.as_of.isoformat()}，申报时尚未取得"))
            continue
        if row.get("field") and e.get("field") != row["field"]:
            if e.get("field") is None:
                tried.append(Outcome(UNKNOWN, f"{name}未说明所学专业类别"))
            continue
        if p.get("require_related") and not e.get("_school") and e.get("related") is not True:
            if e.get("related") is False:
                tried.append(Outcome(FAIL, f"{name}所学专业与申报专业不相关，不能作为申报学历"))
            else:
                tried.append(Outcome(UNKNOWN, f"{name}未说明所学专业是否与申报专业相关"))
            continue
        since: date | None = awarded if p.get("from_award", True) else None
        if e.get("mode") == "part_time" and first_work and awarded > first_work:
            after = periods.total(ctx.professional(cutoff, since=awarded))
            if after[0] < 12:
                tried.append(Outcome(FAIL, f"{name}{awarded.isoformat()}取得，取得后从事专业技术"
                                           f"工作{periods.fmt(*after)}，不足1年，暂不能作为申报学历"))
                continue
            since = None
        required = int(row["years"])
        unrelated = ""
        if extra and e.get("related") is False:
            required += extra
            unrelated = f"（所学专业不对口，增加{extra}年）"
        related = frozenset({True}) if p.get("related_work") else None
        months, days = periods.total(ctx.professional(cutoff, since=since, related=related))
        got = periods.fmt(months, days)
        counted = f"{awarded.isoformat()}取得{name}后" if since else f"具有{name}，"
        work = "本专业技术工作" if related else "专业技术工作"
        message = (f"{counted}从事{work}{got}（计算至{cutoff.isoformat()}），"
                   f"要求≥{required}年{unrelated}")
        if extra and e.get("related") is None and months >= 12 * row["years"] and (
                months < 12 * (required + extra)):
            tried.append(Outcome(UNKNOWN, message + f"；未说明所学专业是否对口（不对口须≥"
                                                    f"{required + extra}年）"))
            continue
        if months >= 12 * required:
            return Outcome(PASS, message)
        if related:
            more = periods.total(ctx.professional(cutoff, since=since,
                                                  related=frozenset({True, None})))
            if more[0] >= 12 * required:
                tried.append(Outcome(UNKNOWN, message + f"；计入未说明是否对口的工作经历则为"
                                                        f"{periods.fmt(*more)}，需核对"))
                continue
        tried.append(Outcome(FAIL, message))
    if not tried:
        wanted = "、".join(LEVEL_NAME[r["level"]] for r in p["table"])
        return Outcome(FAIL, f"无符合要求的学历（须为{wanted}之一）")
    unknowns = [t for t in tried if t.status == UNKNOWN]
    return unknowns[0] if unknowns else tried[0]


@kind("title_years", level="str", years="int", cutoff="date", series="str",
      after_cutoff="str", other_series="str")
def title_years(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Holding a title of at least `level` for `years` by the cut-off (任现职年限).

    after_cutoff = "unknown" (default "fail"): a title obtained after the cut-off but by
    as_of is held with 0 years counted, for a reviewer to weigh against rules the notice
    does not quote; one obtained after as_of still fails (not held when applying).
    other_series = "unknown" (default "fail"): with `series`, a title of the level in another
    series (转系列) is unknown instead of failing.
    """
    cutoff = ctx.cutoff(p)
    need_rank = TITLE_RANK[p["level"]]
    years = int(p.get("years", 0))
    name = TITLE_NAME[p["level"]]
    at_rank = [t for t in ctx.items("titles")
               if TITLE_RANK.get(t.get("level") or "", 0) >= need_rank]
    held = [t for t in at_rank
            if not p.get("series") or t.get("series") in (None, p["series"])]
    if not held:
        if at_rank and p.get("other_series") == "unknown":
            series = "、".join(sorted({str(t.get("series")) for t in at_rank}))
            return Outcome(UNKNOWN, f"未取得{name}职称，持有其他系列（{series}）同级及以上职称，"
                                    f"是否认可需按转系列规定核对")
        return Outcome(FAIL, f"未取得{name}职称")
    dated = [t for t in held if t.get("obtained")]
    if not dated:
        return Outcome(UNKNOWN, f"{name}职称未填写取得时间")
    best = min(dated, key=lambda t: t["obtained"])
    obtained = best["obtained"]
    if obtained > cutoff:
        if p.get("after_cutoff") == "unknown" and obtained <= ctx.as_of:
            return Outcome(UNKNOWN, f"{name}职称于{obtained.isoformat()}取得，晚于年限计算截止日"
                                    f"{cutoff.isoformat()}（任职年限按0计），需审核")
        if p.get("after_cutoff") == "unknown":
            return Outcome(FAIL, f"{name}职称于{obtained.isoformat()}取得，申报时"
                                 f"（{ctx.as_of.isoformat()}）尚未取得")
        return Outcome(FAIL, f"{name}职称于{obtained.isoformat()}取得，晚于{cutoff.isoformat()}")
    months, days = periods.span(obtained, cutoff)
    message = (f"{obtained.isoformat()}取得{name}，任职{periods.fmt(months, days)}"
               f"（计算至{cutoff.isoformat()}），要求≥{years}年")
    if not years:
        return Outcome(PASS, f"已于{obtained.isoformat()}取得{name}")
    return Outcome(PASS if months >= 12 * years else FAIL, message)


@kind("skill_years", levels="list[str]", years="int", cutoff="date")
def skill_years(ctx: Any, p: dict[str, Any]) -> Outcome:
    """A skill certificate of one of `levels` plus `years` of technical work since it
    (years = 0: only holding one by the cut-off)."""
    cutoff = ctx.cutoff(p)
    years = int(p["years"])
    wanted = "或".join(SKILL_NAME[x] for x in p["levels"])
    held = [s for s in ctx.items("skills") if s.get("level") in p["levels"]]
    if not held:
        return Outcome(FAIL, f"未取得{wanted}职业资格（职业技能等级）")
    dated = [s for s in held if s.get("obtained")]
    if not dated:
        return Outcome(UNKNOWN, f"{wanted}证书未填写取得时间")
    if not years:
        s = min(dated, key=lambda s: s["obtained"])
        if s["obtained"] > cutoff:
            return Outcome(FAIL, f"{SKILL_NAME[s['level']]}于{s['obtained'].isoformat()}取得，"
                                 f"晚于{cutoff.isoformat()}")
        return Outcome(PASS, f"已于{s['obtained'].isoformat()}取得{SKILL_NAME[s['level']]}")
    best_message = ""
    for s in sorted(dated, key=lambda s: s["obtained"]):
        months, days = periods.total(ctx.professional(cutoff, since=s["obtained"]))
        best_message = (f"{s['obtained'].isoformat()}取得{SKILL_NAME[s['level']]}后从事技术技能"
                        f"工作{periods.fmt(months, days)}（计算至{cutoff.isoformat()}），"
                        f"要求≥{years}年")
        if months >= 12 * years:
            return Outcome(PASS, best_message)
    return Outcome(FAIL, best_message)


@kind("work_years", years="int", cutoff="date")
def work_years(ctx: Any, p: dict[str, Any]) -> Outcome:
    cutoff = ctx.cutoff(p)
    if not ctx.items("work_history"):
        return Outcome(UNKNOWN, "未填写工作经历")
    months, days = periods.total(ctx.professional(cutoff))
    years = int(p["years"])
    message = (f"从事专业技术工作{periods.fmt(months, days)}（计算至{cutoff.isoformat()}），"
               f"要求≥{years}年")
    return Outcome(PASS if months >= 12 * years else FAIL, message)


@kind("education_min", level="str", technical_school="bool")
def education_min(ctx: Any, p: dict[str, Any]) -> Outcome:
    need = LEVEL_RANK[p["level"]]
    best = _candidates(ctx, bool(p.get("technical_school")))
    if not best:
        return Outcome(FAIL, f"未填写学历，要求{LEVEL_NAME[p['level']]}及以上")
    top = best[0]
    ok = LEVEL_RANK[top["level"]] >= need
    return Outcome(PASS if ok else FAIL,
                   f"最高学历{_edu_name(top)}，要求{LEVEL_NAME[p['level']]}及以上")


@kind("no_title_at_or_above", level="str", first_application="bool")
def no_title_at_or_above(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Applying for a level one already holds is pointless: refused.

    first_application: the rule stands for "首次申报职称时" (level = "assistant": holding no
    title at all), and its messages say so.
    """
    rank = TITLE_RANK[p["level"]]
    first = p.get("first_application")
    for t in ctx.items("titles"):
        if TITLE_RANK.get(t.get("level") or "", 0) >= rank:
            if first:
                return Outcome(FAIL, f"已取得{TITLE_NAME[t['level']]}职称，不属于首次申报职称")
            return Outcome(FAIL, f"已取得{TITLE_NAME[t['level']]}职称，无需申报同级")
    if first:
        return Outcome(PASS, f"未取得{TITLE_NAME[p['level']]}及以上职称，属于首次申报职称")
    return Outcome(PASS, f"未取得{TITLE_NAME[p['level']]}及以上职称")


@kind("qualification", names="list[str]", cutoff="date")
def qualification(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Holding a 职业资格 (vocational or entry qualification, e.g. 建造师) recorded in
    `qualifications` by the cut-off; `names` (substrings) limits which ones count. An absent
    list means none; an entry without `obtained` is unknown."""
    cutoff = ctx.cutoff(p)
    names = p.get("names")
    wanted = "、".join(names) if names else "职业资格"
    held = [q for q in ctx.items("qualifications")
            if not names or any(n in (q.get("name") or "") for n in names)]
    if not held:
        return Outcome(FAIL, f"未填写{wanted}证书")
    dated = [q for q in held if q.get("obtained")]
    if not dated:
        return Outcome(UNKNOWN, f"{held[0].get('name') or wanted}未填写取得时间")
    q = min(dated, key=lambda q: q["obtained"])
    label = q.get("name") or wanted
    if q["obtained"] > cutoff:
        return Outcome(FAIL, f"{label}于{q['obtained'].isoformat()}取得，晚于{cutoff.isoformat()}")
    return Outcome(PASS, f"已于{q['obtained'].isoformat()}取得{label}")
