"""Kinds and parameters added for the 锡山 and 上虞 plans, in their general form: id_document,
qualification, region.field = personnel_file and region.within, employment.ownership,
retirement.by = status, same_materials.years_back/failed_only, title_years.after_cutoff/
other_series, no_title_at_or_above.first_application, alternatives.work_years/related_work,
outputs.at_least_of_kind, and the optional profile fields they read.

Each test runs a one-rule plan (year 2023, cut-off 2022-12-31, as_of 2023-06-15 unless
given) and, for each new parameter, checks that leaving it out keeps the former behaviour.
"""

from __future__ import annotations

from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile
from zhicheng.eligibility.plan import parse_plan
from zhicheng.eligibility.profile import ProfileError
from zhicheng.eligibility.verdict import Criterion


def run(kind: str, body: str, profile: dict[str, Any], as_of: str = "2023-06-15",
        cutoff: str = "2022-12-31") -> Criterion:
    text = (f'[plan]\nkey = "t"\ntitle = "t"\nlevel = "engineer"\nyear = 2023\n'
            f'[dates]\nseniority_cutoff = {cutoff}\n'
            f'[[general]]\nid = "x"\nkind = "{kind}"\nclause = "一"\n{body}\n')
    data = {"schema": "zhicheng.profile/1", "as_of": as_of, **profile}
    return evaluate(parse_plan(text), parse_profile(data)).criteria[0]


# --- id_document ------------------------------------------------------------------------------

DOC = ('accepted = ["hk_macao_permit", "foreign_permanent_id"]\nreview = ["passport"]\n'
       'check = "须持有外国人来华工作许可证，请核验"\n')


@pytest.mark.parametrize(("id_type", "status", "text"), [
    ("resident_id", "not_applicable", "持居民身份证，本项不适用"),
    ("hk_macao_permit", "pass", "持港澳居民来往内地通行证，属于可申报人员"),
    ("foreign_permanent_id", "pass", "持外国人永久居留身份证"),
    ("passport", "unknown", "持护照；须持有外国人来华工作许可证，请核验"),
    ("taiwan_permit", "fail", "不属于通知所列可申报人员"),
])
def test_id_document(id_type: str, status: str, text: str) -> None:
    c = run("id_document", DOC, {"person": {"id_type": id_type}})
    assert c.status == status and text in c.message


def test_id_document_absent_is_unknown() -> None:
    assert run("id_document", DOC, {"person": {"name": "某"}}).status == "unknown"


# --- qualification and the qualifications profile field --------------------------------------

@pytest.mark.parametrize(("quals", "status"), [
    (None, "fail"), ([], "fail"),
    ([{"name": "二级建造师", "obtained": "2022-12-31"}], "pass"),
    ([{"name": "二级建造师", "obtained": "2023-01-01"}], "fail"),
    ([{"name": "二级建造师"}], "unknown"),
])
def test_qualification_by_the_cutoff(quals: list[dict[str, Any]] | None, status: str) -> None:
    profile = {} if quals is None else {"qualifications": quals}
    c = run("qualification", "", profile)
    assert c.status == status
    if status == "fail" and quals:
        assert "2023-01-01取得，晚于2022-12-31" in c.message


def test_qualification_names_limit_which_count() -> None:
    profile = {"qualifications": [{"name": "安全员", "obtained": "2020-01-01"}]}
    assert run("qualification", 'names = ["建造师"]', profile).status == "fail"
    assert run("qualification", 'names = ["建造师", "安全员"]', profile).status == "pass"


def test_new_profile_fields_are_checked() -> None:
    data = {"schema": "zhicheng.profile/1", "as_of": "2023-06-15",
            "qualifications": [{"name": "二级建造师", "obtained": "2020-05-01"}],
            "residency": {"personnel_file_region": "江苏省无锡市锡山区"}}
    profile = parse_profile(data)
    assert profile["qualifications"][0]["obtained"].isoformat() == "2020-05-01"
    data["qualifications"] = [{"name": "二级建造师", "obtained": "2020-05"}]
    with pytest.raises(ProfileError) as err:
        parse_profile(data)
    assert err.value.field == "qualifications[0].obtained"
    data["qualifications"] = []
    data["residency"] = {"personnel_file_region": 3}
    with pytest.raises(ProfileError) as err:
        parse_profile(data)
    assert err.value.field == "residency.personnel_file_region"


# --- region: personnel_file and within -------------------------------------------------------

PF = 'field = "personnel_file"\nprefixes = ["江苏省无锡市锡山区"]\n'


@pytest.mark.parametrize(("value", "status"), [
    ("江苏省无锡市锡山区人才服务中心", "pass"), ("江苏省无锡市惠山区", "fail"), (None, "unknown")])
def test_region_of_the_personnel_file(value: str | None, status: str) -> None:
    residency = {} if value is None else {"personnel_file_region": value}
    c = run("region", PF, {"residency": residency,
                           "employment": {"employer": {"region": "江苏省无锡市锡山区"}}})
    assert c.status == status and "人事档案所在地" in c.message


ZONE = 'field = "zone"\nprefixes = ["杭州湾上虞经济技术开发区"]\n'


@pytest.mark.parametrize(("employer", "status", "text"), [
    ({"zone": "杭州湾上虞经济技术开发区", "region": "浙江省绍兴市上虞区"}, "pass", "属于"),
    ({"zone": "袍江经济技术开发区"}, "fail", "不属于"),
    ({"region": "浙江省绍兴市上虞区"}, "unknown", "单位所在地区为浙江省绍兴市上虞区"),
    ({"region": "浙江省杭州市西湖区"}, "fail", "不在浙江省绍兴市上虞区"),
    ({}, "unknown", "未填写单位所在园区"),
])
def test_region_zone_within(employer: dict[str, str], status: str, text: str) -> None:
    c = run("region", ZONE + 'within = ["浙江省绍兴市上虞区"]\n',
            {"employment": {"employer": employer}})
    assert c.status == status and text in c.message


def test_region_zone_without_within_is_unknown_when_absent() -> None:
    c = run("region", ZONE, {"employment": {"employer": {"region": "浙江省杭州市西湖区"}}})
    assert c.status == "unknown"


# --- employment.ownership ---------------------------------------------------------------------

OWN = ('statuses = ["employed"]\nownership = ["private"]\n'
       'excluded_ownership = ["state_owned", "government"]\nexclude_civil_servants = false\n')


@pytest.mark.parametrize(("ownership", "status", "text"), [
    ("private", "pass", "民营企业"), ("state_owned", "fail", "国有企业，不在申报范围"),
    ("foreign", "unknown", "外资企业，是否属于民营企业需审核"),
    (None, "unknown", "未填写单位性质（须为民营企业）"),
])
def test_employment_ownership(ownership: str | None, status: str, text: str) -> None:
    employer = {} if ownership is None else {"ownership": ownership}
    c = run("employment", OWN, {"employment": {"status": "employed", "employer": employer}})
    assert c.status == status and text in c.message


def test_employment_without_ownership_accepts_an_absent_one() -> None:
    c = run("employment", "exclude_civil_servants = false\n",
            {"employment": {"status": "employed", "employer": {}}})
    assert c.status == "pass"


# --- retirement.by = status -------------------------------------------------------------------

def test_retirement_by_status_compares_no_age() -> None:
    person = {"sex": "male", "birth_date": "1960-01-01"}  # retired by age in 2020
    c = run("retirement", 'by = "status"', {"person": person,
                                           "employment": {"status": "employed"}})
    assert c.status == "pass" and "不属于离退休人员" in c.message
    c = run("retirement", 'by = "status"', {"employment": {"status": "retired"}})
    assert c.status == "fail"
    assert run("retirement", 'by = "status"', {"person": person}).status == "unknown"
    # without it the statutory age applies as before
    c = run("retirement", "", {"person": person, "employment": {"status": "employed"}})
    assert c.status == "fail"


# --- same_materials ---------------------------------------------------------------------------

SAME = "years_back = 1\nfailed_only = true\n"


@pytest.mark.parametrize(("record", "status"), [
    ({"year": 2022, "passed": False, "same_materials": True}, "fail"),
    ({"year": 2022, "passed": False, "same_materials": False}, "pass"),
    ({"year": 2021, "passed": False, "same_materials": True}, "pass"),
    ({"year": 2022, "passed": True, "same_materials": True}, "pass"),
    ({"year": 2022, "same_materials": True}, "unknown"),
    ({"passed": False, "same_materials": True}, "unknown"),
])
def test_same_materials_last_year_failed_only(record: dict[str, Any], status: str) -> None:
    c = run("same_materials", SAME, {"prior_evaluations": [record]})
    assert c.status == status
    if status == "fail":
        assert c.message == "使用2022年度已评审未通过的相同材料申报，不予受理"
    if status == "pass":
        assert c.message == "未原封不动使用2022年度已评审的材料"


def test_same_materials_default_counts_any_year() -> None:
    c = run("same_materials", "", {"prior_evaluations": [
        {"year": 2019, "passed": True, "same_materials": True}]})
    assert c.status == "fail"


# --- title_years: after_cutoff, other_series ---------------------------------------------------

TITLE = 'level = "assistant"\nyears = 0\nseries = "engineering"\n'


@pytest.mark.parametrize(("obtained", "default", "lenient"), [
    ("2022-12-31", "pass", "pass"), ("2023-01-01", "fail", "unknown"),
    ("2023-06-15", "fail", "unknown"), ("2023-06-16", "fail", "fail")])
def test_title_after_cutoff(obtained: str, default: str, lenient: str) -> None:
    profile = {"titles": [{"level": "assistant", "series": "engineering", "obtained": obtained}]}
    assert run("title_years", TITLE, profile).status == default
    c = run("title_years", TITLE + 'after_cutoff = "unknown"\n', profile)
    assert c.status == lenient
    if lenient == "unknown":
        assert "晚于年限计算截止日2022-12-31（任职年限按0计）" in c.message
    if obtained == "2023-06-16":
        assert "申报时（2023-06-15）尚未取得" in c.message


def test_title_other_series() -> None:
    profile = {"titles": [{"level": "assistant", "series": "economics", "obtained": "2019-01-01"}]}
    assert run("title_years", TITLE, profile).status == "fail"
    c = run("title_years", TITLE + 'other_series = "unknown"\n', profile)
    assert c.status == "unknown" and "其他系列（economics）" in c.message
    assert run("title_years", TITLE + 'other_series = "unknown"\n', {}).status == "fail"


def test_first_application_messages() -> None:
    held = {"titles": [{"level": "assistant", "obtained": "2019-01-01"}]}
    c = run("no_title_at_or_above", 'level = "assistant"\nfirst_application = true', held)
    assert c.status == "fail" and c.message == "已取得助理工程师职称，不属于首次申报职称"
    c = run("no_title_at_or_above", 'level = "assistant"\nfirst_application = true', {})
    assert c.status == "pass" and "属于首次申报职称" in c.message
    c = run("no_title_at_or_above", 'level = "assistant"', held)
    assert c.message == "已取得助理工程师职称，无需申报同级"


# --- alternatives.work_years ------------------------------------------------------------------

ALT = ('codes = ["patents", "ten_years", "innovation_lead"]\nat_least = 2\n'
       'work_years = {ten_years = 10}\nrelated_work = true\n')


def alt(start: str, related: bool | None = True, codes: list[str] | None = None,
        **extra: Any) -> dict[str, Any]:
    work: dict[str, Any] = {"from": start, "to": None, "technical": True}
    if related is not None:
        work["related"] = related
    return {"work_history": [work, *extra.get("more", [])],
            "achievements": {"alternative_conditions": codes or ["patents"]}}


@pytest.mark.parametrize(("start", "status"), [
    ("2013-12-31", "pass"), ("2014-01-01", "pass"), ("2014-01-02", "fail")])
def test_work_years_condition_is_computed(start: str, status: str) -> None:
    c = run("alternatives", ALT, alt(start), cutoff="2023-12-31")
    assert c.status == status
    assert "计算至2023-12-31" in c.message and "要求≥10年" in c.message


def test_declared_work_years_condition_contradicted_is_not_counted() -> None:
    c = run("alternatives", ALT, alt("2015-07-01", codes=["patents", "ten_years"]),
            cutoff="2023-12-31")
    assert c.status == "fail"
    assert "从事本专业技术工作8年6个月" in c.message
    assert "申报的该项条件与工作经历不符，不计入" in c.message


def test_work_years_with_unrelated_and_unknown_periods() -> None:
    c = run("alternatives", ALT, alt("2010-01-01", related=False), cutoff="2023-12-31")
    assert c.status == "fail"
    c = run("alternatives", ALT, alt("2010-01-01", related=None), cutoff="2023-12-31")
    assert c.status == "unknown" and "需核对" in c.message


def test_work_years_skipped_when_it_cannot_change_the_result() -> None:
    c = run("alternatives", ALT, alt("2000-01-01", codes=["innovation_lead"])
            | {"achievements": {}}, cutoff="2023-12-31")
    assert c.status == "fail" and "要求≥10年" not in c.message


def test_alternatives_default_takes_declarations() -> None:
    body = 'codes = ["patents", "ten_years"]\nat_least = 2\n'
    c = run("alternatives", body, alt("2020-01-01", codes=["patents", "ten_years"]))
    assert c.status == "pass"


# --- outputs.at_least_of_kind -----------------------------------------------------------------

OUT = ('kinds = ["technical_summary", "paper"]\ncount = 2\n'
       'at_least_of_kind = {technical_summary = 1}\nwritten_before = 2023-03-31\n')


def out(kind: str, written: str | None = "2023-01-01") -> dict[str, Any]:
    item: dict[str, Any] = {"kind": kind, "authors": 1}
    if written:
        item["written"] = written
    return item


@pytest.mark.parametrize(("items", "status"), [
    ([out("technical_summary"), out("paper")], "pass"),
    ([out("technical_summary"), out("technical_summary")], "pass"),
    ([out("paper"), out("paper")], "fail"),
    ([out("paper"), out("paper"), out("technical_summary", None)], "unknown"),
    ([out("technical_summary"), out("paper", "2023-04-01")], "fail"),
])
def test_outputs_at_least_of_kind(items: list[dict[str, Any]], status: str) -> None:
    c = run("outputs", OUT, {"outputs": items})
    assert c.status == status
    assert "其中技术总结（报告）" in c.message and "（要求≥1篇）" in c.message


def test_outputs_without_at_least_of_kind_counts_any() -> None:
    body = 'kinds = ["technical_summary", "paper"]\ncount = 2\n'
    assert run("outputs", body, {"outputs": [out("paper"), out("paper")]}).status == "pass"
