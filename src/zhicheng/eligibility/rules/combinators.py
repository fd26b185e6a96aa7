"""Rules made of rules: any_of (one of several conditions) and all_of (every one of them).

Their `rules` parameter is a list of sub-rules, each with its own `kind` and parameters,
checked on load like any rule (plan.py); a sub-rule may leave out its `clause` (it inherits
its parent's) and may have a `name` shown in the messages. Sub-rules nest: an any_of of
all_of is "one of these combinations".
"""

from __future__ import annotations

from typing import Any

from ..verdict import CONDITIONAL, FAIL, NOT_APPLICABLE, PASS, UNKNOWN, Outcome
from . import KINDS, kind


def _text(rule: Any, out: Outcome) -> str:
    return f"{rule.name}：{out.message}" if rule.name else out.message


def _listed(results: list[tuple[Any, Outcome]]) -> str:
    return "；".join(f"（{i}）{_text(r, o)}" for i, (r, o) in enumerate(results, start=1))


@kind("any_of", rules="table")
def any_of(ctx: Any, p: dict[str, Any]) -> Outcome:
    """One of the sub-rules must hold (a notice's "…或…" list of conditions).

    The first sub-rule that passes decides (later ones are not evaluated); otherwise the
    first conditional one; otherwise unknown when any sub-rule is unknown (one of the
    conditions cannot be decided from the profile); otherwise fail, the message listing
    why each condition fails. Sub-rules that are all not_applicable give not_applicable.
    """
    results: list[tuple[Any, Outcome]] = []
    for rule in p["rules"]:
        out = KINDS[rule.kind](ctx, rule.params)
        if out.status == PASS:
            return Outcome(PASS, _text(rule, out))
        results.append((rule, out))
    for rule, out in results:
        if out.status == CONDITIONAL:
            return Outcome(CONDITIONAL, _text(rule, out), out.condition)
    statuses = {o.status for _, o in results}
    if UNKNOWN in statuses:
        return Outcome(UNKNOWN, "下列条件满足其一即可，尚无法确定：" + _listed(results))
    if statuses == {NOT_APPLICABLE}:
        return Outcome(NOT_APPLICABLE, _listed(results))
    return Outcome(FAIL, "下列条件均不满足：" + _listed(results))


@kind("all_of", rules="table")
def all_of(ctx: Any, p: dict[str, Any]) -> Outcome:
    """Every sub-rule must hold (a combination inside an any_of, e.g. "在本区单位工作并签订
    劳动合同"). The first failing sub-rule decides (later ones are not evaluated); otherwise
    unknown when one is unknown, conditional when one is conditional (its conditions joined),
    else pass. not_applicable sub-rules are left out; all of them not_applicable gives
    not_applicable.
    """
    results: list[tuple[Any, Outcome]] = []
    for rule in p["rules"]:
        out = KINDS[rule.kind](ctx, rule.params)
        if out.status == FAIL:
            return Outcome(FAIL, _text(rule, out))
        results.append((rule, out))
    unknown = [(r, o) for r, o in results if o.status == UNKNOWN]
    if unknown:
        return Outcome(UNKNOWN, "；".join(_text(r, o) for r, o in unknown))
    message = "；".join(_text(r, o) for r, o in results)
    conditions = [o.condition for _, o in results if o.status == CONDITIONAL and o.condition]
    if any(o.status == CONDITIONAL for _, o in results):
        return Outcome(CONDITIONAL, message, "；".join(conditions) or None)
    if all(o.status == NOT_APPLICABLE for _, o in results):
        return Outcome(NOT_APPLICABLE, message)
    return Outcome(PASS, message)
