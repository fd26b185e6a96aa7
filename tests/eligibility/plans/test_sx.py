"""sx-shangyu-2023-engineer: the boundary cases of docs/requirements/004-sx.md and more from
the notice (虞综管办〔2023〕43号, notices/004).

B is the contract example sx-bachelor-7y: a woman (baseline 55) employed by a private firm in
杭州湾上虞经济技术开发区, specialty petrochemical, full-time related bachelor 2016-07-01,
related technical work since 2016-07-10, continuing education 20 public + 70 professional a
year 2021–2023 (60 + 210 = 270), appraisals 2020–2022 competent, as_of 2023-08-25. Years are
counted to 2023-12-31 (三、（四）), so B has 7年5个月 after the degree.
T is sx-assistant-4y (bachelor 2019-06-30, work from 2019-07-01, 助理工程师 2019-09-30) and
O is sx-one-of-five (中专 2015-06-30, work from 2015-07-01, declared condition "patents").
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile, shipped_plan
from zhicheng.eligibility.verdict import Criterion, Verdict
from zhicheng.identity.idnumber import check_digit

PLAN = "sx-shangyu-2023-engineer"
ZONE = "杭州湾上虞经济技术开发区"


def resident_id(birth: str, sex: str = "female") -> str:
    """A valid 绍兴市上虞区 resident ID for the birth date and sex."""
    first17 = "330604" + birth.replace("-", "") + "04" + ("1" if sex == "male" else "2")
    return first17 + check_digit(first17)


def ce(public: float = 20, professional: float = 70,
       years: tuple[int, ...] = (2021, 2022, 2023)) -> list[dict[str, Any]]:
    return [{"year": y, "category": c, "hours": h} for y in years
            for c, h in (("public", public), ("professional", professional))]


def edu(level: str = "bachelor", awarded: str = "2016-07-01", mode: str = "full_time",
        related: bool | None = True) -> dict[str, Any]:
    out: dict[str, Any] = {"level": level, "field": "science_engineering", "awarded": awarded,
                           "mode": mode}
    if related is not None:
        out["related"] = related
    return out


def work(start: str, end: str | None = None, technical: bool = True,
         related: bool | None = True) -> dict[str, Any]:
    out: dict[str, Any] = {"from": start, "to": end, "employer": "浙江某化工股份有限公司",
                           "technical": technical}
    if related is not None:
        out["related"] = related
    return out


B: dict[str, Any] = {
    "schema": "zhicheng.profile/1",
    "as_of": "2023-08-25",
    "person": {"name": "陈静", "id_type": "resident_id", "id_number": resident_id("1992-09-03"),
               "sex": "female", "birth_date": "1992-09-03", "female_retirement_baseline": 55},
    "employment": {"status": "employed", "civil_servant": False, "has_contract": True,
                   "employer": {"name": "浙江某化工股份有限公司", "region": "浙江省绍兴市上虞区",
                                "zone": ZONE, "ownership": "private",
                                "civil_service_managed": False}},
    "education": [edu()],
    "work_history": [work("2016-07-10")],
    "continuing_education": ce(),
    "annual_appraisals": [{"year": y, "result": "competent"} for y in (2020, 2021, 2022)],
    "application": {"specialty": "petrochemical"},
}


def base(which: str = "B", **top: Any) -> dict[str, Any]:
    """B, T or O with top-level keys replaced; None removes a key."""
    p = copy.deepcopy(B)
    if which == "T":
        p["education"] = [edu(awarded="2019-06-30")]
        p["work_history"] = [work("2019-07-01")]
        p["titles"] = [{"level": "assistant", "series": "engineering", "obtained": "2019-09-30"}]
    elif which == "O":
        p["education"] = [edu("secondary_vocational", "2015-06-30")]
        p["work_history"] = [work("2015-07-01")]
        p["achievements"] = {"alternative_conditions": ["patents"]}
    for key, value in top.items():
        if value is None:
            p.pop(key, None)
        else:
            p[key] = value
    return p


def employer(**changes: Any) -> dict[str, Any]:
    emp = copy.deepcopy(B["employment"])
    for key, value in changes.items():
        if key == "status":
            emp["status"] = value
        elif value is None:
            emp["employer"].pop(key, None)
        else:
            emp["employer"][key] = value
    return emp


def check(data: dict[str, Any]) -> Verdict:
    return evaluate(shipped_plan(PLAN), parse_profile(data))


def crit(v: Verdict, cid: str) -> Criterion:
    for c in v.criteria:
        if c.id == cid:
            return c
    for r in v.routes:
        for c in r.criteria:
            if c.id == cid:
                return c
    raise KeyError(cid)


# --- bases ------------------------------------------------------------------------------------

def test_bachelor_base_is_eligible_by_education_and_years() -> None:
    v = check(base())
    assert v.verdict == "eligible" and v.route == "normal"
    c = crit(v, "education_years")
    assert c.message == ("2016-07-01取得大学本科后从事专业技术工作7年5个月（计算至2023-12-31），"
                         "要求≥5年")
    assert all(c.status in ("pass", "not_applicable") for c in v.criteria)
    assert crit(v, "id_document").status == "not_applicable"
    assert v.conditions == []
    assert any("北片" in p for p in v.review_points)


def test_assistant_base_is_eligible_by_title() -> None:
    v = check(base("T"))
    assert v.verdict == "eligible" and v.route == "title"
    assert crit(v, "education_years").status == "fail"
    assert "4年6个月" in crit(v, "education_years").message
    assert crit(v, "assistant_title_years").message == (
        "2019-09-30取得助理工程师，任职4年3个月（计算至2023-12-31），要求≥4年")


def test_one_of_five_base_is_ineligible() -> None:
    v = check(base("O"))
    assert v.verdict == "ineligible"
    c = crit(v, "alternatives")
    assert c.status == "fail"
    assert "具备5项条件中的1项" in c.message and "要求≥2项" in c.message
    assert "从事本专业技术工作8年6个月（计算至2023-12-31），要求≥10年" in c.message
    assert crit(v, "education_years").status == "fail"
    assert crit(v, "skill_years").status == "fail"
    assert crit(v, "enterprise_honour").status == "fail"


# --- window 五、（四） --------------------------------------------------------------------------

@pytest.mark.parametrize(("as_of", "status", "verdict"), [
    ("2023-07-18", "pass", "eligible"), ("2023-09-07", "pass", "eligible"),
    ("2023-09-08", "pass", "eligible"), ("2023-09-09", "fail", "ineligible")])
def test_window(as_of: str, status: str, verdict: str) -> None:
    v = check(base(as_of=as_of))
    assert crit(v, "application_window").status == status and v.verdict == verdict
    if status == "fail":
        assert crit(v, "application_window").message == "申报已于2023-09-08截止"


# --- route 1: education and years to 2023-12-31 -----------------------------------------------

@pytest.mark.parametrize(("level", "awarded", "start", "status"), [
    ("bachelor", "2018-06-30", "2018-12-31", "pass"),
    ("bachelor", "2018-06-30", "2019-01-01", "pass"),
    ("bachelor", "2018-06-30", "2019-01-02", "fail"),
    ("master", "2021-06-30", "2021-12-31", "pass"),
    ("master", "2021-06-30", "2022-01-01", "pass"),
    ("master", "2021-06-30", "2022-01-02", "fail"),
    ("doctorate", "2021-06-30", "2022-01-01", "pass"),
    ("associate", "2016-06-30", "2016-12-31", "pass"),
    ("associate", "2016-06-30", "2017-01-01", "pass"),
    ("associate", "2016-06-30", "2017-01-02", "fail"),
])
def test_education_years(level: str, awarded: str, start: str, status: str) -> None:
    v = check(base(education=[edu(level, awarded)], work_history=[work(start)]))
    c = crit(v, "education_years")
    assert c.status == status
    assert v.verdict == ("eligible" if status == "pass" else "ineligible")
    if status == "fail" and level == "bachelor":
        assert "4年11个月" in c.message and "要求≥5年" in c.message


@pytest.mark.parametrize(("related", "start", "status", "verdict"), [
    (False, "2017-12-31", "pass", "eligible"),
    (False, "2018-01-01", "pass", "eligible"),
    (False, "2018-01-02", "fail", "ineligible"),
    (None, "2018-01-02", "unknown", "needs_review"),
    (None, "2018-01-01", "pass", "eligible"),
    (None, "2017-01-01", "pass", "eligible"),
    (True, "2018-01-02", "pass", "eligible"),
])
def test_unrelated_education_adds_a_year(related: bool | None, start: str, status: str,
                                         verdict: str) -> None:
    v = check(base(education=[edu(awarded="2017-06-30", related=related)],
                   work_history=[work(start)]))
    c = crit(v, "education_years")
    assert c.status == status and v.verdict == verdict
    if related is False:
        assert "要求≥6年（所学专业不对口，增加1年）" in c.message
    if status == "unknown":
        assert v.route == "normal"


def test_secondary_vocational_has_no_education_route() -> None:
    v = check(base(education=[edu("secondary_vocational", "2010-06-30")]))
    assert crit(v, "education_years").status == "fail"
    assert v.verdict == "ineligible"


# A technical-school class carries no "related" flag: within a year above the figure the
# +1 year for an unrelated specialty may apply, so it is unknown; a year more passes.
@pytest.mark.parametrize(("school", "start", "status"), [
    ("technician_prep", "2018-01-01", "pass"), ("technician_prep", "2018-01-02", "unknown"),
    ("technician_prep", "2019-01-01", "unknown"), ("technician_prep", "2019-01-02", "fail"),
    ("senior_worker", "2016-01-01", "pass"), ("senior_worker", "2017-01-01", "unknown"),
    ("senior_worker", "2017-01-02", "fail"), ("intermediate_worker", "2010-01-01", "fail")])
def test_technical_school_counts_as_education(school: str, start: str, status: str) -> None:
    v = check(base(education=None, work_history=[work(start)],
                   technical_school=[{"class": school, "graduated": "2017-06-30"
                                      if school == "technician_prep" else "2015-06-30"}]))
    c = crit(v, "education_years")
    assert c.status == status
    if status != "fail":
        assert "视同" in c.message
    if status == "unknown":
        assert "未说明所学专业是否对口（不对口须≥" in c.message


@pytest.mark.parametrize(("awarded", "status", "verdict"), [
    ("2022-12-31", "pass", "eligible"), ("2023-01-01", "pass", "eligible"),
    ("2023-01-02", "fail", "ineligible")])
def test_part_time_bachelor_after_starting_work(awarded: str, status: str, verdict: str) -> None:
    # associate 2017-06-30, work from 2017-07-01: 78 months to 2023-12-31 (< 84 for 大专)
    v = check(base(education=[edu(awarded=awarded, mode="part_time"),
                              edu("associate", "2017-06-30")],
                   work_history=[work("2017-07-01")]))
    c = crit(v, "education_years")
    assert c.status == status and v.verdict == verdict
    if status == "fail":
        assert c.message == ("大学本科（非全日制）2023-01-02取得，取得后从事专业技术工作11个月，"
                             "不足1年，暂不能作为申报学历")
    else:
        assert "具有大学本科（非全日制），从事专业技术工作6年6个月" in c.message


def test_degree_after_as_of_is_not_held() -> None:
    v = check(base(education=[edu(awarded="2023-09-01")], work_history=[work("2015-01-01")]))
    assert crit(v, "education_years").status == "fail"
    assert "申报时尚未取得" in crit(v, "education_years").message


def test_interruptions_are_deducted() -> None:
    # bachelor 2018-06-30, work from 2019-01-01: exactly 60 months; a month off fails it
    data = base(education=[edu(awarded="2018-06-30")], work_history=[work("2019-01-01")],
                interruptions=[{"from": "2020-03-01", "to": "2020-03-31",
                                "reason": "long_sick_leave"}])
    v = check(data)
    assert crit(v, "education_years").status == "fail"
    assert "4年11个月" in crit(v, "education_years").message


# --- route 2: 助理工程师 4 years -----------------------------------------------------------------

@pytest.mark.parametrize(("obtained", "status", "verdict"), [
    ("2019-12-31", "pass", "eligible"), ("2020-01-01", "pass", "eligible"),
    ("2020-01-02", "fail", "ineligible")])
def test_assistant_title_four_years(obtained: str, status: str, verdict: str) -> None:
    v = check(base("T", titles=[{"level": "assistant", "series": "engineering",
                                 "obtained": obtained}]))
    assert crit(v, "assistant_title_years").status == status and v.verdict == verdict
    if status == "pass":
        assert v.route == "title"


@pytest.mark.parametrize(("education", "school", "status", "verdict"), [
    ([edu("secondary_vocational", "2015-06-30")], None, "fail", "ineligible"),
    (None, [{"class": "senior_worker", "graduated": "2019-06-30"}], "pass", "eligible"),
    ([edu("associate", "2019-06-30")], None, "pass", "eligible"),
    ([edu("master", "2019-06-30")], None, "pass", "eligible"),
])
def test_title_route_education(education: list[dict[str, Any]] | None,
                               school: list[dict[str, Any]] | None, status: str,
                               verdict: str) -> None:
    v = check(base("T", education=education, technical_school=school))
    assert crit(v, "education_min").status == status
    assert v.verdict == verdict


def test_title_route_needs_an_engineering_assistant_title() -> None:
    v = check(base("T", titles=[{"level": "assistant", "series": "economics",
                                 "obtained": "2019-09-30"}]))
    assert crit(v, "assistant_title_years").status == "fail"
    assert v.verdict == "ineligible"


# --- route 3: 技师 + 3 years --------------------------------------------------------------------

@pytest.mark.parametrize(("level", "obtained", "status", "verdict"), [
    ("technician", "2020-12-31", "pass", "eligible"),
    ("technician", "2021-01-01", "pass", "eligible"),
    ("technician", "2021-01-02", "fail", "ineligible"),
    ("senior_technician", "2020-06-30", "pass", "eligible"),
    ("senior_worker", "2015-01-01", "fail", "ineligible")])
def test_skill_route(level: str, obtained: str, status: str, verdict: str) -> None:
    v = check(base("O", skills=[{"level": level, "obtained": obtained}]))
    c = crit(v, "skill_years")
    assert c.status == status and v.verdict == verdict
    if verdict == "eligible":
        assert v.route == "skill"
    if obtained == "2021-01-02":
        assert "2年11个月" in c.message and "要求≥3年" in c.message


# --- route 4: two of five, (4) computed -------------------------------------------------------

def test_two_declared_conditions() -> None:
    v = check(base("O", achievements={"alternative_conditions": ["patents", "innovation_lead"]}))
    assert v.verdict == "eligible" and v.route == "alternative"


@pytest.mark.parametrize(("start", "status", "verdict"), [
    ("2013-12-31", "pass", "eligible"), ("2014-01-01", "pass", "eligible"),
    ("2014-01-02", "fail", "ineligible")])
def test_ten_years_is_computed(start: str, status: str, verdict: str) -> None:
    v = check(base("O", education=[edu("secondary_vocational", "2013-06-30")],
                   work_history=[work(start)]))
    c = crit(v, "alternatives")
    assert c.status == status and v.verdict == verdict
    if status == "pass":
        assert "具备5项条件中的2项" in c.message and v.route == "alternative"


def test_declared_ten_years_contradicted_by_the_work_history() -> None:
    v = check(base("O", achievements={"alternative_conditions": ["patents", "ten_years"]}))
    c = crit(v, "alternatives")
    assert c.status == "fail" and v.verdict == "ineligible"
    assert "8年6个月" in c.message and "与工作经历不符，不计入" in c.message


def test_ten_years_counts_related_work_only() -> None:
    history = [work("2010-01-01", "2015-06-30", related=False), work("2015-07-01")]
    v = check(base("O", work_history=history))
    assert crit(v, "alternatives").status == "fail"
    history = [work("2010-01-01", "2015-06-30", related=None), work("2015-07-01")]
    v = check(base("O", work_history=history))
    assert crit(v, "alternatives").status == "unknown"
    assert v.verdict == "needs_review" and v.route == "alternative"


# --- route 5: enterprise honour ---------------------------------------------------------------

def honour(level: str = "provincial", published: str = "2023-03-01", lead: bool | None = True,
           used: int | None = 1) -> dict[str, Any]:
    out: dict[str, Any] = {"level": level, "published": published}
    if lead is not None:
        out["main_technical_lead"] = lead
    if used is not None:
        out["enterprise_quota_used"] = used
    return {"alternative_conditions": ["patents"], "enterprise_honour": out}


@pytest.mark.parametrize(("achievements", "status", "verdict"), [
    (honour(published="2022-06-30"), "fail", "ineligible"),
    (honour(published="2022-07-01"), "pass", "eligible"),
    (honour(published="2023-06-30"), "pass", "eligible"),
    (honour(published="2023-07-01"), "fail", "ineligible"),
    (honour(used=2), "pass", "eligible"),
    (honour(used=3), "fail", "ineligible"),
    (honour("national", used=3), "pass", "eligible"),
    (honour("national", used=4), "fail", "ineligible"),
    (honour(lead=False), "fail", "ineligible"),
    (honour(lead=None), "unknown", "needs_review"),
    (honour(used=None), "unknown", "needs_review"),
])
def test_enterprise_honour(achievements: dict[str, Any], status: str, verdict: str) -> None:
    v = check(base("O", achievements=achievements))
    c = crit(v, "enterprise_honour")
    assert c.status == status and v.verdict == verdict, c.message
    if verdict != "ineligible":
        assert v.route == "exceptional"
    if achievements["enterprise_honour"].get("enterprise_quota_used") == 3 and status == "fail":
        assert "超过省级荣誉限额2人" in c.message


def test_enterprise_honour_does_not_require_lacking_education() -> None:
    v = check(base("T", titles=[], achievements=honour()))
    assert v.verdict == "eligible" and v.route == "exceptional"


# --- continuing education 三、（三） --------------------------------------------------------------

@pytest.mark.parametrize(("records", "status", "gap"), [
    (ce(91 / 3, 179 / 3), "fail", "专业科目179学时（要求≥180）"),
    (ce(53 / 3, 217 / 3), "fail", "公需科目53学时（要求≥54）"),
    (ce(18, 72), "pass", ""),
    (ce(20, 209 / 3), "fail", "合计269学时（要求≥270）"),
    (ce(years=(2020, 2022, 2023)), "fail", "专业科目140学时"),
    ([], "fail", "合计0学时"),
])
def test_continuing_education(records: list[dict[str, Any]], status: str, gap: str) -> None:
    v = check(base(continuing_education=records))
    c = crit(v, "continuing_education")
    assert c.status == status and gap in c.message
    assert v.verdict == ("eligible" if status == "pass" else "ineligible")
    assert v.conditions == []


# --- appraisals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("results", "status", "verdict"), [
    ({2020: "competent", 2021: "competent", 2022: "basically_competent"}, "fail", "ineligible"),
    ({2020: "competent", 2021: "competent"}, "unknown", "needs_review"),
    ({2019: "incompetent", 2020: "competent", 2021: "competent", 2022: "excellent"}, "pass",
     "eligible"),
    ({2020: "incompetent", 2021: "excellent", 2022: "excellent"}, "fail", "ineligible"),
])
def test_appraisals(results: dict[int, str], status: str, verdict: str) -> None:
    v = check(base(annual_appraisals=[{"year": y, "result": r} for y, r in results.items()]))
    c = crit(v, "appraisals")
    assert c.status == status and v.verdict == verdict
    if status == "unknown":
        assert "未提供2022年度考核结果" in c.message


# --- integrity 五、（五） ------------------------------------------------------------------------

@pytest.mark.parametrize(("record", "status", "verdict"), [
    ({"from": "2020-08-25", "until": "2023-08-24"}, "pass", "eligible"),
    ({"from": "2020-08-25", "until": "2023-08-25"}, "fail", "ineligible"),
    ({"from": "2023-08-26", "until": "2026-08-25"}, "pass", "eligible")])
def test_integrity(record: dict[str, str], status: str, verdict: str) -> None:
    v = check(base(integrity_records=[record]))
    assert crit(v, "integrity").status == status and v.verdict == verdict


# --- scope 一、 ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "status", "verdict"), [
    ({"zone": None}, "unknown", "needs_review"),
    ({"zone": None, "region": "浙江省杭州市西湖区"}, "fail", "ineligible"),
    ({"zone": None, "region": None}, "unknown", "needs_review"),
    ({"zone": "袍江经济技术开发区"}, "fail", "ineligible"),
    ({"zone": ZONE + "（北片）"}, "pass", "eligible"),
])
def test_zone(changes: dict[str, Any], status: str, verdict: str) -> None:
    v = check(base(employment=employer(**changes)))
    assert crit(v, "zone").status == status and v.verdict == verdict


@pytest.mark.parametrize(("changes", "status", "verdict"), [
    ({"ownership": "state_owned"}, "fail", "ineligible"),
    ({"ownership": "public_institution"}, "fail", "ineligible"),
    ({"ownership": "government"}, "fail", "ineligible"),
    ({"ownership": "foreign"}, "unknown", "needs_review"),
    ({"ownership": None}, "unknown", "needs_review"),
    ({"status": "freelance"}, "fail", "ineligible"),
    ({"status": "retired"}, "fail", "ineligible"),
    ({"status": "unemployed"}, "fail", "ineligible"),
])
def test_employment(changes: dict[str, Any], status: str, verdict: str) -> None:
    v = check(base(employment=employer(**changes)))
    c = crit(v, "employment")
    assert c.status == status and v.verdict == verdict
    if changes.get("ownership") == "foreign":
        assert "是否属于民营企业需审核" in c.message


@pytest.mark.parametrize(("specialty", "status", "verdict"), [
    ("pharmaceutical", "pass", "eligible"), ("materials", "pass", "eligible"),
    ("light_textile", "pass", "eligible"), ("engineering", "fail", "ineligible"),
    (None, "unknown", "needs_review")])
def test_specialty(specialty: str | None, status: str, verdict: str) -> None:
    application = {} if specialty is None else {"specialty": specialty}
    v = check(base(application=application))
    assert crit(v, "specialty").status == status and v.verdict == verdict


@pytest.mark.parametrize(("id_type", "status", "verdict"), [
    ("passport", "unknown", "needs_review"), ("foreign_permanent_id", "pass", "eligible"),
    ("hk_macao_permit", "pass", "eligible"), ("taiwan_permit", "pass", "eligible")])
def test_id_document(id_type: str, status: str, verdict: str) -> None:
    person = {"name": "某", "id_type": id_type, "sex": "female", "birth_date": "1992-09-03",
              "female_retirement_baseline": 55}
    v = check(base(person=person))
    assert crit(v, "id_document").status == status and v.verdict == verdict
    if status == "unknown":
        assert "外国人永久居留证或海外高层次人才居住证" in crit(v, "id_document").message


@pytest.mark.parametrize(("history", "status", "verdict"), [
    ([work("2016-07-10", "2023-03-31"), work("2023-04-01", technical=False)], "fail",
     "ineligible"),
    ([work("2016-07-10", "2023-03-31"), work("2023-04-01", related=False)], "fail",
     "ineligible"),
    ([work("2016-07-10", "2023-03-31"), work("2023-04-01", related=None)], "unknown",
     "needs_review"),
    ([work("2016-07-10", "2023-03-31")], "unknown", "needs_review"),
])
def test_current_post(history: list[dict[str, Any]], status: str, verdict: str) -> None:
    v = check(base(work_history=history))
    assert crit(v, "current_post").status == status and v.verdict == verdict


@pytest.mark.parametrize(("second", "status", "verdict"), [
    ("2019-12-31", "fail", "ineligible"), ("2020-01-01", "pass", "eligible")])
def test_work_history_overlap(second: str, status: str, verdict: str) -> None:
    v = check(base(work_history=[work("2016-07-10", "2019-12-31"), work(second)]))
    assert crit(v, "work_history").status == status and v.verdict == verdict


# --- what the notice does not state is not applied --------------------------------------------

@pytest.mark.parametrize("birth", ["1968-08-24", "1968-08-25", "1968-08-26", "1960-01-01"])
def test_no_retirement_age(birth: str) -> None:
    person = {"name": "某", "id_type": "resident_id", "id_number": resident_id(birth),
              "sex": "female", "birth_date": birth, "female_retirement_baseline": 55}
    assert check(base(person=person)).verdict == "eligible"


@pytest.mark.parametrize("extra", [
    {"discipline": [{"from": "2023-01-01", "until": "2024-12-31"}]},
    {"prior_evaluations": [{"year": 2022, "passed": False, "same_materials": True}]},
    {"titles": [{"level": "intermediate", "series": "engineering", "obtained": "2021-12-31"}]},
    {"residency": {"hukou_region": "江苏省"}},
])
def test_unstated_requirements_are_not_applied(extra: dict[str, Any]) -> None:
    assert check(base(**extra)).verdict == "eligible"


def test_criteria_cite_the_notice() -> None:
    v = check(base("O"))
    for c in v.criteria + [c for r in v.routes for c in r.criteria]:
        assert c.clause and c.message
    assert crit(v, "continuing_education").clause == "三、申报要求（三）"
    assert crit(v, "alternatives").clause == "二、申报条件 4（1）—（5）"
