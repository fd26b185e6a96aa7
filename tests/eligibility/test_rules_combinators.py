"""any_of and all_of: sub-rules with their own kinds, checked on load like any rule.

Each test runs a small plan whose general criterion is the combination, so the kinds are
checked apart from the shipped plans.
"""

from __future__ import annotations

from typing import Any

import pytest

from zhicheng.eligibility import evaluate, parse_profile
from zhicheng.eligibility.plan import PlanError, parse_plan
from zhicheng.eligibility.verdict import Criterion

HEAD = ('[plan]\nkey = "t"\ntitle = "t"\nlevel = "engineer"\nyear = 2023\n'
        '[dates]\nseniority_cutoff = 2022-12-31\n')

# one of: works in 锡山区 (with a contract), or pays social security there
SCOPE = HEAD + '''
[[general]]
id = "scope"
kind = "any_of"
clause = "一、（一）"

  [[general.rules]]
  kind = "all_of"
  name = "在本区工作并签订合同"

    [[general.rules.rules]]
    kind = "region"
    prefixes = ["江苏省无锡市锡山区"]

    [[general.rules.rules]]
    kind = "employment"
    require_contract = true
    exclude_civil_servants = false

  [[general.rules]]
  kind = "social_security"
  name = "在本区缴纳社保"
  regions = ["江苏省无锡市锡山区"]
  label = "锡山区"
'''


def run(text: str, profile: dict[str, Any], as_of: str = "2023-06-15") -> Criterion:
    data = {"schema": "zhicheng.profile/1", "as_of": as_of, **profile}
    return evaluate(parse_plan(text), parse_profile(data)).criteria[0]


def emp(region: str | None = "江苏省无锡市锡山区", contract: bool | None = True,
        status: str = "employed") -> dict[str, Any]:
    out: dict[str, Any] = {"status": status, "employer": {}}
    if region is not None:
        out["employer"]["region"] = region
    if contract is not None:
        out["has_contract"] = contract
    return out


def ss(region: str, to: str | None) -> dict[str, Any]:
    return {"social_security": [{"region": region, "from": "2020-01", "to": to}]}


def test_any_of_passes_with_the_first_branch_that_passes() -> None:
    c = run(SCOPE, {"employment": emp()})
    assert c.status == "pass"
    assert c.message.startswith("在本区工作并签订合同：")
    assert "江苏省无锡市锡山区" in c.message
    assert c.clause == "一、（一）"


def test_any_of_passes_with_a_later_branch() -> None:
    c = run(SCOPE, {"employment": emp("江苏省无锡市惠山区"),
                    "residency": ss("江苏省无锡市锡山区", None)})
    assert c.status == "pass"
    assert c.message.startswith("在本区缴纳社保：近1个月在锡山区缴纳社会保险1个月")


def test_any_of_fails_listing_every_branch() -> None:
    c = run(SCOPE, {"employment": emp("江苏省无锡市惠山区"),
                    "residency": ss("江苏省无锡市惠山区", None)})
    assert c.status == "fail"
    assert c.message.startswith("下列条件均不满足：（1）在本区工作并签订合同：")
    assert "（2）在本区缴纳社保：近1个月在锡山区缴纳社会保险0个月（要求≥1个月）" in c.message


def test_any_of_is_unknown_when_a_branch_cannot_be_decided() -> None:
    # no contract: (1) fails; no social security at all: (2) unknown
    c = run(SCOPE, {"employment": emp(contract=False)})
    assert c.status == "unknown"
    assert c.message.startswith("下列条件满足其一即可，尚无法确定：")
    assert "未与单位签订劳动（聘用）合同" in c.message
    assert "未提供社会保险缴纳信息" in c.message


def test_all_of_stops_at_the_first_failure() -> None:
    c = run(SCOPE, {"employment": emp("江苏省无锡市惠山区", contract=None),
                    "residency": ss("上海市", None)})
    assert c.status == "fail"
    assert "不属于江苏省无锡市锡山区" in c.message
    assert "未说明是否与单位签订" not in c.message  # the contract is not looked at


def test_all_of_unknown_names_the_undecided_rule() -> None:
    c = run(SCOPE, {"employment": emp(contract=None), "residency": ss("上海市", None)})
    assert c.status == "unknown"
    assert "在本区工作并签订合同：未说明是否与单位签订劳动（聘用）合同" in c.message


CONDITIONAL = HEAD + '''
[[general]]
id = "x"
kind = "any_of"
clause = "一"
rules = [
  {kind = "social_security", regions = ["江苏省"], substitute = "提供劳动合同"},
  {kind = "not_applicable"},
]
'''


def test_any_of_takes_a_conditional_branch_with_its_condition() -> None:
    data = {"schema": "zhicheng.profile/1", "as_of": "2023-06-15",
            "employment": {"has_contract": True}, "residency": ss("上海市", None)}
    verdict = evaluate(parse_plan(CONDITIONAL), parse_profile(data))
    assert verdict.criteria[0].status == "conditional"
    assert verdict.conditions == ["提供劳动合同"]


def test_any_of_of_not_applicable_rules_is_not_applicable() -> None:
    text = HEAD + ('[[general]]\nid = "x"\nkind = "any_of"\nclause = "一"\n'
                   'rules = [{kind = "not_applicable"}, {kind = "not_applicable"}]\n')
    assert run(text, {}).status == "not_applicable"


def test_all_of_passes_joining_messages_and_conditions() -> None:
    text = HEAD + '''
[[general]]
id = "x"
kind = "all_of"
clause = "一"
rules = [
  {kind = "region", name = "地区", prefixes = ["江苏省"]},
  {kind = "social_security", regions = ["江苏省"], substitute = "提供劳动合同"},
]
'''
    data = {"schema": "zhicheng.profile/1", "as_of": "2023-06-15",
            "employment": {"has_contract": True, "employer": {"region": "江苏省无锡市"}},
            "residency": ss("上海市", None)}
    verdict = evaluate(parse_plan(text), parse_profile(data))
    c = verdict.criteria[0]
    assert c.status == "conditional"
    assert c.message.startswith("地区：单位所在地区为江苏省无锡市")
    assert verdict.conditions == ["提供劳动合同"]
    data["residency"] = ss("江苏省无锡市", None)
    c = evaluate(parse_plan(text), parse_profile(data)).criteria[0]
    assert c.status == "pass" and "；" in c.message


def test_sub_rules_are_parsed_into_rules_inheriting_the_clause() -> None:
    plan = parse_plan(SCOPE)
    scope = plan.general[0]
    first, second = scope.params["rules"]
    assert first.kind == "all_of" and first.name == "在本区工作并签订合同"
    assert first.clause == "一、（一）" and first.id == "scope.1"
    assert [r.kind for r in first.params["rules"]] == ["region", "employment"]
    assert first.params["rules"][1].id == "scope.1.2"
    assert second.kind == "social_security" and second.name == "在本区缴纳社保"
    assert second.params == {"regions": ["江苏省无锡市锡山区"], "label": "锡山区"}


def test_a_route_rule_may_be_a_combination() -> None:
    text = HEAD + '''
[[routes]]
route = "skill"
  [[routes.rules]]
  id = "skill"
  kind = "any_of"
  clause = "三、（二）"
  rules = [
    {kind = "skill_years", name = "职业技能等级", levels = ["technician"], years = 0},
    {kind = "qualification", name = "职业资格"},
  ]
'''
    data = {"schema": "zhicheng.profile/1", "as_of": "2023-06-15",
            "qualifications": [{"name": "二级建造师", "obtained": "2020-05-01"}]}
    verdict = evaluate(parse_plan(text), parse_profile(data))
    assert verdict.verdict == "eligible" and verdict.route == "skill"
    assert verdict.criteria[0].message == "职业资格：已于2020-05-01取得二级建造师"


# --- validation on load ---------------------------------------------------------------------

def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_bad_parameter_in_a_nested_table_names_its_line() -> None:
    text = SCOPE.replace('    require_contract = true\n', '    require_contract = "yes"\n')
    with pytest.raises(PlanError) as err:
        parse_plan(text, "p.toml")
    assert err.value.line == line_of(text, 'require_contract = "yes"')
    assert "子规则 scope.1.2" in str(err.value) and "require_contract" in str(err.value)


def test_an_unknown_kind_in_a_nested_table_names_its_line() -> None:
    text = SCOPE.replace('kind = "social_security"', 'kind = "social"')
    with pytest.raises(PlanError) as err:
        parse_plan(text, "p.toml")
    assert err.value.line == line_of(text, 'kind = "social"')
    assert "未知的规则类型 'social'" in str(err.value)


def test_an_error_in_an_inline_sub_rule_points_at_the_rules_key() -> None:
    text = CONDITIONAL.replace('{kind = "not_applicable"}', '{kind = "region"}')
    with pytest.raises(PlanError) as err:
        parse_plan(text, "p.toml")
    assert err.value.line == line_of(text, "rules = [")
    assert "子规则 x.2：规则类型 region 缺少参数 prefixes" in str(err.value)


def test_empty_or_missing_rules_are_refused() -> None:
    base = HEAD + '[[general]]\nid = "x"\nkind = "any_of"\nclause = "一"\n'
    with pytest.raises(PlanError, match="缺少参数 rules"):
        parse_plan(base)
    with pytest.raises(PlanError, match="rules 不能为空"):
        parse_plan(base + "rules = []\n")
    with pytest.raises(PlanError, match="参数 rules 应为 table"):
        parse_plan(base + 'rules = ["region"]\n')


def test_name_is_only_for_sub_rules() -> None:
    text = HEAD + ('[[general]]\nid = "x"\nkind = "window"\nclause = "一"\n'
                   'name = "申报时间"\n')
    with pytest.raises(PlanError, match="没有参数 'name'"):
        parse_plan(text)
    bad = CONDITIONAL.replace('{kind = "not_applicable"}', '{kind = "not_applicable", name = 3}')
    with pytest.raises(PlanError, match="name 应为字符串"):
        parse_plan(bad)


def test_a_sub_rule_may_cite_its_own_clause() -> None:
    text = CONDITIONAL.replace('{kind = "not_applicable"}',
                               '{kind = "not_applicable", clause = "一、（二）"}')
    assert parse_plan(text).general[0].params["rules"][1].clause == "一、（二）"
