"""The counting rules at their boundaries (人社部令第40号: 2/3 present, 2/3 of those present)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhicheng import voting


@pytest.mark.parametrize(("members", "present", "ok"), [
    (15, 10, True), (15, 9, False), (15, 15, True), (9, 6, True), (9, 5, False),
    (10, 7, True), (10, 6, False), (1, 1, True), (1, 0, False), (0, 0, False)])
def test_quorum_is_two_thirds_of_the_members(members: int, present: int, ok: bool) -> None:
    assert voting.has_quorum(members, present) is ok


@pytest.mark.parametrize(("present", "yes", "ok"), [
    (10, 7, True), (10, 6, False), (9, 6, True), (9, 5, False), (15, 10, True),
    (15, 9, False), (3, 2, True), (3, 1, False), (0, 0, False)])
def test_an_application_needs_two_thirds_of_those_present(present: int, yes: int,
                                                         ok: bool) -> None:
    assert voting.passes(present, yes) is ok


@given(st.integers(1, 500))
def test_needed_counts_are_the_smallest_that_pass(n: int) -> None:
    q = voting.quorum_needed(n)
    assert voting.has_quorum(n, q) and not voting.has_quorum(n, q - 1)
    y = voting.yes_needed(n)
    assert voting.passes(n, y) and not voting.passes(n, y - 1)


def test_tally_counts_abstentions_and_absent_votes_against_passing() -> None:
    result = voting.tally(10, ["yes"] * 6 + ["abstain"] * 3)
    assert (result.yes, result.abstain, result.not_voted, result.passed) == (6, 3, 1, False)
    assert "须同意7票，未通过" in result.describe()
    assert voting.tally(10, ["yes"] * 7).passed


def test_tally_refuses_more_ballots_than_voters_and_unknown_choices() -> None:
    with pytest.raises(ValueError, match="多于"):
        voting.tally(2, ["yes", "yes", "no"])
    with pytest.raises(ValueError, match="无效"):
        voting.tally(3, ["maybe"])
