"""The states of an application and the only moves between them (pure: no Django).

Each action names the states it starts from, the state it leads to, the actor who may take
it, the stage whose deadline binds it and whether it needs a reason. `transition.apply` is
the one function that changes state; it reads this table and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNIT_REVIEW = "unit_review"
    UNIT_PASSED = "unit_passed"
    POSTING = "posting"
    TO_DEPARTMENT = "to_department"
    DEPARTMENT_REVIEW = "department_review"
    COMMITTEE_REVIEW = "committee_review"
    ACCEPTED = "accepted"
    EXPERT_REVIEW = "expert_review"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    CERTIFIED = "certified"
    RETURNED = "returned"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    REVOKED = "revoked"


LABELS: dict[State, str] = {
    State.DRAFT: "草稿",
    State.SUBMITTED: "已提交，待单位审核",
    State.UNIT_REVIEW: "单位审核中",
    State.UNIT_PASSED: "单位审核通过，待公示",
    State.POSTING: "单位公示中",
    State.TO_DEPARTMENT: "已报送，待主管部门接收",
    State.DEPARTMENT_REVIEW: "主管部门审核中",
    State.COMMITTEE_REVIEW: "评委会办公室审核中",
    State.ACCEPTED: "已受理",
    State.EXPERT_REVIEW: "专家评审中",
    State.APPROVED: "评审通过",
    State.NOT_APPROVED: "评审未通过",
    State.CERTIFIED: "已发证",
    State.RETURNED: "已退回修改",
    State.REJECTED: "审核不通过",
    State.WITHDRAWN: "已撤回",
    State.REVOKED: "已撤销",
}


class Actor(StrEnum):
    APPLICANT = "applicant"
    UNIT = "unit"
    DEPARTMENT = "department"
    OFFICE = "office"
    SYSTEM = "system"


class Stage(StrEnum):
    """Whose deadline binds an action (the plan gives one date per stage)."""

    APPLY = "apply"
    UNIT = "unit"
    DEPARTMENT = "department"
    NONE = "none"


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[State]
    target: State
    actor: Actor
    stage: Stage = Stage.NONE
    needs_reason: bool = False


S = State
UNIT_HOLDS = frozenset({S.SUBMITTED, S.UNIT_REVIEW, S.UNIT_PASSED, S.POSTING})
IN_ROUND = frozenset(set(State) - {S.DRAFT, S.WITHDRAWN, S.REJECTED, S.REVOKED})


def _a(name: str, label: str, sources: set[State], target: State, actor: Actor,
       stage: Stage = Stage.NONE, reason: bool = False) -> Action:
    return Action(name, label, frozenset(sources), target, actor, stage, reason)


ACTIONS: dict[str, Action] = {a.name: a for a in [
    _a("submit", "提交申报", {S.DRAFT, S.RETURNED}, S.SUBMITTED, Actor.APPLICANT, Stage.APPLY),
    _a("withdraw", "撤回申报", {S.DRAFT, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN,
       Actor.APPLICANT),
    _a("unit_receive", "开始审核", {S.SUBMITTED}, S.UNIT_REVIEW, Actor.UNIT, Stage.UNIT),
    _a("unit_pass", "审核通过", {S.SUBMITTED, S.UNIT_REVIEW}, S.UNIT_PASSED, Actor.UNIT,
       Stage.UNIT),
    _a("unit_post", "开始公示", {S.UNIT_PASSED}, S.POSTING, Actor.UNIT, Stage.UNIT),
    _a("unit_recommend", "公示期满，推荐报送", {S.POSTING}, S.TO_DEPARTMENT, Actor.UNIT,
       Stage.UNIT),
    _a("unit_return", "退回修改", set(UNIT_HOLDS), S.RETURNED, Actor.UNIT, Stage.UNIT, True),
    _a("unit_reject", "审核不通过", set(UNIT_HOLDS), S.REJECTED, Actor.UNIT, Stage.UNIT, True),
    _a("dept_receive", "接收", {S.TO_DEPARTMENT}, S.DEPARTMENT_REVIEW, Actor.DEPARTMENT,
       Stage.DEPARTMENT),
    _a("dept_recommend", "审核通过，推荐至评委会", {S.TO_DEPARTMENT, S.DEPARTMENT_REVIEW},
       S.COMMITTEE_REVIEW, Actor.DEPARTMENT, Stage.DEPARTMENT),
    _a("dept_return", "退回修改", {S.TO_DEPARTMENT, S.DEPARTMENT_REVIEW}, S.RETURNED,
       Actor.DEPARTMENT, Stage.DEPARTMENT, True),
    _a("dept_reject", "审核不通过", {S.TO_DEPARTMENT, S.DEPARTMENT_REVIEW}, S.REJECTED,
       Actor.DEPARTMENT, Stage.DEPARTMENT, True),
    _a("office_accept", "受理（分配受理号）", {S.COMMITTEE_REVIEW}, S.ACCEPTED, Actor.OFFICE),
    _a("office_return", "退回修改", {S.COMMITTEE_REVIEW}, S.RETURNED, Actor.OFFICE,
       reason=True),
    _a("office_reject", "不予受理", {S.COMMITTEE_REVIEW}, S.REJECTED, Actor.OFFICE,
       reason=True),
    _a("start_evaluation", "提交专家评审", {S.ACCEPTED}, S.EXPERT_REVIEW, Actor.OFFICE),
    _a("record_pass", "评审通过", {S.EXPERT_REVIEW}, S.APPROVED, Actor.OFFICE),
    _a("record_fail", "评审未通过", {S.EXPERT_REVIEW}, S.NOT_APPROVED, Actor.OFFICE),
    _a("reexam_pass", "复查改为通过", {S.NOT_APPROVED}, S.APPROVED, Actor.OFFICE, reason=True),
    _a("reexam_fail", "复查改为未通过", {S.APPROVED}, S.NOT_APPROVED, Actor.OFFICE,
       reason=True),
    _a("certify", "发放证书", {S.APPROVED}, S.CERTIFIED, Actor.OFFICE),
    _a("revoke", "撤销（弄虚作假等）", set(IN_ROUND), S.REVOKED, Actor.OFFICE, reason=True),
]}


class NotAllowed(ValueError):
    """The table has no such move; the message says what the state allows instead."""


def action(name: str) -> Action:
    try:
        return ACTIONS[name]
    except KeyError:
        raise NotAllowed(f"没有“{name}”这一操作") from None


def check(name: str, current: str) -> Action:
    """The action if the table allows it from `current`, else NotAllowed naming the state."""
    act = action(name)
    state = State(current)
    if state not in act.sources:
        raise NotAllowed(f"申报当前为“{LABELS[state]}”，不能“{act.label}”")
    return act


def available(current: str, actor: Actor) -> list[Action]:
    """The actions `actor` may take from `current`, in table order."""
    state = State(current)
    return [a for a in ACTIONS.values() if a.actor == actor and state in a.sources]
