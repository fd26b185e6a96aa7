"""wx-xishan-2023-engineer and wx-xishan-2023-assistant: the boundary cases of
docs/requirements/003-wx.md and more from the notice (notices/003).

E is the contract example wx-engineer-needs-review: employed with a contract by a private
company in 锡山区, bachelor 2014-07-01, technical work since 2014-07-20, 助理工程师 (engineering)
2016-12-31, two sole-authored technical summaries written 2022-10-01 and 2023-02-01, as_of
2023-06-15. The notice refers education and years, continuing education and the competence
conditions to the Jiangsu conditions it does not quote, so nothing is ever `eligible`: the
best verdict is needs_review, and ineligible when something the notice states fails.
A is E for the assistant plan, without a title and with only the first summary.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile, shipped_plan
from zhicheng.eligibility.verdict import Criterion, Verdict
from zhicheng.identity.idnumber import check_digit

ENGINEER = "wx-xishan-2023-engineer"
ASSISTANT = "wx-xishan-2023-assistant"
XISHAN = "江苏省无锡市锡山区"


def resident_id(birth: str, sex: str = "male") -> str:
    """A valid 无锡市锡山区 resident ID for the birth date and sex."""
    first17 = "320205" + birth.replace("-", "") + "02" + ("7" if sex == "male" else "8")
    return first17 + check_digit(first17)


def summary(written: str | None = "2022-10-01", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": "technical_summary", "chars": 4000, "authors": 1,
                           "first_author": True, "published": False, "thesis": False}
    if written is not None:
        out["written"] = written
    return out | extra


def paper(**extra: Any) -> dict[str, Any]:
    return {"kind": "paper", "chars": 5000, "authors": 1, "first_author": True,
            "published": True, "written": "2022-12-01", "thesis": False} | extra


BASE: dict[str, Any] = {
    "schema": "zhicheng.profile/1",
    "as_of": "2023-06-15",
    "person": {"name": "周敏", "id_type": "resident_id", "id_number": resident_id("1991-11-30"),
               "sex": "male", "birth_date": "1991-11-30"},
    "employment": {"status": "employed", "civil_servant": False, "has_contract": True,
                   "employer": {"name": "无锡某机械制造有限公司", "region": XISHAN,
                                "ownership": "private", "civil_service_managed": False}},
    "education": [{"level": "bachelor", "field": "science_engineering", "related": True,
                   "awarded": "2014-07-01", "mode": "full_time"}],
    "work_history": [{"from": "2014-07-20", "to": None, "employer": "无锡某机械制造有限公司",
                      "technical": True, "related": True}],
    "titles": [{"level": "assistant", "series": "engineering", "obtained": "2016-12-31"}],
    "outputs": [summary("2022-10-01"), summary("2023-02-01", chars=3800)],
    "application": {"specialty": "engineering"},
}


def profile(assistant: bool = False, **top: Any) -> dict[str, Any]:
    """E (or A) with top-level keys replaced; None removes a key."""
    p = copy.deepcopy(BASE)
    if assistant:
        p["titles"] = []
        p["outputs"] = [summary("2022-10-01")]
    for key, value in top.items():
        if value is None:
            p.pop(key, None)
        else:
            p[key] = value
    return p


def employment(**employer: Any) -> dict[str, Any]:
    emp = copy.deepcopy(BASE["employment"])
    for key, value in employer.items():
        if key in ("status", "has_contract", "civil_servant"):
            emp[key] = value
        elif value is None:
            emp["employer"].pop(key, None)
        else:
            emp["employer"][key] = value
    return emp


def check(data: dict[str, Any], plan: str = ENGINEER) -> Verdict:
    return evaluate(shipped_plan(plan), parse_profile(data))


def crit(v: Verdict, cid: str) -> Criterion:
    """A criterion of the verdict, or of any route tried."""
    for c in v.criteria:
        if c.id == cid:
            return c
    for r in v.routes:
        for c in r.criteria:
            if c.id == cid:
                return c
    raise KeyError(cid)


def route_status(v: Verdict, route: str, label_part: str = "") -> str:
    return next(r.status for r in v.routes if r.route == route and label_part in r.label)


# --- the base cases ---------------------------------------------------------------------------

def test_engineer_base_needs_review_by_the_normal_route() -> None:
    v = check(profile())
    assert v.verdict == "needs_review" and v.route == "normal"
    assert crit(v, "assistant_title").status == "pass"
    assert crit(v, "assistant_title").message == "已于2016-12-31取得助理工程师"
    assert crit(v, "education_years").status == "unknown"
    assert crit(v, "continuing_education").status == "unknown"
    assert crit(v, "qualification_conditions").status == "unknown"
    fails = [c.id for c in v.criteria if c.status == "fail"]
    assert fails == []
    assert v.review_points and v.conditions == []


def test_engineer_without_assistant_title_is_ineligible() -> None:
    v = check(profile(titles=[]))
    assert v.verdict == "ineligible" and v.route == "normal"
    assert crit(v, "assistant_title").status == "fail"
    assert crit(v, "assistant_title").message == "未取得助理工程师职称"
    assert route_status(v, "skill") == "fail"
    assert route_status(v, "direct", "海外") == "fail"
    assert route_status(v, "direct", "青年") == "fail"


def test_assistant_base_needs_review() -> None:
    v = check(profile(assistant=True), ASSISTANT)
    assert v.verdict == "needs_review" and v.route == "normal"
    assert crit(v, "technical_summary").status == "pass"
    assert crit(v, "education_years").status == "unknown"
    assert "技术员" in crit(v, "education_years").message
    assert "破格" in crit(v, "education_years").message


@pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])
def test_never_eligible(plan: str) -> None:
    # even with everything a profile can say, the Jiangsu conditions stay unknown
    data = profile(assistant=plan == ASSISTANT, continuing_education=[
        {"year": y, "category": c, "hours": 90} for y in (2020, 2021, 2022)
        for c in ("public", "professional")],
        annual_appraisals=[{"year": y, "result": "excellent"} for y in (2020, 2021, 2022)])
    v = check(data, plan)
    assert v.verdict == "needs_review"
    assert crit(v, "continuing_education").status == "unknown"


# --- application window 二、（二） --------------------------------------------------------------

@pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])
@pytest.mark.parametrize(("as_of", "status", "verdict"), [
    ("2023-05-21", "fail", "ineligible"), ("2023-05-22", "pass", "needs_review"),
    ("2023-05-23", "pass", "needs_review"), ("2023-07-30", "pass", "needs_review"),
    ("2023-07-31", "pass", "needs_review"), ("2023-08-01", "fail", "ineligible")])
def test_window(plan: str, as_of: str, status: str, verdict: str) -> None:
    v = check(profile(assistant=plan == ASSISTANT, as_of=as_of), plan)
    assert crit(v, "application_window").status == status
    assert v.verdict == verdict
    if as_of == "2023-08-01":
        assert crit(v, "application_window").message == "申报已于2023-07-31截止"
    if as_of == "2023-05-21":
        assert "申报自2023-05-22开始" in crit(v, "application_window").message


# --- outputs 四、（三）, 三、（五） --------------------------------------------------------------

@pytest.mark.parametrize(("written", "status", "verdict"), [
    ("2023-03-30", "pass", "needs_review"), ("2023-03-31", "pass", "needs_review"),
    ("2023-04-01", "fail", "ineligible"), (None, "unknown", "needs_review")])
def test_engineer_output_date(written: str | None, status: str, verdict: str) -> None:
    v = check(profile(outputs=[summary("2022-10-01"), summary(written)]))
    c = crit(v, "outputs")
    assert c.status == status and v.verdict == verdict
    if status == "fail":
        assert "符合要求的成果（技术总结报告、论文或论著）1篇，要求≥2篇" in c.message
        assert "2023-04-01撰写，晚于2023-03-31" in c.message


@pytest.mark.parametrize(("outputs", "status", "verdict"), [
    ([summary(), paper(authors=3)], "pass", "needs_review"),
    ([summary(), {**paper(), "kind": "book"}], "pass", "needs_review"),
    ([paper(), paper()], "fail", "ineligible"),
    ([summary(), paper(first_author=False, authors=3)], "unknown", "needs_review"),
    ([summary(), {"kind": "project_certificate", "written": "2022-01-01"}], "fail",
     "ineligible"),
    ([summary(), summary(authors=2)], "fail", "ineligible"),
    ([summary(), summary(thesis=True)], "fail", "ineligible"),
    ([summary()], "fail", "ineligible"),
    ([], "fail", "ineligible"),
])
def test_engineer_outputs(outputs: list[dict[str, Any]], status: str, verdict: str) -> None:
    v = check(profile(outputs=outputs))
    c = crit(v, "outputs")
    assert c.status == status and v.verdict == verdict, c.message


def test_engineer_outputs_message_gives_the_technical_summaries() -> None:
    c = crit(check(profile(outputs=[paper(), paper()])), "outputs")
    assert c.message == ("符合要求的成果（技术总结报告、论文或论著）2篇，要求≥2篇，"
                         "其中技术总结（报告）0篇（要求≥1篇）")
    c = crit(check(profile(outputs=[summary(), paper(first_author=False)])), "outputs")
    assert "需审核：论文非第一作者" in c.message


@pytest.mark.parametrize(("outputs", "status", "verdict"), [
    ([summary("2023-03-30")], "pass", "needs_review"),
    ([summary("2023-03-31")], "pass", "needs_review"),
    ([summary("2023-04-01")], "fail", "ineligible"),
    ([summary(None)], "unknown", "needs_review"),
    ([], "fail", "ineligible"),
    ([paper()], "fail", "ineligible"),
    ([summary(authors=2)], "fail", "ineligible"),
    ([summary(thesis=True)], "fail", "ineligible"),
    ([summary(), summary("2023-01-01")], "pass", "needs_review"),
])
def test_assistant_outputs(outputs: list[dict[str, Any]], status: str, verdict: str) -> None:
    v = check(profile(assistant=True, outputs=outputs), ASSISTANT)
    c = crit(v, "technical_summary")
    assert c.status == status and v.verdict == verdict, c.message
    assert "要求≥1篇" in c.message


# --- 逐级申报 三、（一） -------------------------------------------------------------------------

@pytest.mark.parametrize(("obtained", "status", "verdict"), [
    ("2022-12-30", "pass", "needs_review"), ("2022-12-31", "pass", "needs_review"),
    ("2023-01-01", "unknown", "needs_review"), ("2023-06-15", "unknown", "needs_review"),
    ("2023-06-16", "fail", "ineligible")])
def test_assistant_title_dates(obtained: str, status: str, verdict: str) -> None:
    v = check(profile(titles=[{"level": "assistant", "series": "engineering",
                               "obtained": obtained}]))
    c = crit(v, "assistant_title")
    assert c.status == status and v.verdict == verdict
    assert v.route == "normal"
    if status == "unknown":
        assert "晚于年限计算截止日2022-12-31（任职年限按0计）" in c.message


@pytest.mark.parametrize(("title", "status"), [
    ({"level": "assistant", "obtained": "2016-12-31"}, "pass"),
    ({"level": "intermediate", "series": "engineering", "obtained": "2020-12-31"}, "pass"),
    ({"level": "assistant", "series": "economics", "obtained": "2016-12-31"}, "unknown"),
    ({"level": "assistant", "series": "engineering"}, "unknown"),
])
def test_assistant_title_kinds(title: dict[str, Any], status: str) -> None:
    v = check(profile(titles=[title]))
    assert crit(v, "assistant_title").status == status
    assert v.verdict == "needs_review"


def test_assistant_plan_has_no_title_gate() -> None:
    v = check(profile(assistant=True, titles=[]), ASSISTANT)
    assert v.verdict == "needs_review"
    v = check(profile(assistant=True, titles=[{"level": "assistant", "obtained": "2020-01-01"}]),
              ASSISTANT)
    assert v.verdict == "needs_review" and v.route == "normal"


# --- other routes: skill, direct --------------------------------------------------------------

def test_skill_route_with_a_skill_certificate() -> None:
    v = check(profile(titles=[], skills=[{"level": "technician", "obtained": "2019-05-01"}]))
    assert v.verdict == "needs_review" and v.route == "skill"
    c = crit(v, "skill_or_qualification")
    assert c.status == "pass" and c.message == "职业技能等级：已于2019-05-01取得技师"
    assert crit(v, "skill_correspondence").status == "unknown"


def test_skill_route_with_a_qualification() -> None:
    v = check(profile(titles=[], qualifications=[{"name": "二级建造师",
                                                  "obtained": "2021-09-01"}]))
    assert v.verdict == "needs_review" and v.route == "skill"
    assert crit(v, "skill_or_qualification").message == "职业资格：已于2021-09-01取得二级建造师"


@pytest.mark.parametrize(("obtained", "verdict"), [
    ("2023-03-31", "needs_review"), ("2023-04-01", "ineligible")])
def test_skill_certificate_cut_off(obtained: str, verdict: str) -> None:
    v = check(profile(titles=[], skills=[{"level": "senior_worker", "obtained": obtained}]))
    assert v.verdict == verdict


def test_skill_route_for_the_assistant() -> None:
    v = check(profile(assistant=True, skills=[{"level": "senior_worker",
                                               "obtained": "2018-01-01"}]), ASSISTANT)
    assert route_status(v, "skill") == "unknown"
    v = check(profile(assistant=True), ASSISTANT)
    assert route_status(v, "skill") == "fail"
    assert "下列条件均不满足" in crit(v, "skill_or_qualification").message


@pytest.mark.parametrize("category", ["overseas_returnee", "high_level_talent",
                                      "transfer_from_government"])
def test_direct_route_first_application(category: str) -> None:
    v = check(profile(titles=[], application={"specialty": "engineering",
                                              "direct_category": category}))
    assert v.verdict == "needs_review" and v.route == "direct"
    assert crit(v, "first_application").status == "pass"
    assert crit(v, "direct_review").status == "unknown"


def test_direct_route_needs_a_first_application() -> None:
    titles = [{"level": "assistant", "series": "economics", "obtained": "2016-12-31"}]
    v = check(profile(titles=titles, application={"specialty": "engineering",
                                                  "direct_category": "overseas_returnee"}))
    assert crit(v, "first_application").status == "fail"
    assert crit(v, "first_application").message == "已取得助理工程师职称，不属于首次申报职称"
    assert v.route == "normal"  # other series: unknown, so the normal route is undecided


@pytest.mark.parametrize(("ownership", "status", "verdict"), [
    ("private", "pass", "needs_review"), ("state_owned", "fail", "ineligible"),
    ("foreign", "unknown", "needs_review"), (None, "unknown", "needs_review")])
def test_young_talent_route(ownership: str | None, status: str, verdict: str) -> None:
    data = profile(titles=[], employment=employment(ownership=ownership),
                   application={"specialty": "engineering",
                                "direct_category": "private_enterprise_young_talent"})
    v = check(data)
    assert crit(v, "young_talent_employer").status == status
    assert v.verdict == verdict
    if verdict == "needs_review":
        assert v.route == "direct"
        assert "青年" in next(r.label for r in v.routes if r.status == "unknown")


def test_assistant_has_no_young_talent_route() -> None:
    data = profile(assistant=True, application={
        "specialty": "engineering", "direct_category": "private_enterprise_young_talent"})
    v = check(data, ASSISTANT)
    assert all("青年" not in r.label for r in v.routes)


# --- scope 一、（一）（二） ----------------------------------------------------------------------

HUISHAN = "江苏省无锡市惠山区"


def ss(to: str | None, region: str = XISHAN) -> dict[str, Any]:
    return {"social_security": [{"region": region, "from": "2020-01", "to": to}]}


@pytest.mark.parametrize(("employer", "residency", "status"), [
    ({}, None, "pass"),
    ({"region": "无锡市锡山区东港镇"}, None, "pass"),
    ({"region": HUISHAN}, None, "unknown"),
    ({"region": HUISHAN}, ss("2023-06"), "pass"),
    ({"region": HUISHAN}, ss("2023-05"), "pass"),
    ({"region": HUISHAN}, ss("2023-04"), "unknown"),
    ({"region": HUISHAN}, ss(None), "pass"),
    ({"region": HUISHAN}, {"personnel_file_region": XISHAN}, "pass"),
    ({"region": HUISHAN}, {"personnel_file_region": HUISHAN}, "unknown"),
    ({"region": HUISHAN}, ss("2023-04") | {"personnel_file_region": HUISHAN}, "fail"),
    ({"has_contract": False}, None, "unknown"),
    ({"has_contract": False}, ss("2023-06", HUISHAN) | {"personnel_file_region": HUISHAN},
     "fail"),
    ({"has_contract": None}, None, "unknown"),
    ({"ownership": "government"}, None, "unknown"),
    ({"ownership": "government"}, ss("2023-06"), "pass"),
    ({"ownership": "public_institution"}, None, "pass"),
    ({"status": "freelance", "has_contract": False}, None, "pass"),
    ({"status": "freelance", "region": HUISHAN}, None, "unknown"),
    ({"status": "unemployed"}, ss("2023-06"), "pass"),
    ({"region": None}, None, "unknown"),
])
def test_scope(employer: dict[str, Any], residency: dict[str, Any] | None, status: str) -> None:
    data = profile(employment=employment(**employer), residency=residency)
    v = check(data)
    c = crit(v, "scope")
    assert c.status == status, c.message
    assert v.verdict == ("ineligible" if status == "fail" else "needs_review")
    if status == "fail":
        assert c.message.startswith("下列条件均不满足：")
        assert "人事档案所在地为江苏省无锡市惠山区" in c.message


def test_scope_messages_name_the_branch() -> None:
    c = crit(check(profile(employment=employment(region=HUISHAN), residency=ss("2023-06"))),
             "scope")
    assert c.message == "在本区缴纳社保：近2个月在锡山区缴纳社会保险2个月（要求≥1个月）"
    c = crit(check(profile(employment=employment(region=HUISHAN))), "scope")
    assert "（3）人事档案在本区：未填写人事档案所在地" in c.message


@pytest.mark.parametrize(("id_type", "status", "verdict"), [
    ("resident_id", "not_applicable", "needs_review"),
    ("passport", "unknown", "needs_review"),
    ("foreign_permanent_id", "pass", "needs_review"),
    ("hk_macao_permit", "pass", "needs_review"),
    ("taiwan_permit", "pass", "needs_review")])
def test_id_document(id_type: str, status: str, verdict: str) -> None:
    person = {"name": "某", "id_type": id_type, "sex": "male", "birth_date": "1991-11-30"}
    if id_type == "resident_id":
        person["id_number"] = resident_id("1991-11-30")
    v = check(profile(person=person))
    c = crit(v, "id_document")
    assert c.status == status and v.verdict == verdict
    if id_type == "passport":
        assert "外国人来华工作许可证" in c.message


# --- exclusions 一、（三）, 四、（四） ------------------------------------------------------------

@pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])
@pytest.mark.parametrize(("change", "cid", "message"), [
    ({"civil_servant": True}, "civil_servant", "公务员不得申报"),
    ({"civil_service_managed": True}, "civil_servant", "参照公务员法管理单位的工作人员不得申报"),
    ({"status": "retired"}, "retirement", "已退休人员不得申报"),
])
def test_excluded_people(plan: str, change: dict[str, Any], cid: str, message: str) -> None:
    v = check(profile(assistant=plan == ASSISTANT, employment=employment(**change)), plan)
    assert crit(v, cid).status == "fail" and crit(v, cid).message == message
    assert v.verdict == "ineligible"


def test_civil_servant_flag_absent_is_unknown() -> None:
    emp = employment()
    del emp["civil_servant"]
    v = check(profile(employment=emp))
    assert crit(v, "civil_servant").status == "unknown"


@pytest.mark.parametrize("birth", ["1963-06-14", "1963-06-15", "1963-06-16", "1958-01-01"])
def test_no_statutory_age_test(birth: str) -> None:
    person = {"name": "老王", "id_type": "resident_id", "id_number": resident_id(birth),
              "sex": "male", "birth_date": birth}
    v = check(profile(person=person))
    assert crit(v, "retirement").status == "pass"
    assert v.verdict == "needs_review"


@pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])
@pytest.mark.parametrize(("discipline", "status", "verdict"), [
    ({"from": "2022-06-15", "until": "2023-06-14"}, "pass", "needs_review"),
    ({"from": "2022-06-15", "until": "2023-06-15"}, "fail", "ineligible"),
    ({"from": "2023-06-15", "until": "2024-06-14"}, "fail", "ineligible"),
    ({"from": "2023-06-16", "until": "2024-06-15"}, "pass", "needs_review")])
def test_discipline(plan: str, discipline: dict[str, str], status: str, verdict: str) -> None:
    v = check(profile(assistant=plan == ASSISTANT, discipline=[discipline]), plan)
    assert crit(v, "discipline").status == status and v.verdict == verdict


@pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])
@pytest.mark.parametrize(("record", "status", "verdict"), [
    ({"year": 2022, "passed": False, "same_materials": True}, "fail", "ineligible"),
    ({"year": 2022, "passed": False, "same_materials": False}, "pass", "needs_review"),
    ({"year": 2021, "passed": False, "same_materials": True}, "pass", "needs_review"),
    ({"year": 2022, "same_materials": True}, "unknown", "needs_review")])
def test_same_materials(plan: str, record: dict[str, Any], status: str, verdict: str) -> None:
    v = check(profile(assistant=plan == ASSISTANT, prior_evaluations=[record]), plan)
    assert crit(v, "same_materials").status == status and v.verdict == verdict
    if status == "fail":
        assert "2022年度已评审未通过的相同材料" in crit(v, "same_materials").message


@pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])
@pytest.mark.parametrize(("specialty", "status", "text"), [
    ("engineering", "pass", "属于本次评审范围"),
    ("transport", "fail", "“交通”不在本次评审范围（通知明确排除）"),
    ("water_conservancy", "fail", "“水利”不在本次评审范围（通知明确排除）"),
    ("computer_application", "fail", "不属于本次评审专业"),
    (None, "unknown", "未填写申报专业")])
def test_specialty(plan: str, specialty: str | None, status: str, text: str) -> None:
    application = {} if specialty is None else {"specialty": specialty}
    v = check(profile(assistant=plan == ASSISTANT, application=application), plan)
    c = crit(v, "specialty")
    assert c.status == status and text in c.message
    assert v.verdict == ("ineligible" if status == "fail" else "needs_review")


@pytest.mark.parametrize("plan", [ENGINEER, ASSISTANT])
@pytest.mark.parametrize(("second_from", "status"), [
    ("2018-06-30", "fail"), ("2018-07-01", "pass")])
def test_work_history_overlap(plan: str, second_from: str, status: str) -> None:
    work = [{"from": "2014-07-20", "to": "2018-06-30", "technical": True, "related": True},
            {"from": second_from, "to": None, "technical": True, "related": True}]
    v = check(profile(assistant=plan == ASSISTANT, work_history=work), plan)
    c = crit(v, "work_history")
    assert c.status == status
    assert v.verdict == ("ineligible" if status == "fail" else "needs_review")
    if status == "fail":
        assert "2014-07-20至2018-06-30 与 2018-06-30至今" in c.message


def test_technical_school_is_named_for_the_reviewer() -> None:
    v = check(profile(assistant=True, education=None,
                      technical_school=[{"class": "senior_worker", "graduated": "2012-07-01"}]),
              ASSISTANT)
    assert v.verdict == "needs_review"
    assert "高级工班" in crit(v, "education_years").message


def test_criteria_cite_the_notice() -> None:
    for plan in (ENGINEER, ASSISTANT):
        v = check(profile(assistant=plan == ASSISTANT), plan)
        for c in [c for r in v.routes for c in r.criteria] + v.criteria:
            assert c.clause and c.message
        assert crit(v, "scope").clause == "一、申报人员范围（一）"
        assert crit(v, "same_materials").clause == "四、其他要求（四）"
