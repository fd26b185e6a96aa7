"""Rule parameters and the current_work kind added for the 浦东 plan, in their general form.

Each test builds a one-rule plan, so the kinds are checked apart from any shipped plan, and
checks that leaving the new parameter out keeps the behaviour it had before.
"""

from __future__ import annotations

from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile
from zhicheng.eligibility.plan import PlanError, parse_plan
from zhicheng.eligibility.verdict import Criterion


def plan_text(kind: str, body: str, year: int = 2022) -> str:
    return (f'[plan]\nkey = "t"\ntitle = "t"\nlevel = "engineer"\nyear = {year}\n'
            f'[dates]\nseniority_cutoff = {year}-12-31\n'
            f'[[general]]\nid = "x"\nkind = "{kind}"\nclause = "一"\n{body}\n')


def run(kind: str, body: str, profile: dict[str, Any], year: int = 2022) -> Criterion:
    """The criterion of a plan whose only rule is this one, for a profile dated 2022-08-20."""
    plan = parse_plan(plan_text(kind, body, year))
    data = {"schema": "zhicheng.profile/1", "as_of": "2022-08-20", **profile}
    verdict = evaluate(plan, parse_profile(data))
    return verdict.criteria[0]


# --- region: review_prefixes ----------------------------------------------------------------

@pytest.mark.parametrize(("region", "expected"), [
    ("上海市浦东新区", "pass"), ("上海市徐汇区", "fail"), ("江苏省苏州市", "fail")])
def test_region_default_is_two_valued(region: str, expected: str) -> None:
    c = run("region", 'prefixes = ["上海市浦东新区"]',
            {"employment": {"employer": {"region": region}}})
    assert c.status == expected


@pytest.mark.parametrize(("region", "expected"), [
    ("上海市浦东新区", "pass"), ("上海市徐汇区", "unknown"), ("江苏省苏州市", "fail")])
def test_region_review_prefixes(region: str, expected: str) -> None:
    c = run("region", 'prefixes = ["上海市浦东新区"]\nreview_prefixes = ["上海"]\n'
                      'review_note = "需评委会确认"',
            {"employment": {"employer": {"region": region}}})
    assert c.status == expected
    if expected == "unknown":
        assert c.message.endswith("需评委会确认") and region in c.message


# --- residency: on, absent hukou ------------------------------------------------------------

RES = ('hukou = ["上海"]\npermit = ["上海"]\nsocial_security_months = 12\n'
       'within_months = 24\n')


@pytest.mark.parametrize(("valid_until", "on", "expected"), [
    ("2022-08-19", "", "fail"), ("2022-08-20", "", "pass"),            # default: as_of
    ("2022-08-30", "on = 2022-08-31", "fail"), ("2022-08-31", "on = 2022-08-31", "pass"),
])
def test_residence_permit_date(valid_until: str, on: str, expected: str) -> None:
    profile = {"residency": {"hukou_region": "江苏省",
                             "residence_permits": [{"region": "上海市",
                                                    "valid_until": valid_until}]}}
    assert run("residency", RES + on, profile).status == expected


@pytest.mark.parametrize(("records", "on", "expected", "months"), [
    # default window: the 24 months ending with the as_of month (2020-09..2022-08)
    ([("2021-09", "2022-08")], "", "pass", 12),
    # window moved to end 2022-12: declared months up to it count, open ones up to as_of
    ([("2022-01", "2022-12")], "on = 2022-12-31", "pass", 12),
    ([("2022-01", None)], "on = 2022-12-31", "fail", 8),
    # window ending before as_of: months after it do not count
    ([("2021-09", "2022-08")], "on = 2022-06-30", "fail", 10),
])
def test_social_security_window(records: list[tuple[str, str | None]], on: str,
                                expected: str, months: int) -> None:
    ss = [{"region": "上海市", "from": f, "to": t} for f, t in records]
    c = run("residency", RES + on, {"residency": {"hukou_region": "江苏省",
                                                  "social_security": ss}})
    assert c.status == expected
    assert f"{months}个月（要求≥12个月）" in c.message
    if on:
        assert "至" in c.message.split("在上海")[0]     # the window is named


def test_absent_hukou_is_unknown_when_hukou_counts() -> None:
    ss = [{"region": "上海市", "from": "2022-01", "to": "2022-08"}]
    c = run("residency", RES, {"residency": {"social_security": ss}})
    assert c.status == "unknown" and "户籍" in c.message
    c = run("residency", 'hukou = ["上海"]', {"residency": {"residence_permits": []}})
    assert c.status == "unknown"


def test_absent_hukou_without_a_hukou_path_still_fails() -> None:
    ss = [{"region": "上海市", "from": "2022-01", "to": "2022-08"}]
    body = 'social_security_region = ["上海"]\nsocial_security_months = 12\nwithin_months = 24'
    c = run("residency", body, {"residency": {"social_security": ss}})
    assert c.status == "fail"


# --- prior_failure: regions, related_specialty, exception award -----------------------------

def ev(**changes: Any) -> dict[str, Any]:
    return {"prior_evaluations": [{"year": 2021, "region": "江苏省", "level": "intermediate",
                                   "related_specialty": False, "passed": False, **changes}]}


def test_prior_failure_default_counts_any_failure() -> None:
    assert run("prior_failure", "", ev()).status == "fail"
    assert run("prior_failure", "", ev(year=2020)).status == "pass"


@pytest.mark.parametrize(("changes", "expected"), [
    ({"region": "上海市", "related_specialty": True}, "fail"),
    ({"region": "江苏省", "related_specialty": True}, "pass"),
    ({"region": "上海市", "related_specialty": False}, "pass"),
    ({"region": None, "related_specialty": True}, "unknown"),
    ({"region": "上海市", "related_specialty": None}, "unknown"),
])
def test_prior_failure_filters(changes: dict[str, Any], expected: str) -> None:
    profile = ev(**changes)
    record = profile["prior_evaluations"][0]
    for key in [k for k, v in record.items() if v is None]:
        del record[key]
    body = 'regions = ["上海"]\nrelated_specialty = true'
    assert run("prior_failure", body, profile).status == expected


@pytest.mark.parametrize(("award", "related_param", "expected"), [
    ({"level": "district", "year": 2022, "specialty_related": True}, "", "pass"),
    ({"level": "district", "year": 2021, "specialty_related": True}, "", "fail"),
    ({"level": "district", "year": 2022, "specialty_related": False}, "", "fail"),
    ({"level": "district", "year": 2022, "specialty_related": False},
     "exception_award_related = false", "pass"),
    ({"level": "city", "year": 2022, "specialty_related": True}, "", "fail"),  # not listed
])
def test_prior_failure_exception_award(award: dict[str, Any], related_param: str,
                                       expected: str) -> None:
    body = f'exception_award_levels = ["district"]\n{related_param}'
    c = run("prior_failure", body, {**ev(), "awards": [award]})
    assert c.status == expected
    if expected == "pass":
        assert "例外" in c.message


# --- current_work ---------------------------------------------------------------------------

def jobs(*periods: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"work_history": list(periods), **extra}


def job(start: str, end: str | None = None, **flags: Any) -> dict[str, Any]:
    return {"from": start, "to": end, "employer": "某公司", "technical": True, **flags}


@pytest.mark.parametrize(("body", "period", "expected"), [
    ("", job("2015-01-01", related=False), "pass"),           # default: technical only
    ("", job("2015-01-01", technical=False), "fail"),
    ("", {"from": "2015-01-01", "to": None}, "unknown"),
    ("related = true", job("2015-01-01", related=True), "pass"),
    ("related = true", job("2015-01-01", related=False), "fail"),
    ("related = true", job("2015-01-01"), "unknown"),
    ("", job("2015-01-01", "2022-08-19"), "unknown"),         # ended before as_of
    ("", job("2015-01-01", "2022-08-20"), "pass"),
    ("", job("2022-08-21"), "unknown"),                       # starts after as_of
])
def test_current_work(body: str, period: dict[str, Any], expected: str) -> None:
    c = run("current_work", body, jobs(period))
    assert c.status == expected, c.message


def test_current_work_interruption_at_as_of() -> None:
    gap = [{"from": "2022-08-01", "to": "2022-09-30", "reason": "long_sick_leave"}]
    profile = jobs(job("2015-01-01"), interruptions=gap)
    assert run("current_work", "", profile).status == "pass"
    c = run("current_work", 'interruption_at_as_of = "fail"', profile)
    assert c.status == "fail" and "2022-08-01" in c.message


# --- education_years: require_related, related_work, held_by_as_of --------------------------

TABLE = 'table = [{level = "bachelor", years = 5}, {level = "doctorate", years = 0}]\n'


def edu(level: str = "bachelor", awarded: str = "2014-07-01", **extra: Any) -> dict[str, Any]:
    return {"level": level, "awarded": awarded, "mode": "full_time", **extra}


@pytest.mark.parametrize(("related", "param", "expected"), [
    (False, "", "pass"),                       # default: relatedness not looked at
    (False, "require_related = true", "fail"),
    (None, "require_related = true", "unknown"),
    (True, "require_related = true", "pass"),
])
def test_require_related(related: bool | None, param: str, expected: str) -> None:
    e = edu() if related is None else edu(related=related)
    c = run("education_years", TABLE + param,
            {"education": [e], "work_history": [job("2014-07-15", related=True)]})
    assert c.status == expected, c.message


@pytest.mark.parametrize(("first_related", "param", "expected"), [
    (False, "", "pass"),                       # default: every technical period counts
    (True, "related_work = true", "pass"),
    (False, "related_work = true", "fail"),
    (None, "related_work = true", "unknown"),
])
def test_related_work(first_related: bool | None, param: str, expected: str) -> None:
    first = job("2014-07-15", "2019-12-31")
    if first_related is not None:
        first["related"] = first_related
    profile = {"education": [edu()],
               "work_history": [first, job("2020-01-01", related=True)]}
    c = run("education_years", TABLE + param, profile)
    assert c.status == expected, c.message
    if param:
        assert "本专业技术工作" in c.message


@pytest.mark.parametrize(("awarded", "param", "expected"), [
    ("2022-08-21", "", "pass"),                # default: a later award still counts
    ("2022-08-21", "held_by_as_of = true", "fail"),
    ("2022-08-20", "held_by_as_of = true", "pass"),
])
def test_held_by_as_of(awarded: str, param: str, expected: str) -> None:
    c = run("education_years", TABLE + param,
            {"education": [edu("doctorate", awarded)], "work_history": [job("2018-07-01")]})
    assert c.status == expected, c.message


# --- continuing_education: exempt_ownership -------------------------------------------------

CE = ('years = [2021, 2022]\nminimum = {public = 30, professional = 60}\n'
      'shortfall_allowed = ["public", "professional"]\n')


@pytest.mark.parametrize(("ownership", "param", "expected"), [
    ("private", "", "conditional"),            # default: no exemption
    ("private", 'exempt_ownership = ["private", "foreign"]', "not_applicable"),
    ("state_owned", 'exempt_ownership = ["private", "foreign"]', "conditional"),
])
def test_ce_exemption(ownership: str, param: str, expected: str) -> None:
    profile = {"employment": {"employer": {"ownership": ownership}},
               "continuing_education": [{"year": 2021, "category": "public", "hours": 20}]}
    c = run("continuing_education", CE + param, profile)
    assert c.status == expected
    assert "公需科目20学时（要求≥30）" in c.message
    if expected == "not_applicable":
        assert "民营企业" in c.message and c.condition is None


# --- outputs: per_kind, soft, written_during_work, written_by_as_of -------------------------

def out(kind: str = "paper", chars: int = 3000, written: str = "2020-01-01",
        **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "chars": chars, "written": written, **extra}


PER_KIND = ('kinds = ["paper", "technical_summary"]\n'
            'per_kind = {paper = {min_chars = 2000, max_authors = 3, soft = ["max_authors"]}, '
            'technical_summary = {min_chars = 5000}}\n')


@pytest.mark.parametrize(("item", "expected"), [
    (out("paper", 2500), "pass"),
    (out("paper", 1999), "fail"),
    (out("technical_summary", 2500), "fail"),  # its own minimum is 5000
    (out("paper", 2500, authors=4), "unknown"),  # soft: needs review
    (out("paper", 1999, authors=4), "fail"),   # a hard breach as well
])
def test_outputs_per_kind_and_soft(item: dict[str, Any], expected: str) -> None:
    c = run("outputs", PER_KIND, {"outputs": [item]})
    assert c.status == expected, c.message
    if expected == "unknown":
        assert "需审核" in c.message and "4人超过3人" in c.message


def test_outputs_default_applies_rule_parameters_to_every_kind() -> None:
    body = 'kinds = ["paper", "technical_summary"]\nmin_chars = 2000'
    assert run("outputs", body, {"outputs": [out("technical_summary", 2500)]}).status == "pass"
    assert run("outputs", body, {"outputs": [out("paper", 1999)]}).status == "fail"


@pytest.mark.parametrize(("written", "expected"), [
    ("2014-07-14", "fail"), ("2014-07-15", "pass"), ("2022-08-20", "pass"),
    ("2022-08-21", "fail")])
def test_outputs_written_window(written: str, expected: str) -> None:
    body = 'kinds = ["paper"]\nwritten_during_work = true\nwritten_by_as_of = true'
    profile = {"outputs": [out(written=written)], "work_history": [job("2014-07-15")]}
    c = run("outputs", body, profile)
    assert c.status == expected, c.message
    # without the parameters the dates are not looked at
    assert run("outputs", 'kinds = ["paper"]', profile).status == "pass"


def test_outputs_written_during_work_without_work_history_is_unknown() -> None:
    body = 'kinds = ["paper"]\nwritten_during_work = true'
    assert run("outputs", body, {"outputs": [out()]}).status == "unknown"


# --- plan validation still names unknown parameters -----------------------------------------

def test_unknown_parameter_is_still_rejected() -> None:
    with pytest.raises(PlanError, match="exempt_owner"):
        parse_plan(plan_text("continuing_education", CE + 'exempt_owner = ["private"]'))
