"""The social_security kind, and the parameters added for requirements a notice settles only
by reference: unknown.ownership, integrity.in_effect, skill_years with years = 0.

Each test runs a one-rule plan (a general criterion), so the kinds are checked apart from any
shipped plan, and leaving a new parameter out keeps the behaviour it had before.
"""

from __future__ import annotations

from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile
from zhicheng.eligibility.plan import PlanError, parse_plan
from zhicheng.eligibility.verdict import Criterion, Verdict


def verdict(kind: str, body: str, profile: dict[str, Any], as_of: str = "2021-10-15",
            year: int = 2021) -> Verdict:
    text = (f'[plan]\nkey = "t"\ntitle = "t"\nlevel = "engineer"\nyear = {year}\n'
            f'[dates]\nseniority_cutoff = {year}-12-31\n'
            f'[[general]]\nid = "x"\nkind = "{kind}"\nclause = "一"\n{body}\n')
    data = {"schema": "zhicheng.profile/1", "as_of": as_of, **profile}
    return evaluate(parse_plan(text), parse_profile(data))


def run(kind: str, body: str, profile: dict[str, Any], **kw: Any) -> Criterion:
    return verdict(kind, body, profile, **kw).criteria[0]


# --- social_security ------------------------------------------------------------------------

SS = 'regions = ["浙江省嘉兴市", "嘉兴市"]\nlabel = "嘉兴市"\n'
SUB = SS + 'months = 1\nwithin_months = 2\nsubstitute = "须提供劳动合同等替代材料"\n'


def ss(records: list[dict[str, Any]] | None, contract: bool | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if records is not None:
        out["residency"] = {"social_security": records}
    if contract is not None:
        out["employment"] = {"has_contract": contract}
    return out


@pytest.mark.parametrize(("to", "expected"), [
    ("2021-08", "fail"), ("2021-09", "pass"), ("2021-10", "pass"), (None, "pass")])
def test_social_security_window_of_months(to: str | None, expected: str) -> None:
    # as_of 2021-10-15, 1 month of the last 2 (2021-09, 2021-10).
    rec = {"region": "浙江省嘉兴市南湖区", "from": "2015-01", "to": to}
    c = run("social_security", SS + "months = 1\nwithin_months = 2\n", ss([rec]))
    assert c.status == expected
    assert "要求≥1个月" in c.message


def test_social_security_defaults_to_the_as_of_month() -> None:
    rec = {"region": "嘉兴市秀洲区", "from": "2015-01", "to": "2021-09"}
    assert run("social_security", SS, ss([rec])).status == "fail"
    rec["to"] = "2021-10"
    c = run("social_security", SS, ss([rec]))
    assert c.status == "pass" and "近1个月在嘉兴市缴纳社会保险1个月" in c.message


def test_social_security_counts_months_and_regions() -> None:
    records = [{"region": "浙江省嘉兴市", "from": "2021-01", "to": "2021-03"},
               {"region": "上海市", "from": "2021-04", "to": "2021-10"},
               {"region": "嘉兴市", "from": "2021-09", "to": "2021-10"}]
    c = run("social_security", SS + "months = 6\nwithin_months = 12\n", ss(records))
    assert c.status == "fail"
    assert "近12个月在嘉兴市缴纳社会保险5个月（要求≥6个月）" in c.message


def test_social_security_absent_is_unknown_without_substitute() -> None:
    c = run("social_security", SS, {})
    assert c.status == "unknown" and "未提供社会保险缴纳信息" in c.message


@pytest.mark.parametrize(("records", "contract", "expected"), [
    ([{"region": "上海市", "from": "2020-01", "to": None}], True, "conditional"),
    ([{"region": "上海市", "from": "2020-01", "to": None}], None, "unknown"),
    ([{"region": "上海市", "from": "2020-01", "to": None}], False, "fail"),
    (None, True, "conditional"),
    (None, None, "unknown"),
    (None, False, "unknown"),
    ([{"region": "浙江省嘉兴市", "from": "2020-01", "to": None}], False, "pass"),
])
def test_social_security_substitute(records: list[dict[str, Any]] | None,
                                    contract: bool | None, expected: str) -> None:
    v = verdict("social_security", SUB, ss(records, contract))
    c = v.criteria[0]
    assert c.status == expected
    if expected == "conditional":
        assert v.conditions == ["须提供劳动合同等替代材料"]
        assert v.verdict == "eligible"
    if expected == "fail":
        assert "不能以其他材料替代" in c.message


def test_social_security_requires_regions() -> None:
    with pytest.raises(PlanError, match="regions"):
        verdict("social_security", "months = 1", {})


# --- unknown: ownership ---------------------------------------------------------------------

CHECK = 'check = "核对是否在核定岗位结构比例内"\n'


@pytest.mark.parametrize(("ownership", "expected"), [
    ("public_institution", "unknown"), ("private", "not_applicable"),
    ("state_owned", "not_applicable"), (None, "unknown")])
def test_unknown_limited_to_ownership(ownership: str | None, expected: str) -> None:
    employer = {"ownership": ownership} if ownership else {}
    v = verdict("unknown", CHECK + 'ownership = ["public_institution"]',
                {"employment": {"employer": employer}})
    c = v.criteria[0]
    assert c.status == expected
    assert v.verdict == ("needs_review" if expected == "unknown" else "eligible")
    if ownership is None:
        assert c.message.startswith("未填写单位性质") and c.message.endswith("比例内")
    if expected == "not_applicable":
        assert "仅适用于事业单位" in c.message


def test_unknown_without_ownership_applies_to_everyone() -> None:
    c = run("unknown", CHECK, {"employment": {"employer": {"ownership": "private"}}})
    assert c.status == "unknown" and c.message == "核对是否在核定岗位结构比例内"


# --- integrity: in_effect -------------------------------------------------------------------

@pytest.mark.parametrize(("until", "expected"), [
    ("2021-10-14", "pass"), ("2021-10-15", "unknown"), ("2021-10-16", "unknown")])
def test_integrity_in_effect_unknown(until: str, expected: str) -> None:
    rec = {"integrity_records": [{"from": "2019-01-01", "until": until}]}
    c = run("integrity", 'in_effect = "unknown"\ncheck = "按某文件核对"', rec)
    assert c.status == expected
    if expected == "unknown":
        assert c.message.endswith("按某文件核对") and f"2019-01-01至{until}" in c.message


def test_integrity_default_still_fails() -> None:
    rec = {"integrity_records": [{"from": "2019-01-01", "until": "2022-01-01"}]}
    assert run("integrity", "", rec).status == "fail"
    assert run("integrity", 'in_effect = "fail"', rec).status == "fail"


def test_integrity_not_yet_in_effect_passes() -> None:
    rec = {"integrity_records": [{"from": "2021-10-16", "until": "2024-10-15"}]}
    assert run("integrity", 'in_effect = "unknown"', rec).status == "pass"


# --- skill_years: years = 0 -----------------------------------------------------------------

WORK = {"work_history": [{"from": "2010-01-01", "to": None, "technical": True}]}
LEVELS = 'levels = ["senior_worker", "technician", "senior_technician"]\n'


@pytest.mark.parametrize(("skills", "expected"), [
    ([], "fail"),
    ([{"level": "senior_worker"}], "unknown"),
    ([{"level": "technician", "obtained": "2021-06-30"}], "pass"),
    ([{"level": "technician", "obtained": "2022-01-01"}], "fail"),   # after the cut-off
])
def test_skill_years_zero_means_held(skills: list[dict[str, Any]], expected: str) -> None:
    c = run("skill_years", LEVELS + "years = 0", {**WORK, "skills": skills})
    assert c.status == expected
    if expected == "pass":
        assert c.message == "已于2021-06-30取得技师"
    if skills and expected == "fail":
        assert "晚于2021-12-31" in c.message


def test_skill_years_positive_unchanged() -> None:
    c = run("skill_years", 'levels = ["technician"]\nyears = 3',
            {**WORK, "skills": [{"level": "technician", "obtained": "2019-01-01"}]})
    assert c.status == "pass" and "3年" in c.message and "要求≥3年" in c.message
