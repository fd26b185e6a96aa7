"""sh-pudong-2022-engineer: the boundary cases of docs/requirements/000-sh-pudong.md and more.

B is the contract example sh-bachelor-8y (private employer in 浦东, 上海 hukou, full-time
bachelor 2014-07-01, related technical work since 2014-07-15, one technical summary of 3200
characters written 2022-05-10, as_of 2022-08-20). S is B with a state-owned employer, for
whom the continuing-education hours apply (非公领域除外).
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile, shipped_plan
from zhicheng.eligibility.verdict import Verdict
from zhicheng.identity.idnumber import check_digit

PLAN = "sh-pudong-2022-engineer"


def resident_id(birth: str, sex: str = "male") -> str:
    """A valid 上海浦东 resident ID for the birth date and sex."""
    digit = "1" if sex == "male" else "2"
    first17 = "310115" + birth.replace("-", "") + "03" + digit
    return first17 + check_digit(first17)


BASE: dict[str, Any] = {
    "schema": "zhicheng.profile/1",
    "as_of": "2022-08-20",
    "person": {"name": "王磊", "id_type": "resident_id", "id_number": resident_id("1990-04-12"),
               "sex": "male", "birth_date": "1990-04-12"},
    "employment": {"status": "employed", "civil_servant": False, "has_contract": True,
                   "employer": {"name": "上海某软件有限公司", "region": "上海市浦东新区",
                                "ownership": "private", "civil_service_managed": False}},
    "residency": {"hukou_region": "上海市"},
    "education": [{"level": "bachelor", "field": "science_engineering", "related": True,
                   "awarded": "2014-07-01", "mode": "full_time"}],
    "work_history": [{"from": "2014-07-15", "to": None, "employer": "上海某软件有限公司",
                      "technical": True, "related": True}],
    "continuing_education": [{"year": 2021, "category": "public", "hours": 30},
                             {"year": 2022, "category": "professional", "hours": 60}],
    "outputs": [{"kind": "technical_summary", "chars": 3200, "authors": 1,
                 "first_author": True, "published": False, "written": "2022-05-10",
                 "thesis": False}],
    "application": {"specialty": "computer_application"},
}


def profile(state_owned: bool = False, **top: Any) -> dict[str, Any]:
    """B (or S) with top-level keys replaced; None removes a key."""
    p = copy.deepcopy(BASE)
    if state_owned:
        p["employment"]["employer"]["ownership"] = "state_owned"
    for key, value in top.items():
        if value is None:
            p.pop(key, None)
        else:
            p[key] = value
    return p


def person(birth: str, sex: str = "male", baseline: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": "李某", "id_type": "resident_id",
                           "id_number": resident_id(birth, sex), "sex": sex,
                           "birth_date": birth}
    if baseline is not None:
        out["female_retirement_baseline"] = baseline
    return out


def edu(level: str = "bachelor", awarded: str = "2014-07-01", mode: str = "full_time",
        **extra: Any) -> dict[str, Any]:
    return {"level": level, "field": "science_engineering", "related": True,
            "awarded": awarded, "mode": mode, **extra}


def work(start: str, end: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"from": start, "to": end, "employer": "上海某软件有限公司", "technical": True,
            "related": True, **extra}


def output(kind: str = "technical_summary", chars: int = 3200, written: str = "2022-05-10",
           **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "chars": chars, "authors": 1, "first_author": True,
            "published": False, "written": written, "thesis": False, **extra}


def employer(**changes: Any) -> dict[str, Any]:
    emp = copy.deepcopy(BASE["employment"])
    emp["employer"].update(changes)
    return emp


def run(p: dict[str, Any]) -> Verdict:
    return evaluate(shipped_plan(PLAN), parse_profile(p))


def status(v: Verdict, cid: str) -> str:
    return crit(v, cid).status


def crit(v: Verdict, cid: str) -> Any:
    found = [c for c in v.criteria if c.id == cid]
    assert found, f"no criterion {cid} in {[c.id for c in v.criteria]}"
    return found[0]


def check(p: dict[str, Any], cid: str, expected_status: str, verdict: str) -> Verdict:
    v = run(p)
    explain = [(c.id, c.status, c.message) for c in v.criteria]
    assert status(v, cid) == expected_status, explain
    assert v.verdict == verdict, explain
    assert v.route == "normal"
    return v


# --- the plan file --------------------------------------------------------------------------

def test_plan_metadata() -> None:
    plan = shipped_plan(PLAN)
    assert plan.level == "engineer" and plan.year == 2022
    assert plan.seniority_cutoff == date(2022, 12, 31)
    assert plan.meta["specialties"] == ["计算机系统与数据技术", "计算机应用与智能技术"]
    assert plan.meta["apply_closes"] == date(2022, 8, 31)
    assert [r.route for r in plan.routes] == ["normal"]
    for rule in [*plan.general, *plan.routes[0].rules]:
        assert rule.clause


def test_base_profile_is_eligible_and_every_criterion_has_message_and_clause() -> None:
    v = run(profile())
    assert (v.verdict, v.route, v.conditions) == ("eligible", "normal", [])
    assert all(c.message and c.clause for c in v.criteria)
    assert any("工作业绩突出" in r for r in v.review_points)


# --- R1 application window (#1) -------------------------------------------------------------

@pytest.mark.parametrize(("as_of", "expected", "verdict"), [
    ("2022-08-30", "pass", "eligible"),
    ("2022-08-31", "pass", "eligible"),
    ("2022-09-01", "fail", "ineligible"),
])
def test_application_window(as_of: str, expected: str, verdict: str) -> None:
    v = check(profile(as_of=as_of), "application_window", expected, verdict)
    assert "2022-08-31" in crit(v, "application_window").message


# --- R10 education and years (#2–#9, #36, #37) ----------------------------------------------

@pytest.mark.parametrize(("start", "expected", "verdict"), [
    ("2017-12-31", "pass", "eligible"),
    ("2018-01-01", "pass", "eligible"),     # exactly 5 years to 2022-12-31
    ("2018-01-02", "fail", "ineligible"),
])
def test_bachelor_five_years_by_work_start(start: str, expected: str, verdict: str) -> None:
    v = check(profile(work_history=[work(start)]), "education_years", expected, verdict)
    if expected == "fail":
        message = crit(v, "education_years").message
        assert "4年11个月" in message and "要求≥5年" in message and "2022-12-31" in message


@pytest.mark.parametrize(("awarded", "expected", "verdict"), [
    ("2017-12-31", "pass", "eligible"),
    ("2018-01-01", "pass", "eligible"),
    ("2018-01-02", "fail", "ineligible"),
])
def test_full_time_bachelor_counts_from_award(awarded: str, expected: str, verdict: str) -> None:
    check(profile(education=[edu(awarded=awarded)]), "education_years", expected, verdict)


@pytest.mark.parametrize(("start", "expected", "verdict"), [
    ("2020-12-31", "pass", "eligible"),
    ("2021-01-01", "pass", "eligible"),
    ("2021-01-02", "fail", "ineligible"),
])
def test_master_two_years(start: str, expected: str, verdict: str) -> None:
    p = profile(education=[edu("master", "2020-07-01")], work_history=[work(start)])
    check(p, "education_years", expected, verdict)


@pytest.mark.parametrize(("start", "expected", "verdict"), [
    ("2015-12-31", "pass", "eligible"),
    ("2016-01-01", "pass", "eligible"),
    ("2016-01-02", "fail", "ineligible"),
])
def test_associate_seven_years(start: str, expected: str, verdict: str) -> None:
    p = profile(education=[edu("associate", "2015-07-01")], work_history=[work(start)])
    v = check(p, "education_years", expected, verdict)
    assert "要求≥7年" in crit(v, "education_years").message


@pytest.mark.parametrize(("awarded", "expected", "verdict"), [
    ("2022-08-19", "pass", "eligible"),
    ("2022-08-20", "pass", "eligible"),
    ("2022-08-21", "fail", "ineligible"),   # not yet held on as_of 2022-08-20
])
def test_doctorate_needs_no_years_but_must_be_held(awarded: str, expected: str,
                                                  verdict: str) -> None:
    p = profile(education=[edu("doctorate", awarded)], work_history=[work("2018-07-01")])
    v = check(p, "education_years", expected, verdict)
    if expected == "fail":
        assert "尚未取得" in crit(v, "education_years").message


@pytest.mark.parametrize(("awarded", "expected", "verdict"), [
    ("2021-12-31", "pass", "eligible"),     # 366 days after the award by 2022-12-31
    ("2022-01-01", "pass", "eligible"),     # exactly one year
    ("2022-01-02", "fail", "ineligible"),   # falls back to the associate: 6年6个月 < 7年
])
def test_part_time_bachelor_after_starting_work(awarded: str, expected: str,
                                               verdict: str) -> None:
    p = profile(education=[edu("associate", "2016-06-30"),
                           edu("bachelor", awarded, mode="part_time")],
                work_history=[work("2016-07-01")])
    v = check(p, "education_years", expected, verdict)
    message = crit(v, "education_years").message
    if expected == "pass":
        assert "大学本科（非全日制）" in message and "6年6个月" in message
    else:
        assert "不足1年" in message     # the associate (6年6个月 of 7年) fails as well


# The engine sums periods as whole months plus days (a month carried only past 30 days), so
# the boundary of the interrupted case falls where 60 months are reached: the digest's day
# count (1826 days) would put it two days later (see the report of the encoding).
@pytest.mark.parametrize(("sick_until", "expected", "verdict"), [
    ("2019-06-29", "pass", "eligible"),     # 18个月 + 42个月2天
    ("2019-06-30", "pass", "eligible"),     # 18个月 + 42个月 = 5年
    ("2019-07-01", "fail", "ineligible"),   # 18个月 + 41个月30天
])
def test_long_sick_leave_is_deducted(sick_until: str, expected: str, verdict: str) -> None:
    p = profile(work_history=[work("2017-07-01")],
                interruptions=[{"from": "2019-01-01", "to": sick_until,
                                "reason": "long_sick_leave"}])
    check(p, "education_years", expected, verdict)


@pytest.mark.parametrize("reason", ["full_time_study", "awaiting_post", "off_post",
                                    "unemployed"])
def test_every_interruption_reason_is_deducted(reason: str) -> None:
    p = profile(work_history=[work("2017-07-01")],
                interruptions=[{"from": "2019-01-01", "to": "2019-12-31", "reason": reason}])
    check(p, "education_years", "fail", "ineligible")


@pytest.mark.parametrize(("related", "expected", "verdict"), [
    (True, "pass", "eligible"),
    (False, "fail", "ineligible"),          # only P2: 4年11个月30天
    (None, "unknown", "needs_review"),      # counting P1 would pass: reviewer checks
])
def test_only_related_work_counts(related: bool | None, expected: str, verdict: str) -> None:
    first = work("2014-07-15", "2017-12-31")
    if related is None:
        del first["related"]
    else:
        first["related"] = related
    p = profile(work_history=[first, work("2018-01-02")])
    check(p, "education_years", expected, verdict)


def test_administrative_work_never_counts() -> None:
    p = profile(work_history=[work("2014-07-15", "2018-12-31", technical=False),
                              work("2019-01-01")])
    v = check(p, "education_years", "fail", "ineligible")
    assert "4年" in crit(v, "education_years").message


@pytest.mark.parametrize("education", [
    [edu(field="other")],
    [edu(related=False)],
    [edu("secondary_vocational", "2010-07-01")],
])
def test_unqualified_education_fails(education: list[dict[str, Any]]) -> None:
    check(profile(education=education), "education_years", "fail", "ineligible")


def test_education_relatedness_absent_needs_review() -> None:
    e = edu()
    del e["related"]
    check(profile(education=[e]), "education_years", "unknown", "needs_review")


def test_technical_school_is_not_education_here() -> None:
    p = profile(education=None,
                technical_school=[{"class": "senior_worker", "graduated": "2012-07-01"}])
    check(p, "education_years", "fail", "ineligible")


# --- work history and the current post (#10, #38) -------------------------------------------

@pytest.mark.parametrize(("second", "expected", "verdict"), [
    ("2018-06-30", "fail", "ineligible"),   # overlaps the first period by one day
    ("2018-07-01", "pass", "eligible"),
    ("2018-07-02", "pass", "eligible"),
])
def test_overlapping_periods(second: str, expected: str, verdict: str) -> None:
    p = profile(work_history=[work("2014-07-15", "2018-06-30"), work(second)])
    v = check(p, "work_history", expected, verdict)
    if expected == "fail":
        assert "2018-06-30" in crit(v, "work_history").message


@pytest.mark.parametrize(("technical", "expected", "verdict"), [
    (True, "pass", "eligible"),
    (False, "fail", "ineligible"),
])
def test_current_post_must_be_technical(technical: bool, expected: str, verdict: str) -> None:
    p = profile(work_history=[work("2010-07-01", "2021-12-31"),
                              work("2022-01-01", technical=technical)])
    check(p, "current_post", expected, verdict)


def test_current_post_must_be_related() -> None:
    p = profile(work_history=[work("2010-07-01", "2021-12-31"),
                              work("2022-01-01", related=False)])
    check(p, "current_post", "fail", "ineligible")
    p["work_history"][1].pop("related")
    check(p, "current_post", "unknown", "needs_review")


def test_no_current_post_needs_review() -> None:
    p = profile(work_history=[work("2014-07-15", "2022-06-30")])
    v = check(p, "current_post", "unknown", "needs_review")
    assert "2022-08-20" in crit(v, "current_post").message


# --- R6 retirement (#11–#16) ----------------------------------------------------------------

@pytest.mark.parametrize(("birth", "expected", "verdict"), [
    ("1962-12-30", "fail", "ineligible"),
    ("1962-12-31", "fail", "ineligible"),   # 60 on 2022-12-31: 当年度
    ("1963-01-01", "pass", "eligible"),
])
def test_men_reaching_60_in_2022(birth: str, expected: str, verdict: str) -> None:
    v = check(profile(person=person(birth)), "retirement", expected, verdict)
    if expected == "fail":
        assert "2022-12-31" in crit(v, "retirement").message


@pytest.mark.parametrize(("extended", "expected", "verdict"), [
    (False, "fail", "ineligible"),
    (True, "pass", "eligible"),
])
def test_extended_retirement_is_excepted(extended: bool, expected: str, verdict: str) -> None:
    emp = employer()
    emp["retirement_extended"] = extended
    check(profile(person=person("1962-12-31"), employment=emp), "retirement", expected, verdict)


@pytest.mark.parametrize(("birth", "baseline", "expected", "verdict"), [
    ("1967-12-31", 55, "fail", "ineligible"),
    ("1968-01-01", 55, "pass", "eligible"),
    ("1972-12-31", 50, "fail", "ineligible"),
    ("1973-01-01", 50, "pass", "eligible"),
    ("1967-12-31", None, "fail", "ineligible"),
    ("1970-05-01", None, "unknown", "needs_review"),
    ("1973-01-01", None, "pass", "eligible"),
])
def test_women(birth: str, baseline: int | None, expected: str, verdict: str) -> None:
    check(profile(person=person(birth, "female", baseline)), "retirement", expected, verdict)


@pytest.mark.parametrize(("state", "employment_status", "retirement_status", "verdict"), [
    ("retired", "fail", "fail", "ineligible"),
    ("freelance", "fail", "pass", "ineligible"),
    ("unemployed", "fail", "pass", "ineligible"),
    ("employed", "pass", "pass", "eligible"),
])
def test_employment_status(state: str, employment_status: str, retirement_status: str,
                           verdict: str) -> None:
    emp = employer()
    emp["status"] = state
    v = check(profile(employment=emp), "employment", employment_status, verdict)
    assert status(v, "retirement") == retirement_status


# --- R5 residency (#17–#20) -----------------------------------------------------------------

@pytest.mark.parametrize(("valid_until", "expected", "verdict"), [
    ("2022-08-30", "fail", "ineligible"),   # valid on as_of, expired by the deadline
    ("2022-08-31", "pass", "eligible"),
    ("2022-09-01", "pass", "eligible"),
])
def test_residence_permit_valid_on_the_deadline(valid_until: str, expected: str,
                                                verdict: str) -> None:
    res = {"hukou_region": "江苏省苏州市",
           "residence_permits": [{"region": "上海市", "valid_until": valid_until}]}
    check(profile(residency=res), "residency", expected, verdict)


@pytest.mark.parametrize(("start", "end", "expected", "verdict"), [
    ("2020-08", "2021-07", "fail", "ineligible"),   # 11 months in 2020-09..2022-08
    ("2020-09", "2021-08", "pass", "eligible"),
    ("2020-10", "2021-09", "pass", "eligible"),
    ("2021-10", "2022-08", "fail", "ineligible"),   # 11
    ("2021-09", "2022-08", "pass", "eligible"),     # 12
    ("2021-08", "2022-08", "pass", "eligible"),     # 13
])
def test_social_security_months(start: str, end: str, expected: str, verdict: str) -> None:
    res = {"hukou_region": "江苏省",
           "social_security": [{"region": "上海市", "from": start, "to": end}]}
    v = check(profile(residency=res), "residency", expected, verdict)
    message = crit(v, "residency").message
    assert "2020-09至2022-08" in message and "要求≥12个月" in message


def test_social_security_months_are_not_double_counted() -> None:
    res = {"hukou_region": "江苏省",
           "social_security": [{"region": "上海市", "from": "2021-09", "to": "2022-02"},
                               {"region": "上海市", "from": "2021-12", "to": "2022-07"}]}
    v = check(profile(residency=res), "residency", "fail", "ineligible")
    assert "11个月" in crit(v, "residency").message


def test_social_security_outside_shanghai_does_not_count() -> None:
    res = {"hukou_region": "江苏省",
           "social_security": [{"region": "江苏省苏州市", "from": "2020-09", "to": "2022-08"}]}
    check(profile(residency=res), "residency", "fail", "ineligible")


def test_open_social_security_record_counts_to_as_of_only() -> None:
    res = {"hukou_region": "江苏省",
           "social_security": [{"region": "上海市", "from": "2021-09", "to": None}]}
    check(profile(residency=res), "residency", "pass", "eligible")        # to 2022-08
    check(profile(residency=res, as_of="2022-06-30"), "residency", "fail", "ineligible")
    res["social_security"][0]["to"] = "2022-08"                           # declared
    check(profile(residency=res, as_of="2022-06-30"), "residency", "pass", "eligible")


def test_residency_absent_needs_review() -> None:
    check(profile(residency=None), "residency", "unknown", "needs_review")


def test_hukou_absent_with_too_few_months_needs_review() -> None:
    res = {"social_security": [{"region": "上海市", "from": "2022-01", "to": "2022-08"}]}
    check(profile(residency=res), "residency", "unknown", "needs_review")


# --- R7 prior failure (#21, #22) ------------------------------------------------------------

def failed(year: int = 2021, **changes: Any) -> list[dict[str, Any]]:
    return [{"year": year, "region": "上海市", "level": "intermediate",
             "related_specialty": True, "passed": False, "same_materials": False, **changes}]


@pytest.mark.parametrize(("prior", "awards", "expected", "verdict"), [
    (failed(2020), [], "pass", "eligible"),          # 须隔年: 2020 no longer bars
    (failed(2021), [], "fail", "ineligible"),
    (failed(2021), [{"level": "district", "year": 2022, "specialty_related": True}],
     "pass", "eligible"),
    (failed(2021), [{"level": "district", "year": 2021, "specialty_related": True}],
     "fail", "ineligible"),
    (failed(2021), [{"level": "national", "year": 2022, "specialty_related": False}],
     "fail", "ineligible"),
    (failed(2021), [{"level": "city", "year": 2022, "specialty_related": True}],
     "pass", "eligible"),
    (failed(2021, region="江苏省"), [], "pass", "eligible"),
    (failed(2021, related_specialty=False), [], "pass", "eligible"),
    (failed(2021, level="senior"), [], "pass", "eligible"),
    (failed(2021, passed=True), [], "pass", "eligible"),
    (failed(2021, related_specialty=None), [], "unknown", "needs_review"),
])
def test_prior_failure(prior: list[dict[str, Any]], awards: list[dict[str, Any]],
                       expected: str, verdict: str) -> None:
    for ev in prior:
        for key in [k for k, value in ev.items() if value is None]:
            del ev[key]
    v = check(profile(prior_evaluations=prior, awards=awards), "prior_failure", expected,
              verdict)
    message = crit(v, "prior_failure").message
    if awards and expected == "pass":
        assert "例外" in message


# --- R8 continuing education (#23–#25) ------------------------------------------------------

def hours(public: float, professional: float = 60, public_year: int = 2021) -> list[dict]:
    return [{"year": public_year, "category": "public", "hours": public},
            {"year": 2022, "category": "professional", "hours": professional}]


@pytest.mark.parametrize(("public", "expected"), [(29, "conditional"), (30, "pass"),
                                                  (31, "pass")])
def test_public_hours_for_state_owned(public: float, expected: str) -> None:
    v = check(profile(True, continuing_education=hours(public)), "continuing_education",
              expected, "eligible")
    if expected == "conditional":
        assert v.conditions == ["继续教育学时不足（2018—2022年公需科目差1学时），允许先参评后补训"]
        assert "公需科目29学时（要求≥30）" in crit(v, "continuing_education").message
    else:
        assert v.conditions == []


@pytest.mark.parametrize(("year", "expected"), [(2017, "conditional"), (2018, "pass"),
                                                (2019, "pass")])
def test_hours_are_valid_five_years(year: int, expected: str) -> None:
    v = check(profile(True, continuing_education=hours(30, public_year=year)),
              "continuing_education", expected, "eligible")
    if expected == "conditional":
        assert "公需科目差30学时" in v.conditions[0]


@pytest.mark.parametrize(("ownership", "expected", "conditions"), [
    ("state_owned", "conditional", 1),
    ("public_institution", "conditional", 1),
    ("private", "not_applicable", 0),
    ("foreign", "not_applicable", 0),
    (None, "conditional", 1),
])
def test_no_hours_at_all(ownership: str | None, expected: str, conditions: int) -> None:
    emp = employer(ownership=ownership)
    if ownership is None:
        del emp["employer"]["ownership"]
    v = check(profile(employment=emp, continuing_education=None), "continuing_education",
              expected, "eligible")
    assert len(v.conditions) == conditions
    if conditions:
        assert "公需科目差30学时" in v.conditions[0] and "专业科目差60学时" in v.conditions[0]


def test_ce_short_example_private_is_exempt_but_the_hours_are_shown() -> None:
    # sh-ce-short-allowed: private employer, 公需 20 of 30 → eligible, no condition
    v = check(profile(continuing_education=hours(20)), "continuing_education",
              "not_applicable", "eligible")
    assert v.conditions == []
    message = crit(v, "continuing_education").message
    assert "非公领域" in message and "公需科目20学时（要求≥30）" in message


def test_ce_short_example_state_owned_is_allowed_with_a_condition() -> None:
    # the same shortfall for a state-owned employer: the example's “可申报（附条件）”
    v = check(profile(True, continuing_education=hours(20)), "continuing_education",
              "conditional", "eligible")
    assert v.conditions == ["继续教育学时不足（2018—2022年公需科目差10学时），允许先参评后补训"]


def test_professional_shortfall_is_also_allowed() -> None:
    v = check(profile(True, continuing_education=hours(30, 40)), "continuing_education",
              "conditional", "eligible")
    assert "专业科目差20学时" in v.conditions[0]


# --- R9 outputs (#26–#32) -------------------------------------------------------------------

def paper(chars: int = 3000, **extra: Any) -> dict[str, Any]:
    return output("paper", chars, **extra)


@pytest.mark.parametrize(("chars", "expected", "verdict"), [
    (1999, "fail", "ineligible"),
    (2000, "pass", "eligible"),
    (2001, "pass", "eligible"),
])
def test_paper_length_is_hard(chars: int, expected: str, verdict: str) -> None:
    v = check(profile(outputs=[paper(chars)]), "outputs", expected, verdict)
    if expected == "fail":
        assert "1999字不足2000字" in crit(v, "outputs").message


@pytest.mark.parametrize(("chars", "expected", "verdict"), [
    (1999, "unknown", "needs_review"),     # 字数“一般”2000字以上
    (2000, "pass", "eligible"),
    (2001, "pass", "eligible"),
])
def test_summary_length_is_soft(chars: int, expected: str, verdict: str) -> None:
    v = check(profile(outputs=[output(chars=chars)]), "outputs", expected, verdict)
    if expected == "unknown":
        assert "需审核" in crit(v, "outputs").message


@pytest.mark.parametrize(("authors", "first", "expected", "verdict"), [
    (3, True, "pass", "eligible"),
    (4, True, "unknown", "needs_review"),  # 合作撰写“原则上”不超过3人
    (2, False, "fail", "ineligible"),      # 非第一作者
])
def test_paper_authorship(authors: int, first: bool, expected: str, verdict: str) -> None:
    p = profile(outputs=[paper(authors=authors, first_author=first)])
    check(p, "outputs", expected, verdict)


@pytest.mark.parametrize(("chars", "published", "expected", "verdict"), [
    (19999, True, "fail", "ineligible"),
    (20000, True, "pass", "eligible"),
    (20000, False, "fail", "ineligible"),
])
def test_book(chars: int, published: bool, expected: str, verdict: str) -> None:
    p = profile(outputs=[output("book", chars, authors=3, published=published)])
    check(p, "outputs", expected, verdict)


@pytest.mark.parametrize(("written", "expected", "verdict"), [
    ("2014-07-14", "fail", "ineligible"),  # before the first technical work: not 任职期间
    ("2014-07-15", "pass", "eligible"),
    ("2014-07-16", "pass", "eligible"),
    ("2022-08-19", "pass", "eligible"),
    ("2022-08-20", "pass", "eligible"),
    ("2022-08-21", "fail", "ineligible"),  # after as_of
])
def test_written_during_work_and_by_as_of(written: str, expected: str, verdict: str) -> None:
    check(profile(outputs=[output(written=written)]), "outputs", expected, verdict)


@pytest.mark.parametrize(("items", "expected", "verdict"), [
    ([paper(thesis=True)], "fail", "ineligible"),
    ([output("project_certificate", 0)], "pass", "eligible"),
    ([], "fail", "ineligible"),
    ([paper(1500), output("project_certificate", 0)], "pass", "eligible"),
])
def test_output_kinds(items: list[dict[str, Any]], expected: str, verdict: str) -> None:
    check(profile(outputs=items), "outputs", expected, verdict)


def test_output_without_date_needs_review() -> None:
    item = output()
    del item["written"]
    check(profile(outputs=[item]), "outputs", "unknown", "needs_review")


# --- R2–R4 scope (#33–#35) ------------------------------------------------------------------

@pytest.mark.parametrize(("region", "expected", "verdict"), [
    ("上海市浦东新区", "pass", "eligible"),
    ("上海市徐汇区", "unknown", "needs_review"),   # 以浦东新区为主
    ("江苏省苏州市", "fail", "ineligible"),
])
def test_employer_region(region: str, expected: str, verdict: str) -> None:
    v = check(profile(employment=employer(region=region)), "scope_region", expected, verdict)
    if expected == "unknown":
        assert "以浦东新区为主" in crit(v, "scope_region").message


def test_employer_region_absent_needs_review() -> None:
    emp = employer()
    del emp["employer"]["region"]
    check(profile(employment=emp), "scope_region", "unknown", "needs_review")


@pytest.mark.parametrize(("ownership", "expected", "verdict"), [
    ("foreign", "pass", "eligible"),
    ("public_institution", "pass", "eligible"),
    ("state_owned", "pass", "eligible"),
    ("government", "fail", "ineligible"),
])
def test_employer_ownership(ownership: str, expected: str, verdict: str) -> None:
    check(profile(employment=employer(ownership=ownership)), "employment", expected, verdict)


@pytest.mark.parametrize(("specialty", "expected", "verdict"), [
    ("computer_systems", "pass", "eligible"),
    ("computer_application", "pass", "eligible"),
    ("information_technology", "fail", "ineligible"),
    (None, "unknown", "needs_review"),
])
def test_specialty(specialty: str | None, expected: str, verdict: str) -> None:
    app = {"specialty": specialty} if specialty else {}
    check(profile(application=app), "specialty", expected, verdict)
