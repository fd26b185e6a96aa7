"""Who may apply at all: specialty, region, residency, employment, age and exclusions."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import periods
from ..verdict import CONDITIONAL, FAIL, NOT_APPLICABLE, PASS, UNKNOWN, Outcome
from . import kind

OWNERSHIP = {"private": "民营企业", "state_owned": "国有企业", "public_institution": "事业单位",
             "foreign": "外资企业", "government": "机关"}
STATUS = {"employed": "在职", "freelance": "自由职业", "unemployed": "未就业", "retired": "已退休"}


@kind("specialty", accepted="list[str]", excluded="list[str]", names="dict")
def specialty(ctx: Any, p: dict[str, Any]) -> Outcome:
    code = ctx.get("application", "specialty")
    names = p.get("names", {})
    if code is None:
        return Outcome(UNKNOWN, "未填写申报专业")
    label = names.get(code, code)
    if code in p.get("excluded", []):
        return Outcome(FAIL, f"申报专业“{label}”不在本次评审范围（通知明确排除）")
    if code in p.get("accepted", []):
        return Outcome(PASS, f"申报专业“{label}”属于本次评审范围")
    return Outcome(FAIL, f"申报专业“{label}”不属于本次评审专业")


_REGION_LABEL = {"region": "单位所在地区", "zone": "单位所在园区",
                 "personnel_file": "人事档案所在地"}


@kind("region", field="str", prefixes="list[str]", label="str", review_prefixes="list[str]",
      review_note="str", within="list[str]")
def region(ctx: Any, p: dict[str, Any]) -> Outcome:
    """The employer's region (or zone) starts with one of the prefixes.

    field: "region" (default) or "zone" of the employer, or "personnel_file" for the
    applicant's `residency.personnel_file_region` (人事档案所在地).
    review_prefixes: regions the committee may accept but the notice does not settle (e.g.
    "以浦东新区为主": other districts of the city) give unknown, with review_note appended.
    within (with field = "zone"): the regions the zone lies in. When the zone is not given,
    an employer region outside them fails (the employer cannot be in the zone); otherwise
    it stays unknown.
    """
    field = p.get("field", "region")
    if field == "personnel_file":
        value = ctx.get("residency", "personnel_file_region")
    else:
        value = ctx.get("employment", "employer", field)
    label = p.get("label") or _REGION_LABEL.get(field, "单位所在园区")
    wanted = "、".join(p["prefixes"])
    if not value:
        within = p.get("within")
        where = ctx.get("employment", "employer", "region") if within else None
        if within and where and not where.startswith(tuple(within)):
            return Outcome(FAIL, f"未填写{label}；单位所在地区为{where}，不在{'、'.join(within)}，"
                                 f"不属于{wanted}")
        if where:
            return Outcome(UNKNOWN, f"未填写{label}（单位所在地区为{where}），须为{wanted}，"
                                    f"请核实")
        return Outcome(UNKNOWN, f"未填写{label}，须为{wanted}")
    if value.startswith(tuple(p["prefixes"])):
        return Outcome(PASS, f"{label}为{value}，属于{wanted}")
    if value.startswith(tuple(p.get("review_prefixes", ()))):
        note = p.get("review_note", "需评审机构确认是否受理")
        return Outcome(UNKNOWN, f"{label}为{value}，不属于{wanted}；{note}")
    return Outcome(FAIL, f"{label}为{value}，不属于{wanted}")


@kind("residency", hukou="list[str]", permit="list[str]", social_security_region="list[str]",
      social_security_months="int", within_months="int", on="date")
def residency(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Local hukou, or a valid residence permit, or enough months of local social security.

    on: the date the conditions are assessed at (e.g. 至申报截止日), default as_of. The
    permit must be valid on it; the social-security window is the within_months months
    ending with its month; a record's declared `to` counts up to that month, an open `to`
    up to the as_of month. With `hukou` set and hukou_region absent, a failure is unknown.
    """
    res = ctx.get("residency") or {}
    on: date = p.get("on") or ctx.as_of
    hukou = res.get("hukou_region")
    if hukou and hukou.startswith(tuple(p.get("hukou", ()))):
        return Outcome(PASS, f"户籍在{hukou}")
    for permit in res.get("residence_permits") or []:
        if (permit.get("region") and any(permit["region"].startswith(x)
                                         for x in p.get("permit", []))
                and permit.get("valid_until") and permit["valid_until"] >= on):
            return Outcome(PASS, f"持有效居住证（{permit['region']}，有效期至"
                                 f"{permit['valid_until'].isoformat()}）")
    need, within = p.get("social_security_months"), p.get("within_months")
    regions = p.get("social_security_region", p.get("hukou", []))
    records = res.get("social_security")
    no_hukou = bool(p.get("hukou")) and hukou is None and bool(res)
    if need and within:
        last = on.year * 12 + on.month - 1
        known = min(last, ctx.as_of.year * 12 + ctx.as_of.month - 1)
        start_index = last - within + 1
        months: set[int] = set()
        for rec in records or []:
            if not (rec.get("region") and rec["region"].startswith(tuple(regions))):
                continue
            if not rec.get("from"):
                continue
            f = rec["from"][0] * 12 + rec["from"][1] - 1
            t = (rec["to"][0] * 12 + rec["to"][1] - 1) if rec.get("to") else known
            months.update(range(max(f, start_index), min(t, last) + 1))
        n = len(months)
        where = "、".join(regions)
        recent = f"近{within}个月"
        if p.get("on"):
            recent += f"（{_month(start_index)}至{_month(last)}）"
        if n >= need:
            return Outcome(PASS, f"{recent}在{where}累计缴纳社会保险{n}个月"
                                 f"（要求≥{need}个月）")
        if not res:
            return Outcome(UNKNOWN, f"未提供户籍、居住证或社会保险信息：须本地户籍、有效居住证"
                                    f"或近{within}个月累计缴纳社保≥{need}个月")
        if no_hukou:
            return Outcome(UNKNOWN, f"未填写户籍所在地；无有效居住证，{recent}在{where}"
                                    f"累计缴纳社会保险{n}个月（要求≥{need}个月），需核对户籍")
        return Outcome(FAIL, f"非本地户籍、无有效居住证，{recent}在{where}累计缴纳社会保险"
                             f"{n}个月（要求≥{need}个月）")
    if not res:
        return Outcome(UNKNOWN, "未提供户籍或居住证信息")
    if no_hukou:
        return Outcome(UNKNOWN, "未填写户籍所在地，且无有效居住证，需核对户籍")
    return Outcome(FAIL, "非本地户籍且无有效居住证")


def _month(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year}-{month + 1:02d}"


@kind("employment", statuses="list[str]", excluded_ownership="list[str]",
      exclude_civil_servants="bool", exclude_civil_service_managed="bool",
      require_contract="bool", ownership="list[str]")
def employment(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Who may apply by employment status, ownership of the employer and civil-service status.

    ownership: the employer kinds the notice admits (e.g. 民营企业 = private); a kind in
    excluded_ownership fails, any other kind (e.g. 外资 when the notice only says 民营) or an
    absent one is unknown. Without it only excluded_ownership applies.
    """
    emp = ctx.get("employment") or {}
    employer = emp.get("employer") or {}
    if p.get("exclude_civil_servants", True) and emp.get("civil_servant") is True:
        return Outcome(FAIL, "公务员不得申报")
    if p.get("exclude_civil_service_managed", True) and employer.get(
            "civil_service_managed") is True:
        return Outcome(FAIL, "参照公务员法管理单位的工作人员不得申报")
    ownership = employer.get("ownership")
    if ownership and ownership in p.get("excluded_ownership", []):
        return Outcome(FAIL, f"单位性质为{OWNERSHIP.get(ownership, ownership)}，不在申报范围")
    status = emp.get("status")
    allowed = p.get("statuses", ["employed"])
    if status is None:
        return Outcome(UNKNOWN, "未填写就业状态")
    if status not in allowed:
        return Outcome(FAIL, f"就业状态为{STATUS.get(status, status)}，不在申报范围")
    if p.get("require_contract") and emp.get("has_contract") is not True:
        if emp.get("has_contract") is None:
            return Outcome(UNKNOWN, "未说明是否与单位签订劳动（聘用）合同")
        return Outcome(FAIL, "未与单位签订劳动（聘用）合同")
    if p.get("exclude_civil_servants", True) and emp.get("civil_servant") is None:
        return Outcome(UNKNOWN, "未说明是否为公务员")
    only = p.get("ownership")
    if only and ownership not in only:
        names = "、".join(OWNERSHIP.get(o, o) for o in only)
        if ownership is None:
            return Outcome(UNKNOWN, f"未填写单位性质（须为{names}）")
        return Outcome(UNKNOWN, f"单位性质为{OWNERSHIP.get(ownership, ownership)}，"
                                f"是否属于{names}需审核")
    parts = [STATUS.get(status, status)]
    if ownership:
        parts.append(OWNERSHIP.get(ownership, ownership))
    return Outcome(PASS, "，".join(parts) + "，符合申报范围")


ID_NAME = {"resident_id": "居民身份证", "passport": "护照",
           "hk_macao_permit": "港澳居民来往内地通行证", "taiwan_permit": "台湾居民来往大陆通行证",
           "foreign_permanent_id": "外国人永久居留身份证"}


@kind("id_document", accepted="list[str]", review="list[str]", check="str",
      not_applicable="list[str]")
def id_document(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Who may apply by identity document (港澳台、外籍人员).

    accepted: `person.id_type` values that pass; review: values that are unknown, `check`
    saying what a reviewer must see (e.g. a passport holder's 外国人来华工作许可证, which the
    profile does not record); not_applicable (default ["resident_id"]): values the clause
    does not concern. Any other value fails; an absent one is unknown.
    """
    id_type = ctx.get("person", "id_type")
    if id_type is None:
        return Outcome(UNKNOWN, "未填写证件类型，无法核对是否属于可申报的港澳台或外籍人员")
    name = ID_NAME.get(id_type, id_type)
    if id_type in p.get("not_applicable", ["resident_id"]):
        return Outcome(NOT_APPLICABLE, f"持{name}，本项不适用")
    if id_type in p["accepted"]:
        return Outcome(PASS, f"持{name}，属于可申报人员")
    if id_type in p.get("review", []):
        return Outcome(UNKNOWN, f"持{name}；{p.get('check', '需审核是否属于可申报人员')}")
    return Outcome(FAIL, f"持{name}，不属于通知所列可申报人员")


@kind("retirement", by="str", date="date", allow_extended="bool")
def retirement(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Not retired, and the statutory retirement date (2025 reform) falls after `by`.

    by = "year_end": after 31 December of the plan year (当年度达到法定退休年龄的不得申报);
    by = "date": after the given date; by = "as_of": after the profile's date;
    by = "status": only 离退休人员 (employment.status retired) are refused, the statutory age
    is not compared (the notice states no age).
    """
    emp = ctx.get("employment") or {}
    if emp.get("status") == "retired":
        return Outcome(FAIL, "已退休人员不得申报")
    if p.get("by") == "status":
        status = emp.get("status")
        if status is None:
            return Outcome(UNKNOWN, "未填写就业状态，无法核对是否为离退休人员")
        return Outcome(PASS, f"就业状态为{STATUS.get(status, status)}，不属于离退休人员")
    person = ctx.get("person") or {}
    birth, sex = person.get("birth_date"), person.get("sex")
    if birth is None or sex is None:
        return Outcome(UNKNOWN, "未填写出生日期或性别，无法核对法定退休年龄")
    by = p.get("by", "year_end")
    limit = (date(ctx.year, 12, 31) if by == "year_end"
             else p["date"] if by == "date" else ctx.as_of)
    if sex == "female" and person.get("female_retirement_baseline") is None:
        dates = {periods.retirement_date(birth, sex, b) for b in (50, 55)}
        if all(d > limit for d in dates):
            return Outcome(PASS, f"法定退休时间晚于{limit.isoformat()}")
        if all(d <= limit for d in dates):
            return _retired(emp, p, min(dates), limit)
        return Outcome(UNKNOWN, "未说明女职工退休年龄基准（50或55周岁），无法判断是否当年达到"
                                "法定退休年龄")
    baseline = person.get("female_retirement_baseline") or 55
    when = periods.retirement_date(birth, sex, baseline)
    if when > limit:
        return Outcome(PASS, f"法定退休时间{when.isoformat()}，晚于{limit.isoformat()}")
    return _retired(emp, p, when, limit)


def _retired(emp: dict[str, Any], p: dict[str, Any], when: date, limit: date) -> Outcome:
    if p.get("allow_extended") and emp.get("retirement_extended") is True:
        return Outcome(PASS, f"法定退休时间{when.isoformat()}，已办理延迟退休")
    return Outcome(FAIL, f"法定退休时间{when.isoformat()}，不晚于{limit.isoformat()}，不得申报")


def _in_effect(items: list[dict[str, Any]], on: date) -> dict[str, Any] | None:
    for item in items:
        start, until = item.get("from"), item.get("until")
        if (start is None or start <= on) and (until is None or until >= on):
            return item
    return None


@kind("discipline", on="str")
def discipline(ctx: Any, p: dict[str, Any]) -> Outcome:
    on = _on(ctx, p)
    hit = _in_effect(ctx.items("discipline"), on)
    if hit:
        return Outcome(FAIL, f"处分期内（{_period(hit)}）不得申报")
    return Outcome(PASS, f"{on.isoformat()}不在处分影响期内")


@kind("integrity", on="str", in_effect="str", check="str")
def integrity(ctx: Any, p: dict[str, Any]) -> Outcome:
    """An integrity (失信) record in effect fails; with in_effect = "unknown" (the notice only
    names the document that settles its effect) it is unknown, `check` saying what to verify."""
    on = _on(ctx, p)
    hit = _in_effect(ctx.items("integrity_records"), on)
    if hit and p.get("in_effect") == "unknown":
        check = p.get("check", "能否申报需审核")
        return Outcome(UNKNOWN, f"{on.isoformat()}处于失信（诚信档案）记录期内（{_period(hit)}），"
                                f"{check}")
    if hit:
        return Outcome(FAIL, f"失信记录有效期内（{_period(hit)}）不得申报")
    return Outcome(PASS, f"{on.isoformat()}无有效期内的失信记录")


def _on(ctx: Any, p: dict[str, Any]) -> date:
    on = p.get("on", "as_of")
    return date(ctx.year, 12, 31) if on == "year_end" else ctx.as_of


def _period(item: dict[str, Any]) -> str:
    start = item.get("from").isoformat() if item.get("from") else "…"
    until = item.get("until").isoformat() if item.get("until") else "…"
    return f"{start}至{until}"


@kind("prior_failure", years_back="int", same_level="bool", levels="list[str]",
      regions="list[str]", related_specialty="bool", exception_award_levels="list[str]",
      exception_award_related="bool")
def prior_failure(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Failed the same evaluation in the previous year(s): barred this year.

    regions: only evaluations whose region starts with one of these prefixes count (本市).
    related_specialty: only evaluations in a related specialty count (相近专业). A record
    with the field absent gives unknown. exception_award_levels: an award of one of these
    levels in the plan year (申报当年) lifts the bar, specialty-related unless
    exception_award_related = false.
    """
    back = p.get("years_back", 1)
    levels = p.get("levels")
    regions = p.get("regions")
    barred: dict[str, Any] | None = None
    unsure: dict[str, Any] | None = None
    for ev in ctx.items("prior_evaluations"):
        year = ev.get("year")
        if year is None or not (ctx.year - back <= year < ctx.year):
            continue
        if levels and ev.get("level") not in levels:
            continue
        if ev.get("passed") is not False:
            continue
        missing = False
        if regions:
            if ev.get("region") is None:
                missing = True
            elif not ev["region"].startswith(tuple(regions)):
                continue
        if p.get("related_specialty"):
            if ev.get("related_specialty") is None:
                missing = True
            elif ev["related_specialty"] is False:
                continue
        if missing:
            unsure = unsure or ev
        else:
            barred = ev
            break
    hit = barred or unsure
    if hit is None:
        return Outcome(PASS, f"近{back}年无未通过的同级评审记录")
    award = _exception_award(ctx, p)
    if award:
        return Outcome(PASS, f"{hit['year']}年度评审未通过，但申报当年获本专业{award}奖项，"
                             f"属例外情形，可申报（工作业绩突出由评委会审核）")
    if barred is None:
        return Outcome(UNKNOWN, f"{hit['year']}年度评审未通过，未说明评审地区或是否相近专业，"
                                f"需核对是否属于上一年度本市相近专业评审未通过")
    return Outcome(FAIL, f"{hit['year']}年度评审未通过，本年度不得申报")


def _exception_award(ctx: Any, p: dict[str, Any]) -> str | None:
    names = {"district": "区级", "city": "市级", "provincial": "省级", "national": "国家级"}
    wanted = p.get("exception_award_levels")
    if not wanted:
        return None
    for a in ctx.items("awards"):
        if a.get("level") in wanted and a.get("year") == ctx.year and (
                p.get("exception_award_related") is False or a.get("specialty_related") is True):
            return names.get(a["level"], a["level"])
    return None


@kind("same_materials", years_back="int", failed_only="bool")
def same_materials(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Materials already evaluated in an earlier round, submitted unchanged.

    years_back: only evaluations of the previous N years count (1 = 去年); failed_only: only
    evaluations not passed count (e.g. "去年评审未通过…原封不动提交去年材料的不予受理"). A record
    whose year (or result) is absent when it matters is unknown.
    """
    back = p.get("years_back")
    failed_only = p.get("failed_only", False)
    unsure = None
    for ev in ctx.items("prior_evaluations"):
        if ev.get("same_materials") is not True:
            continue
        year = ev.get("year")
        if back is not None and year is not None and not (ctx.year - back <= year < ctx.year):
            continue
        if failed_only and ev.get("passed") is True:
            continue
        if (back is not None and year is None) or (failed_only and ev.get("passed") is None):
            unsure = unsure or ev
            continue
        return Outcome(FAIL, f"使用{year or '往'}年度已评审{'未通过' if failed_only else '过'}的"
                             f"相同材料申报，不予受理")
    if unsure is not None:
        return Outcome(UNKNOWN, "使用已评审过的相同材料申报，但未填写评审年度或评审结果，需核对"
                                "是否属于不予受理的情形")
    if back is not None:
        first = ctx.year - back
        years = f"{first}年度" if back == 1 else f"{first}—{ctx.year - 1}年度"
        return Outcome(PASS, f"未原封不动使用{years}已评审的材料")
    return Outcome(PASS, "未使用往年已评审的相同材料")


@kind("window", opens="date", closes="date")
def window(ctx: Any, p: dict[str, Any]) -> Outcome:
    opens, closes = p.get("opens"), p.get("closes")
    if opens and ctx.as_of < opens:
        return Outcome(FAIL, f"申报自{opens.isoformat()}开始，{ctx.as_of.isoformat()}尚未开始")
    if closes and ctx.as_of > closes:
        return Outcome(FAIL, f"申报已于{closes.isoformat()}截止")
    span = f"{opens.isoformat() if opens else '…'}至{closes.isoformat() if closes else '…'}"
    return Outcome(PASS, f"{ctx.as_of.isoformat()}在申报时间（{span}）内")


@kind("unknown", check="str", ownership="list[str]")
def unknown(ctx: Any, p: dict[str, Any]) -> Outcome:
    """A requirement the notice names only by reference: a reviewer checks it.

    ownership: the requirement concerns only employers of these kinds (e.g. 事业单位实行评聘
    结合); for other employers it is not_applicable, and unknown when the kind is not given.
    """
    only = p.get("ownership")
    if not only:
        return Outcome(UNKNOWN, p["check"])
    own = ctx.get("employment", "employer", "ownership")
    if only and own is not None and own not in only:
        names = "、".join(OWNERSHIP.get(o, o) for o in only)
        return Outcome(NOT_APPLICABLE, f"单位性质为{OWNERSHIP.get(own, own)}，本项仅适用于{names}")
    if only and own is None:
        return Outcome(UNKNOWN, f"未填写单位性质；{p['check']}")
    return Outcome(UNKNOWN, p["check"])


@kind("not_applicable", note="str")
def not_applicable(ctx: Any, p: dict[str, Any]) -> Outcome:
    return Outcome(NOT_APPLICABLE, p.get("note", "不适用"))


@kind("social_security", regions="list[str]", months="int", within_months="int",
      substitute="str", label="str")
def social_security(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Social security paid in one of the regions: at least `months` (default 1) of the
    `within_months` months (default `months`) ending with the as_of month; an open `to`
    counts up to the as_of month.

    substitute: the notice lets an applicant with a labour (employment) contract replace the
    proof by other documents (e.g. 劳动合同、工资流水、纳税证明); lacking local social security,
    such an applicant is conditional with this text, one without a contract fails (unknown
    when the profile does not say).
    """
    need = int(p.get("months", 1))
    within = int(p.get("within_months", need))
    where = p.get("label") or "、".join(p["regions"])
    records = (ctx.get("residency") or {}).get("social_security")
    last = ctx.as_of.year * 12 + ctx.as_of.month - 1
    first = last - within + 1
    months: set[int] = set()
    for rec in records or []:
        region_ = rec.get("region")
        if not (region_ and rec.get("from")
                and region_.startswith(tuple(p["regions"]))):
            continue
        f = rec["from"][0] * 12 + rec["from"][1] - 1
        t = (rec["to"][0] * 12 + rec["to"][1] - 1) if rec.get("to") else last
        months.update(range(max(f, first), min(t, last) + 1))
    n = len(months)
    if records is None:
        message = f"未提供社会保险缴纳信息（要求近{within}个月在{where}缴纳≥{need}个月）"
    else:
        message = f"近{within}个月在{where}缴纳社会保险{n}个月（要求≥{need}个月）"
    if n >= need:
        return Outcome(PASS, message)
    if p.get("substitute"):
        contract = (ctx.get("employment") or {}).get("has_contract")
        if contract is True:
            return Outcome(CONDITIONAL, message + "；已与单位签订劳动（聘用）合同，可提供替代材料",
                           p["substitute"])
        if contract is None:
            return Outcome(UNKNOWN, message + "；未说明是否与单位签订劳动（聘用）合同（可凭合同等"
                                              "材料替代社保缴纳证明）")
        message += "；未与单位签订劳动（聘用）合同，不能以其他材料替代"
    return Outcome(UNKNOWN if records is None else FAIL, message)
