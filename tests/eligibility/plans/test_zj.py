"""zj-2023-it-senior: the boundary cases of docs/requirements/001-zj.md and more from the notice.

ZB is the contract example zj-normal-needs-review (private employer in 杭州, bachelor
2005-07-01, related technical work since 2005-07-10, 工程师 2012-12-31, as_of 2023-11-01).
ZQ is ZB with one project led and a quantified self-score of 85.

The continuing-education hours live only in 浙经信人事〔2018〕99号 and the normal route's
conditions only in the documents the notice names, so the best verdict of this plan is
needs_review; a general criterion that fails makes it ineligible.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile, shipped_plan
from zhicheng.eligibility.verdict import Criterion, Verdict
from zhicheng.identity.idnumber import check_digit

PLAN = "zj-2023-it-senior"


def resident_id(birth: str, sex: str = "male") -> str:
    """A valid 杭州西湖区 resident ID number for the birth date and sex."""
    first17 = "330106" + birth.replace("-", "") + "05" + ("1" if sex == "male" else "2")
    return first17 + check_digit(first17)


BASE: dict[str, Any] = {
    "schema": "zhicheng.profile/1",
    "as_of": "2023-11-01",
    "person": {"name": "赵伟", "id_type": "resident_id", "id_number": resident_id("1983-06-18"),
               "sex": "male", "birth_date": "1983-06-18"},
    "employment": {"status": "employed", "civil_servant": False, "has_contract": True,
                   "employer": {"name": "杭州某网络科技有限公司", "region": "浙江省杭州市西湖区",
                                "ownership": "private", "civil_service_managed": False}},
    "education": [{"level": "bachelor", "field": "science_engineering", "related": True,
                   "awarded": "2005-07-01", "mode": "full_time"}],
    "work_history": [{"from": "2005-07-10", "to": None, "employer": "杭州某网络科技有限公司",
                      "technical": True, "related": True}],
    "titles": [{"level": "intermediate", "series": "engineering", "obtained": "2012-12-31"}],
    "annual_appraisals": [{"year": y, "result": "competent"} for y in (2020, 2021, 2022)],
    "application": {"specialty": "technology_development"},
}


def profile(quantified: bool = False, **top: Any) -> dict[str, Any]:
    """ZB (ZQ with quantified) with top-level keys replaced; None removes a key."""
    p = copy.deepcopy(BASE)
    if quantified:
        p["achievements"] = {"projects_led": 1, "quantified_self_score": 85}
    for key, value in top.items():
        if value is None:
            p.pop(key, None)
        else:
            p[key] = value
    return p


def employment(**changes: Any) -> dict[str, Any]:
    emp = copy.deepcopy(BASE["employment"])
    employer = changes.pop("employer", {})
    emp.update(changes)
    for key, value in employer.items():
        if value is None:
            emp["employer"].pop(key, None)
        else:
            emp["employer"][key] = value
    return emp


def work(**changes: Any) -> list[dict[str, Any]]:
    return [dict(BASE["work_history"][0], **changes)]


def check(p: dict[str, Any]) -> Verdict:
    return evaluate(shipped_plan(PLAN), parse_profile(p))


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


# --- the example and the plan's shape ------------------------------------------------------

def test_example_needs_review_by_the_referenced_conditions() -> None:
    v = check(profile())
    assert (v.verdict, v.route) == ("needs_review", "normal")
    statuses = {c.id: c.status for c in v.criteria}
    assert statuses == {"specialty": "pass", "region": "pass", "employment": "pass",
                        "current_post": "pass", "work_history": "pass",
                        "application_window": "pass", "continuing_education": "unknown",
                        "post_quota": "not_applicable", "evaluation_conditions": "unknown"}
    assert "职改字〔1986〕78号" in crit(v, "evaluation_conditions").message
    assert "2023-12-31" in crit(v, "evaluation_conditions").message
    assert all(c.clause and c.message for c in v.criteria)
    assert route_status(v, "quantified") == "unknown"
    assert route_status(v, "skill") == "fail"


def test_plan_metadata_from_the_notice() -> None:
    plan = shipped_plan(PLAN)
    assert plan.seniority_cutoff == date(2023, 12, 31)
    assert plan.meta["committee"] == "浙江省信息技术工程技术人员高级工程师职务任职资格评审委员会"
    assert plan.meta["apply_closes"] == date(2023, 11, 20)
    assert [r.route for r in plan.routes] == ["normal", "quantified", "skill"]
    assert all(r.clause for r in plan.general)
    assert all(rule.clause for r in plan.routes for rule in r.rules)


def test_review_points_listed_but_never_decisive() -> None:
    v = check(profile(quantified=True))
    points = "\n".join(v.review_points)
    assert "全国计算机技术与软件专业技术资格（水平）考试的专业除外" in points
    assert "主管部门委托" in points
    assert "任现职后取得" in points
    assert "相关专业领域" in points
    assert "2020—2022年度" in points


# --- Z1 application window -----------------------------------------------------------------

@pytest.mark.parametrize(("as_of", "status", "verdict"), [
    ("2023-11-19", "pass", "needs_review"),
    ("2023-11-20", "pass", "needs_review"),
    ("2023-11-21", "fail", "ineligible"),
])
def test_application_window(as_of: str, status: str, verdict: str) -> None:
    v = check(profile(as_of=as_of))
    c = crit(v, "application_window")
    assert (c.status, v.verdict) == (status, verdict)
    if status == "fail":
        assert "2023-11-20" in c.message and c.clause == "四、其他注意事项（一）"


# --- Z2–Z4 quantified route ----------------------------------------------------------------

@pytest.mark.parametrize(("score", "status", "route"), [
    (79.9, "fail", "normal"), (80, "pass", "quantified"), (80.1, "pass", "quantified")])
def test_quantified_score_threshold(score: float, status: str, route: str) -> None:
    v = check(profile(achievements={"projects_led": 1, "quantified_self_score": score}))
    assert crit(v, "quantified_score").status == status
    assert route_status(v, "quantified") == status
    assert (v.verdict, v.route) == ("needs_review", route)
    assert f"自评{score}分，要求≥80分" in crit(v, "quantified_score").message


@pytest.mark.parametrize(("projects", "status"), [(0, "fail"), (1, "pass"), (2, "pass")])
def test_projects_led_one_or_more(projects: int, status: str) -> None:
    v = check(profile(achievements={"projects_led": projects, "quantified_self_score": 85}))
    assert crit(v, "projects_led").status == status
    assert route_status(v, "quantified") == status
    assert v.verdict == "needs_review"
    assert f"主持项目{projects}项，要求≥1项" in crit(v, "projects_led").message


def test_quantified_route_unknown_or_failing_with_a_missing_figure() -> None:
    v = check(profile(achievements={"quantified_self_score": 85}))
    assert crit(v, "projects_led").status == "unknown"
    assert route_status(v, "quantified") == "unknown"
    v = check(profile(achievements={"quantified_self_score": 60}))
    assert route_status(v, "quantified") == "fail"
    v = check(profile(achievements={"projects_led": 3}))
    assert crit(v, "quantified_score").status == "unknown"


def test_quantified_route_passing_is_still_needs_review_for_continuing_education() -> None:
    hours = [{"year": y, "category": c, "hours": h} for y in (2021, 2022, 2023)
             for c, h in (("public", 30), ("professional", 60))]
    v = check(profile(quantified=True, continuing_education=hours))
    assert (v.verdict, v.route) == ("needs_review", "quantified")
    assert [c.id for c in v.criteria if c.status == "unknown"] == ["continuing_education"]
    assert "浙经信人事〔2018〕99号" in crit(v, "continuing_education").message
    assert "2021—2023" in crit(v, "continuing_education").message


# --- Z5 specialty --------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "status", "verdict"), [
    ("artificial_intelligence", "fail", "ineligible"),
    ("optoelectronics", "fail", "ineligible"),
    ("technology_development", "pass", "needs_review"),
    ("applied_electronics", "pass", "needs_review"),
    ("information_security", "pass", "needs_review"),
    ("system_integration", "pass", "needs_review"),
    ("information_technology", "fail", "ineligible"),
    ("computer_application", "fail", "ineligible"),
])
def test_specialty(code: str, status: str, verdict: str) -> None:
    v = check(profile(application={"specialty": code}))
    assert (crit(v, "specialty").status, v.verdict) == (status, verdict)


def test_excluded_specialty_says_why() -> None:
    message = crit(check(profile(application={"specialty": "artificial_intelligence"})),
                   "specialty").message
    assert "人工智能" in message and "通知明确排除" in message and "单独发布" in message


def test_specialty_absent_is_unknown() -> None:
    v = check(profile(application={}))
    assert crit(v, "specialty").status == "unknown" and v.verdict == "needs_review"


# --- Z6 region, Z7 ownership, Z8 status ----------------------------------------------------

@pytest.mark.parametrize(("region", "status", "verdict"), [
    ("江苏省苏州市", "fail", "ineligible"),
    ("上海市浦东新区", "fail", "ineligible"),
    ("浙江省", "pass", "needs_review"),
    ("浙江省宁波市鄞州区", "pass", "needs_review"),
    (None, "unknown", "needs_review"),
])
def test_region(region: str | None, status: str, verdict: str) -> None:
    v = check(profile(employment=employment(employer={"region": region})))
    assert (crit(v, "region").status, v.verdict) == (status, verdict)


@pytest.mark.parametrize(("employer", "changes", "employment_status", "quota", "verdict"), [
    ({"ownership": "public_institution", "civil_service_managed": True}, {},
     "fail", "unknown", "ineligible"),
    ({"ownership": "public_institution", "civil_service_managed": False}, {},
     "pass", "unknown", "needs_review"),
    ({"ownership": "government"}, {}, "fail", "not_applicable", "ineligible"),
    ({"ownership": "state_owned"}, {}, "pass", "not_applicable", "needs_review"),
    ({"ownership": "foreign"}, {}, "pass", "not_applicable", "needs_review"),
    ({}, {"civil_servant": True}, "fail", "not_applicable", "ineligible"),
    ({}, {"civil_servant": None}, "unknown", "not_applicable", "needs_review"),
    ({"ownership": None}, {}, "pass", "unknown", "needs_review"),
])
def test_ownership_and_post_quota(employer: dict[str, Any], changes: dict[str, Any],
                                  employment_status: str, quota: str, verdict: str) -> None:
    emp = employment(employer=employer, **changes)
    if changes.get("civil_servant", False) is None:
        emp.pop("civil_servant")
    v = check(profile(employment=emp))
    assert crit(v, "employment").status == employment_status
    assert crit(v, "post_quota").status == quota
    assert v.verdict == verdict
    if quota == "unknown":
        assert "浙江省事业单位人事工资管理服务系统" in crit(v, "post_quota").message


@pytest.mark.parametrize(("status", "verdict"), [
    ("freelance", "ineligible"), ("unemployed", "ineligible"), ("retired", "ineligible"),
    ("employed", "needs_review")])
def test_employment_status(status: str, verdict: str) -> None:
    v = check(profile(employment=employment(status=status)))
    assert v.verdict == verdict


# --- Z9–Z11 current post -------------------------------------------------------------------

@pytest.mark.parametrize(("to", "status"), [
    ("2023-10-31", "unknown"), ("2023-11-01", "pass"), ("2023-11-02", "pass")])
def test_current_post_covers_as_of(to: str, status: str) -> None:
    v = check(profile(work_history=work(to=to)))
    assert crit(v, "current_post").status == status
    assert v.verdict == "needs_review"


@pytest.mark.parametrize(("changes", "status", "verdict"), [
    ({"technical": False}, "fail", "ineligible"),
    ({"related": False}, "fail", "ineligible"),
    ({"related": None}, "unknown", "needs_review"),
    ({"technical": True, "related": True}, "pass", "needs_review"),
])
def test_current_post_must_be_related_technical_work(changes: dict[str, Any], status: str,
                                                     verdict: str) -> None:
    w = work(**changes)
    if changes.get("related", True) is None:
        w[0].pop("related")
    v = check(profile(work_history=w))
    assert (crit(v, "current_post").status, v.verdict) == (status, verdict)


@pytest.mark.parametrize(("old", "new", "status"), [(True, False, "fail"), (False, True, "pass")])
def test_current_post_is_the_period_covering_as_of(old: bool, new: bool, status: str) -> None:
    periods = [{"from": "2005-07-10", "to": "2019-12-31", "technical": old, "related": old},
               {"from": "2020-01-01", "to": None, "technical": new, "related": new}]
    v = check(profile(work_history=periods))
    assert crit(v, "current_post").status == status
    assert v.verdict == ("ineligible" if status == "fail" else "needs_review")
    assert "2020-01-01" in crit(v, "current_post").message


# The notice says 现职从事, not 在岗: an interruption containing as_of is not judged here.
@pytest.mark.parametrize("to", ["2023-10-31", "2023-11-01", "2023-11-02"])
def test_interruption_at_as_of_not_judged(to: str) -> None:
    gap = [{"from": "2023-10-01", "to": to, "reason": "off_post"}]
    v = check(profile(interruptions=gap))
    assert crit(v, "current_post").status == "pass" and v.verdict == "needs_review"


# --- Z20 overlapping work periods ----------------------------------------------------------

@pytest.mark.parametrize(("end", "status", "verdict"), [
    ("2010-12-30", "pass", "needs_review"), ("2010-12-31", "fail", "ineligible")])
def test_overlapping_work_periods(end: str, status: str, verdict: str) -> None:
    periods = [{"from": "2005-07-10", "to": end, "employer": "甲公司", "technical": True,
                "related": True},
               {"from": "2010-12-31", "to": None, "employer": "乙公司", "technical": True,
                "related": True}]
    v = check(profile(work_history=periods))
    c = crit(v, "work_history")
    assert (c.status, v.verdict) == (status, verdict)
    if status == "fail":
        assert "甲公司" in c.message and "乙公司" in c.message


# --- Z12–Z13 continuing education and appraisals never decide ------------------------------

@pytest.mark.parametrize("year", [2020, 2021, 2023, 2024])
def test_continuing_education_is_always_for_review(year: int) -> None:
    hours = [{"year": year, "category": "professional", "hours": 300}]
    v = check(profile(continuing_education=hours))
    assert crit(v, "continuing_education").status == "unknown"
    assert v.verdict == "needs_review"


@pytest.mark.parametrize("appraisals", [
    [], [{"year": 2022, "result": "incompetent"}],
    [{"year": y, "result": "basically_competent"} for y in (2020, 2021, 2022)]])
def test_appraisals_are_a_review_point_only(appraisals: list[dict[str, Any]]) -> None:
    v = check(profile(quantified=True, annual_appraisals=appraisals))
    assert (v.verdict, v.route) == ("needs_review", "quantified")
    assert not any(c.id == "appraisals" for c in v.criteria)


# --- Z15 skill route -----------------------------------------------------------------------

@pytest.mark.parametrize(("skills", "status"), [
    ([], "fail"),
    ([{"level": "senior_worker", "obtained": "2020-06-30"}], "unknown"),
    ([{"level": "technician", "obtained": "2018-06-30"}], "unknown"),
    ([{"level": "senior_technician", "obtained": "2023-12-31"}], "unknown"),
])
def test_skill_route(skills: list[dict[str, Any]], status: str) -> None:
    v = check(profile(skills=skills))
    assert route_status(v, "skill") == status
    assert v.verdict == "needs_review"
    if skills:
        assert crit(v, "skill_certificate").status == "pass"
        assert "浙人社发〔2022〕77号" in crit(v, "skill_conditions").message


def test_skill_obtained_after_cutoff_does_not_open_the_route() -> None:
    v = check(profile(skills=[{"level": "technician", "obtained": "2024-01-01"}]))
    assert crit(v, "skill_certificate").status == "fail"
    assert "晚于2023-12-31" in crit(v, "skill_certificate").message


# --- Z16–Z17 requirements the notice does not state ----------------------------------------

def test_no_retirement_rule() -> None:
    # Statutory retirement 2023-06-18, before as_of: the notice states no age rule.
    person = {"name": "钱某", "id_type": "resident_id", "id_number": resident_id("1963-06-18"),
              "sex": "male", "birth_date": "1963-06-18"}
    v = check(profile(person=person))
    assert v.verdict == "needs_review"
    assert not any(c.id == "retirement" for c in v.criteria)


def test_no_discipline_or_integrity_rule() -> None:
    period = [{"from": "2023-01-01", "until": "2024-12-31"}]
    v = check(profile(discipline=period, integrity_records=period))
    assert v.verdict == "needs_review"
    assert {c.status for c in v.criteria} <= {"pass", "unknown", "not_applicable"}
