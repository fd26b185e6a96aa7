"""The workflow table on its own (no database): states, moves, who, reasons, messages."""

from __future__ import annotations

from collections import deque

import pytest

from zhicheng.applications import workflow
from zhicheng.applications.workflow import ACTIONS, LABELS, Actor, NotAllowed, Stage, State

TERMINAL = {State.WITHDRAWN, State.REJECTED, State.REVOKED, State.CERTIFIED}
NEEDS_REASON = {"unit_return", "unit_reject", "dept_return", "dept_reject", "office_return",
                "office_reject", "revoke", "reexam_pass", "reexam_fail"}


def test_every_action_names_valid_states_actor_and_stage() -> None:
    states = set(State)
    for name, act in ACTIONS.items():
        assert act.name == name
        assert act.sources, name
        assert act.sources <= states, name
        assert act.target in states, name
        assert act.target not in act.sources, name  # every action moves the application
        assert act.actor in set(Actor), name
        assert act.stage in set(Stage), name
        assert act.label.strip(), name


def test_every_state_has_a_label() -> None:
    assert set(LABELS) == set(State)
    assert len(set(LABELS.values())) == len(LABELS)


def test_every_state_is_reachable_from_draft() -> None:
    seen, todo = {State.DRAFT}, deque([State.DRAFT])
    while todo:
        state = todo.popleft()
        for act in ACTIONS.values():
            if state in act.sources and act.target not in seen:
                seen.add(act.target)
                todo.append(act.target)
    assert seen == set(State)


def test_non_terminal_states_have_a_way_on() -> None:
    for state in set(State) - TERMINAL:
        assert [a for a in ACTIONS.values() if state in a.sources
                and a.name != "revoke"], state


@pytest.mark.parametrize("state", sorted(TERMINAL))
def test_terminal_states_have_no_moves_except_revoke(state: State) -> None:
    outgoing = {a.name for a in ACTIONS.values() if state in a.sources}
    assert outgoing <= {"revoke"}
    if state == State.CERTIFIED:
        # a certificate obtained by fraud is withdrawn: the table allows it
        assert outgoing == {"revoke"}
    else:
        assert outgoing == set()


def test_revoke_is_for_the_office_and_not_from_a_draft() -> None:
    revoke = ACTIONS["revoke"]
    assert revoke.actor == Actor.OFFICE
    assert State.DRAFT not in revoke.sources
    assert State.WITHDRAWN not in revoke.sources


def test_reasons_are_required_exactly_for_return_reject_and_revoke() -> None:
    assert {n for n, a in ACTIONS.items() if a.needs_reason} == NEEDS_REASON
    for name in NEEDS_REASON - {"reexam_pass", "reexam_fail"}:
        target = ACTIONS[name].target
        assert target in (State.RETURNED, State.REJECTED, State.REVOKED)


def test_a_reexamination_can_change_the_result_either_way() -> None:
    assert ACTIONS["reexam_pass"].sources == {State.NOT_APPROVED}
    assert ACTIONS["reexam_pass"].target == State.APPROVED
    assert ACTIONS["reexam_fail"].sources == {State.APPROVED}
    assert ACTIONS["reexam_fail"].target == State.NOT_APPROVED


def test_the_desks_deadline_binds_their_actions() -> None:
    for act in ACTIONS.values():
        expected = {Actor.UNIT: Stage.UNIT, Actor.DEPARTMENT: Stage.DEPARTMENT,
                    Actor.OFFICE: Stage.NONE}.get(act.actor)
        if expected is not None:
            assert act.stage == expected, act.name
    assert ACTIONS["submit"].stage == Stage.APPLY
    assert ACTIONS["withdraw"].stage == Stage.NONE


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_check_allows_the_sources_and_names_the_state_otherwise(name: str) -> None:
    act = ACTIONS[name]
    for state in State:
        if state in act.sources:
            assert workflow.check(name, state.value) is act
        else:
            with pytest.raises(NotAllowed) as exc:
                workflow.check(name, state.value)
            assert str(exc.value) == f"申报当前为“{LABELS[state]}”，不能“{act.label}”"


def test_check_unknown_action_and_unknown_state() -> None:
    with pytest.raises(NotAllowed, match="没有“fly”这一操作"):
        workflow.check("fly", "draft")
    with pytest.raises(ValueError):
        workflow.check("submit", "nonsense")


def test_available_lists_each_desks_actions_in_table_order() -> None:
    names = lambda state, actor: [a.name for a in workflow.available(state, actor)]  # noqa: E731
    assert names("draft", Actor.APPLICANT) == ["submit", "withdraw"]
    assert names("draft", Actor.UNIT) == []
    assert names("submitted", Actor.APPLICANT) == ["withdraw"]
    assert names("submitted", Actor.UNIT) == ["unit_receive", "unit_pass", "unit_return",
                                              "unit_reject"]
    assert names("posting", Actor.UNIT) == ["unit_recommend", "unit_return", "unit_reject"]
    assert names("to_department", Actor.DEPARTMENT) == [
        "dept_receive", "dept_recommend", "dept_return", "dept_reject"]
    assert names("to_department", Actor.OFFICE) == ["revoke"]
    assert names("committee_review", Actor.OFFICE) == [
        "office_accept", "office_return", "office_reject", "revoke"]
    assert names("returned", Actor.APPLICANT) == ["submit", "withdraw"]
    assert names("withdrawn", Actor.APPLICANT) == []
    for state in State:
        for actor in Actor:
            assert all(a.actor == actor and state in a.sources
                       for a in workflow.available(state.value, actor))


def test_applicant_cannot_withdraw_once_the_unit_has_started() -> None:
    assert State.UNIT_REVIEW not in ACTIONS["withdraw"].sources
    assert ACTIONS["withdraw"].actor == Actor.APPLICANT
