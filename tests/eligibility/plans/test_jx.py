"""jx-2021-it-engineer and jx-2021-it-assistant: the boundary cases of
docs/requirements/002-jx.md and more from the notice.

JE is the contract example jx-technician-skill-route (技师 2017-05-20); JA is
jx-assistant-senior-worker-2y (高级工 2019-03-31). Both: private employer in 嘉兴市南湖区 with
a labour contract and no social-security records, 中专 2004, related technical work since
2004-08-01, 90 hours of continuing education a year 2019–2021, as_of 2021-10-15. Both are
eligible by the skill route, the social-security criterion conditional (substitute
documents). The normal route (嘉人社〔2019〕109号) is always unknown.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile, shipped_plan
from zhicheng.eligibility.verdict import Criterion, Verdict
from zhicheng.identity.idnumber import check_digit

ENGINEER = "jx-2021-it-engineer"
ASSISTANT = "jx-2021-it-assistant"


def resident_id(birth: str, sex: str = "male") -> str:
    """A valid 嘉兴南湖区 resident ID number for the birth date and sex."""
    first17 = "330402" + birth.replace("-", "") + "01" + ("3" if sex == "male" else "4")
    return first17 + check_digit(first17)


HOURS = [{"year": y, "category": c, "hours": h} for y in (2019, 2020, 2021)
         for c, h in (("public", 30), ("professional", 60))]

BASE: dict[str, Any] = {
    "schema": "zhicheng.profile/1",
    "as_of": "2021-10-15",
    "person": {"name": "李强", "id_type": "resident_id", "id_number": resident_id("1986-01-20"),
               "sex": "male", "birth_date": "1986-01-20"},
    "employment": {"status": "employed", "civil_servant": False, "has_contract": True,
                   "employer": {"name": "嘉兴某信息技术有限公司", "region": "浙江省嘉兴市南湖区",
                                "ownership": "private", "civil_service_managed": False}},
    "education": [{"level": "secondary_vocational", "field": "science_engineering",
                   "related": True, "awarded": "2004-07-01", "mode": "full_time"}],
    "work_history": [{"from": "2004-08-01", "to": None, "employer": "嘉兴某信息技术有限公司",
                      "technical": True, "related": True}],
    "continuing_education": HOURS,
    "application": {"specialty": "information_technology"},
}
SKILL = {ENGINEER: {"level": "technician", "obtained": "2017-05-20"},
         ASSISTANT: {"level": "senior_worker", "obtained": "2019-03-31"}}
SUBSTITUTE = ("社保未缴纳在嘉兴，须提供与单位签订的劳动（聘用）合同、银行工资流水、个人纳税情况证明"
              "替代社保缴纳证明")


def profile(plan: str, **top: Any) -> dict[str, Any]:
    """JE or JA with top-level keys replaced; None removes a key."""
    p = copy.deepcopy(BASE)
    p["skills"] = [dict(SKILL[plan])]
    for key, value in top.items():
        if value is None:
            p.pop(key, None)
        else:
            p[key] = value
    return p


def employment(**changes: Any) -> dict[str, Any]:
    emp = copy.deepcopy(BASE["employment"])
    employer = changes.pop("employer", {})
    for key, value in changes.items():
        if value is None:
            emp.pop(key, None)
        else:
            emp[key] = value
    for key, value in employer.items():
        if value is None:
            emp["employer"].pop(key, None)
        else:
            emp["employer"][key] = value
    return emp


def work(**changes: Any) -> list[dict[str, Any]]:
    w = dict(BASE["work_history"][0])
    for key, value in changes.items():
        if value is None and key != "to":
            w.pop(key, None)
        else:
            w[key] = value
    return [w]


def check(plan: str, p: dict[str, Any]) -> Verdict:
    return evaluate(shipped_plan(plan), parse_profile(p))


def crit(v: Verdict, cid: str) -> Criterion:
    for c in v.criteria:
        if c.id == cid:
            return c
    for r in v.routes:
        for c in r.criteria:
            if c.id == cid:
                return c
    raise AssertionError(f"no criterion {cid}: {[c.id for c in v.criteria]}")


def route_status(v: Verdict, name: str) -> str:
    return next(r.status for r in v.routes if r.route == name)


BOTH = pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])


# --- the examples and the plans' shape -----------------------------------------------------

@BOTH
def test_example_eligible_by_skill_with_the_social_security_condition(plan: str) -> None:
    v = check(plan, profile(plan))
    assert (v.verdict, v.route) == ("eligible", "skill")
    assert v.conditions == [SUBSTITUTE]
    assert crit(v, "social_security").status == "conditional"
    assert route_status(v, "normal") == "unknown"
    assert "嘉人社〔2019〕109号" in crit(v, "evaluation_conditions").message
    assert all(c.clause and c.message for c in v.criteria)
    assert any("相应" in point for point in v.review_points)


def test_plans_metadata_from_the_notice() -> None:
    for key in (ENGINEER, ASSISTANT):
        plan = shipped_plan(key)
        assert plan.seniority_cutoff == date(2021, 12, 31)
        assert plan.meta["committee"] == "嘉兴市信息技术工程技术中级专业技术资格评审委员会"
        assert plan.meta["apply_closes"] == date(2021, 10, 31)
    assert [r.route for r in shipped_plan(ENGINEER).routes] == [
        "normal", "quantified", "skill", "direct"]
    assert [r.route for r in shipped_plan(ASSISTANT).routes] == ["normal", "skill", "direct"]


def test_engineer_skill_message_gives_the_years() -> None:
    c = crit(check(ENGINEER, profile(ENGINEER)), "skill_years")
    assert c.message == ("2017-05-20取得技师后从事技术技能工作4年7个月（计算至2021-12-31），"
                         "要求≥3年")


def test_assistant_skill_message_gives_the_years() -> None:
    c = crit(check(ASSISTANT, profile(ASSISTANT)), "skill_years")
    assert "2019-03-31取得高级工后从事技术技能工作2年9个月" in c.message
    assert "要求≥2年" in c.message


# --- application window (E-T1, A-T1) -------------------------------------------------------

@BOTH
@pytest.mark.parametrize(("as_of", "status", "verdict"), [
    ("2021-10-30", "pass", "eligible"), ("2021-10-31", "pass", "eligible"),
    ("2021-11-01", "fail", "ineligible")])
def test_application_window(plan: str, as_of: str, status: str, verdict: str) -> None:
    v = check(plan, profile(plan, as_of=as_of))
    assert (crit(v, "application_window").status, v.verdict) == (status, verdict)


# --- skill route: years after the certificate to 2021-12-31 (E-T2, A-T2, E-T14, E-T15) ------

@pytest.mark.parametrize(("plan", "level", "obtained", "status", "verdict"), [
    (ENGINEER, "technician", "2018-12-31", "pass", "eligible"),
    (ENGINEER, "technician", "2019-01-01", "pass", "eligible"),
    (ENGINEER, "technician", "2019-01-02", "fail", "needs_review"),
    (ENGINEER, "senior_technician", "2019-01-01", "pass", "eligible"),
    (ENGINEER, "technician", "2021-10-15", "fail", "needs_review"),
    (ENGINEER, "technician", "2021-10-16", "fail", "needs_review"),
    (ASSISTANT, "senior_worker", "2019-12-31", "pass", "eligible"),
    (ASSISTANT, "senior_worker", "2020-01-01", "pass", "eligible"),
    (ASSISTANT, "senior_worker", "2020-01-02", "fail", "needs_review"),
    (ASSISTANT, "technician", "2019-12-31", "pass", "eligible"),
    (ASSISTANT, "technician", "2020-06-01", "fail", "needs_review"),
])
def test_skill_years_boundaries(plan: str, level: str, obtained: str, status: str,
                                verdict: str) -> None:
    v = check(plan, profile(plan, skills=[{"level": level, "obtained": obtained}]))
    assert crit(v, "skill_years").status == status
    assert v.verdict == verdict
    assert v.route == ("skill" if status == "pass" else "normal")


def test_engineer_skill_years_just_short_message() -> None:
    v = check(ENGINEER, profile(ENGINEER, skills=[{"level": "technician",
                                                    "obtained": "2019-01-02"}]))
    assert "2年11个月" in crit(v, "skill_years").message


def test_senior_worker_does_not_open_the_engineer_route() -> None:
    v = check(ENGINEER, profile(ENGINEER, skills=[{"level": "senior_worker",
                                                    "obtained": "2015-01-01"}]))
    assert route_status(v, "skill") == "fail"
    assert (v.verdict, v.route) == ("needs_review", "normal")


def test_assistant_earliest_certificate_counts() -> None:
    skills = [{"level": "senior_worker", "obtained": "2019-03-31"},
              {"level": "technician", "obtained": "2020-06-01"}]
    v = check(ASSISTANT, profile(ASSISTANT, skills=skills))
    assert (v.verdict, v.route) == ("eligible", "skill")


@pytest.mark.parametrize(("start", "status", "verdict"), [
    ("2018-12-31", "pass", "eligible"), ("2019-01-01", "pass", "eligible"),
    ("2019-01-02", "fail", "needs_review")])
def test_engineer_years_are_technical_work_after_the_certificate(start: str, status: str,
                                                                 verdict: str) -> None:
    # 技师 2017-05-20, but technical work only from `start`.
    periods = [{"from": "2004-08-01", "to": "2018-12-30", "technical": False},
               {"from": start, "to": None, "technical": True, "related": True}]
    v = check(ENGINEER, profile(ENGINEER, work_history=periods))
    assert (crit(v, "skill_years").status, v.verdict) == (status, verdict)


def test_engineer_interruption_shortens_the_years() -> None:
    gap = [{"from": "2020-03-01", "to": "2020-03-01", "reason": "off_post"}]
    v = check(ENGINEER, profile(ENGINEER, interruptions=gap,
                                skills=[{"level": "technician", "obtained": "2019-01-01"}]))
    assert crit(v, "skill_years").status == "fail"
    assert "2年11个月" in crit(v, "skill_years").message
    assert v.verdict == "needs_review"


def test_technical_school_class_is_education_not_a_skill() -> None:
    p = profile(ASSISTANT, skills=None,
                technical_school=[{"class": "senior_worker", "graduated": "2010-07-01"}])
    v = check(ASSISTANT, p)
    assert route_status(v, "skill") == "fail"
    assert (v.verdict, v.route) == ("needs_review", "normal")


# --- continuing education: engineer only, 2019–2021 total ≥ 270 (E-T3–E-T6, A-T3) -----------

@pytest.mark.parametrize(("extra", "total", "status", "verdict"), [
    (-1, 269, "fail", "ineligible"), (0, 270, "pass", "eligible"), (1, 271, "pass", "eligible")])
def test_engineer_continuing_education_total(extra: int, total: int, status: str,
                                             verdict: str) -> None:
    hours = copy.deepcopy(HOURS)
    hours[-1]["hours"] += extra  # 2021 professional
    v = check(ENGINEER, profile(ENGINEER, continuing_education=hours))
    c = crit(v, "continuing_education")
    assert (c.status, v.verdict) == (status, verdict)
    assert f"2019—2021年合计{total}学时（要求≥270）" in c.message
    assert c.clause == "五、其他事项（二）"


@pytest.mark.parametrize(("year", "status"), [(2018, "fail"), (2019, "pass"), (2022, "fail")])
def test_engineer_continuing_education_years(year: int, status: str) -> None:
    hours = copy.deepcopy(HOURS)
    hours[0]["year"] = year  # the 2019 public record, 30 hours
    v = check(ENGINEER, profile(ENGINEER, continuing_education=hours))
    assert crit(v, "continuing_education").status == status


def test_engineer_continuing_education_made_up_in_any_year() -> None:
    hours = [{"year": 2019, "category": "professional", "hours": 270}]
    v = check(ENGINEER, profile(ENGINEER, continuing_education=hours))
    assert crit(v, "continuing_education").status == "pass" and v.verdict == "eligible"


def test_engineer_without_continuing_education_is_ineligible() -> None:
    v = check(ENGINEER, profile(ENGINEER, continuing_education=None))
    assert crit(v, "continuing_education").status == "fail"
    assert "合计0学时" in crit(v, "continuing_education").message
    assert v.verdict == "ineligible"


@pytest.mark.parametrize("hours", [None, [{"year": 2021, "category": "public", "hours": 10}]])
def test_assistant_has_no_continuing_education_rule(hours: list[dict[str, Any]] | None) -> None:
    v = check(ASSISTANT, profile(ASSISTANT, continuing_education=hours))
    assert v.verdict == "eligible"
    assert not any(c.id == "continuing_education" for c in v.criteria)


# --- quantified route: engineer only (E-T8, A-T4) ------------------------------------------

@pytest.mark.parametrize(("score", "status", "verdict", "route"), [
    (59.9, "fail", "needs_review", "normal"), (60, "pass", "eligible", "quantified"),
    (60.1, "pass", "eligible", "quantified")])
def test_engineer_quantified_score(score: float, status: str, verdict: str, route: str) -> None:
    p = profile(ENGINEER, skills=None, achievements={"quantified_self_score": score})
    v = check(ENGINEER, p)
    c = crit(v, "quantified_score")
    assert c.status == status and f"自评{score}分，要求≥60分" in c.message
    assert (v.verdict, v.route) == (verdict, route)


def test_engineer_quantified_absent_is_unknown() -> None:
    v = check(ENGINEER, profile(ENGINEER, skills=None))
    assert route_status(v, "quantified") == "unknown"
    assert (v.verdict, v.route) == ("needs_review", "normal")


def test_assistant_has_no_quantified_route() -> None:
    p = profile(ASSISTANT, skills=None, achievements={"quantified_self_score": 75})
    v = check(ASSISTANT, p)
    assert (v.verdict, v.route) == ("needs_review", "normal")
    assert "quantified" not in {r.route for r in v.routes}


# --- direct route by honours (E-T9, A-T5) --------------------------------------------------

@pytest.mark.parametrize(("plan", "kind", "verdict"), [
    (ENGINEER, "provincial_technical_expert", "needs_review"),
    (ENGINEER, "national_technical_expert", "eligible"),
    (ENGINEER, "skill_master_studio_lead", "eligible"),
    (ENGINEER, "provincial_chief_technician", "eligible"),
    (ENGINEER, "worldskills_excellence", "eligible"),
    (ENGINEER, "national_class1_top5", "eligible"),
    (ENGINEER, "national_class2_top3", "eligible"),
    (ENGINEER, "top_skill_talent", "eligible"),
    (ENGINEER, "excellent_skill_talent", "needs_review"),
    (ASSISTANT, "city_technical_expert", "needs_review"),
    (ASSISTANT, "provincial_technical_expert", "eligible"),
    (ASSISTANT, "provincial_class1_top5", "eligible"),
    (ASSISTANT, "provincial_class2_top3", "eligible"),
    (ASSISTANT, "excellent_skill_talent", "eligible"),
    # Only the 助理工程师 list is written for 助理工程师: a reviewer decides the others.
    (ASSISTANT, "national_technical_expert", "needs_review"),
])
def test_direct_route_honours(plan: str, kind: str, verdict: str) -> None:
    p = profile(plan, skills=None, honours=[{"kind": kind, "year": 2020}])
    v = check(plan, p)
    assert v.verdict == verdict
    assert v.route == ("direct" if verdict == "eligible" else "normal")
    if verdict == "eligible":
        assert "2020年" in crit(v, "honours").message


# --- scope: specialty, region, employment (E-T10, E-T16, E-T17, A-T7, A-T10, A-T15, A-T16) ---

@BOTH
@pytest.mark.parametrize(("code", "status", "verdict"), [
    ("information_technology", "pass", "eligible"), ("computer_application", "fail", "ineligible"),
    (None, "unknown", "needs_review")])
def test_specialty(plan: str, code: str | None, status: str, verdict: str) -> None:
    v = check(plan, profile(plan, application={"specialty": code} if code else {}))
    assert (crit(v, "specialty").status, v.verdict) == (status, verdict)


@BOTH
@pytest.mark.parametrize(("region", "status", "verdict"), [
    ("浙江省杭州市余杭区", "fail", "ineligible"), ("上海市浦东新区", "fail", "ineligible"),
    ("浙江省嘉兴市海宁市", "pass", "eligible"), ("浙江省海宁市", "pass", "eligible"),
    ("浙江省桐乡市", "pass", "eligible"), ("浙江省嘉善县", "pass", "eligible"),
    ("嘉兴市秀洲区", "pass", "eligible"), (None, "unknown", "needs_review")])
def test_region(plan: str, region: str | None, status: str, verdict: str) -> None:
    v = check(plan, profile(plan, employment=employment(employer={"region": region})))
    assert (crit(v, "region").status, v.verdict) == (status, verdict)


@BOTH
@pytest.mark.parametrize(("employer", "status", "quota", "verdict"), [
    ({"ownership": "government"}, "fail", "not_applicable", "ineligible"),
    ({"ownership": "state_owned"}, "pass", "not_applicable", "eligible"),
    ({"ownership": "public_institution"}, "pass", "unknown", "needs_review"),
    # 参公 institutions are not excluded by this notice.
    ({"ownership": "public_institution", "civil_service_managed": True}, "pass", "unknown",
     "needs_review"),
])
def test_ownership_and_post_quota(plan: str, employer: dict[str, Any], status: str, quota: str,
                                  verdict: str) -> None:
    v = check(plan, profile(plan, employment=employment(employer=employer)))
    assert crit(v, "employment").status == status
    assert crit(v, "post_quota").status == quota
    assert v.verdict == verdict
    if quota == "unknown":
        assert "核定的专业技术岗位结构比例" in crit(v, "post_quota").message


@BOTH
@pytest.mark.parametrize(("status", "verdict"), [
    ("freelance", "ineligible"), ("unemployed", "ineligible"), ("retired", "ineligible"),
    ("employed", "eligible")])
def test_employment_status(plan: str, status: str, verdict: str) -> None:
    assert check(plan, profile(plan, employment=employment(status=status))).verdict == verdict


def test_civil_servant_excluded() -> None:
    v = check(ENGINEER, profile(ENGINEER, employment=employment(civil_servant=True)))
    assert crit(v, "employment").status == "fail" and v.verdict == "ineligible"


# --- current post: 在职在岗 (E-T18, A-T11, A-T12) ---------------------------------------------

@BOTH
@pytest.mark.parametrize(("changes", "status", "verdict"), [
    ({"technical": False}, "fail", "ineligible"),
    ({"related": False}, "fail", "ineligible"),
    ({"related": None}, "unknown", "needs_review"),
])
def test_current_post_kind_of_work(plan: str, changes: dict[str, Any], status: str,
                                   verdict: str) -> None:
    v = check(plan, profile(plan, work_history=work(**changes)))
    assert (crit(v, "current_post").status, v.verdict) == (status, verdict)


@pytest.mark.parametrize(("to", "status", "verdict"), [
    ("2021-10-14", "unknown", "needs_review"), ("2021-10-15", "pass", "eligible"),
    (None, "pass", "eligible")])
def test_assistant_current_post_covers_as_of(to: str | None, status: str, verdict: str) -> None:
    v = check(ASSISTANT, profile(ASSISTANT, work_history=work(to=to)))
    assert (crit(v, "current_post").status, v.verdict) == (status, verdict)
    assert crit(v, "skill_years").status == "pass"


@BOTH
@pytest.mark.parametrize(("to", "status", "verdict"), [
    ("2021-10-14", "pass", "eligible"), ("2021-10-15", "fail", "ineligible"),
    ("2021-10-16", "fail", "ineligible")])
def test_interruption_at_as_of_is_not_in_post(plan: str, to: str, status: str,
                                              verdict: str) -> None:
    gap = [{"from": "2021-09-01", "to": to, "reason": "awaiting_post"}]
    v = check(plan, profile(plan, interruptions=gap))
    c = crit(v, "current_post")
    assert (c.status, v.verdict) == (status, verdict)
    if status == "fail":
        assert "2021-09-01" in c.message and "在岗" in c.message


@pytest.mark.parametrize(("end", "status", "verdict"), [
    ("2018-12-31", "pass", "eligible"), ("2019-01-01", "fail", "ineligible")])
def test_assistant_overlapping_work_periods(end: str, status: str, verdict: str) -> None:
    periods = [{"from": "2004-08-01", "to": end, "employer": "甲公司", "technical": True,
                "related": True},
               {"from": "2019-01-01", "to": None, "employer": "乙公司", "technical": True,
                "related": True}]
    v = check(ASSISTANT, profile(ASSISTANT, work_history=periods))
    c = crit(v, "work_history")
    assert (c.status, v.verdict) == (status, verdict)
    if status == "fail":
        assert "甲公司" in c.message and "乙公司" in c.message


# --- social security (E-T11, E-T12, A-T8) --------------------------------------------------

@BOTH
@pytest.mark.parametrize(("to", "status", "verdict"), [
    ("2021-08", "fail", "ineligible"), ("2021-09", "pass", "eligible"),
    ("2021-10", "pass", "eligible")])
def test_social_security_in_jiaxing_without_contract(plan: str, to: str, status: str,
                                                     verdict: str) -> None:
    p = profile(plan, employment=employment(has_contract=False),
                residency={"social_security": [{"region": "浙江省嘉兴市", "from": "2015-01",
                                                "to": to}]})
    v = check(plan, p)
    assert (crit(v, "social_security").status, v.verdict) == (status, verdict)
    assert v.conditions == []


@BOTH
@pytest.mark.parametrize(("contract", "records", "status", "verdict"), [
    (True, None, "conditional", "eligible"),
    (None, None, "unknown", "needs_review"),
    (False, None, "unknown", "needs_review"),
    (True, [{"region": "上海市", "from": "2015-01", "to": None}], "conditional", "eligible"),
    (False, [{"region": "上海市", "from": "2015-01", "to": None}], "fail", "ineligible"),
    (False, [{"region": "浙江省海宁市", "from": "2015-01", "to": None}], "pass", "eligible"),
])
def test_social_security_substitute(plan: str, contract: bool | None,
                                    records: list[dict[str, Any]] | None, status: str,
                                    verdict: str) -> None:
    p = profile(plan, employment=employment(has_contract=contract))
    if records is not None:
        p["residency"] = {"social_security": records}
    v = check(plan, p)
    assert (crit(v, "social_security").status, v.verdict) == (status, verdict)
    assert v.conditions == ([SUBSTITUTE] if status == "conditional" else [])


# --- integrity record (E-T13, A-T9) --------------------------------------------------------

@BOTH
@pytest.mark.parametrize(("start", "until", "status", "verdict"), [
    ("2019-01-01", "2021-10-14", "pass", "eligible"),
    ("2019-01-01", "2021-10-15", "unknown", "needs_review"),
    ("2019-01-01", "2021-10-16", "unknown", "needs_review"),
    ("2021-10-16", "2024-10-15", "pass", "eligible")])
def test_integrity_record(plan: str, start: str, until: str, status: str, verdict: str) -> None:
    v = check(plan, profile(plan, integrity_records=[{"from": start, "until": until}]))
    c = crit(v, "integrity")
    assert (c.status, v.verdict) == (status, verdict)
    if status == "unknown":
        assert "浙人社发〔2020〕47号" in c.message


# --- requirements the notice does not state (E-T20) ----------------------------------------

@BOTH
def test_no_retirement_or_discipline_rule(plan: str) -> None:
    # Statutory retirement 2021-03-01, before as_of; a sanction in effect: neither is stated.
    person = {"name": "孙某", "id_type": "resident_id", "id_number": resident_id("1961-03-01"),
              "sex": "male", "birth_date": "1961-03-01"}
    p = profile(plan, person=person, discipline=[{"from": "2021-01-01", "until": "2022-12-31"}])
    assert check(plan, p).verdict == "eligible"
