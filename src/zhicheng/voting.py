"""The committee's counting rules (人社部令第40号), pure: no Django.

A meeting may vote only with at least two thirds of its members present; an application
passes with the votes of at least two thirds of the experts present who take part in it
(an expert who recuses is not counted for that application). Integer arithmetic only, so
the boundaries are exact: 15 members need 10 present; 10 present need 7 yes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

YES, NO, ABSTAIN = "yes", "no", "abstain"
CHOICES = (YES, NO, ABSTAIN)


def has_quorum(members: int, present: int) -> bool:
    return members > 0 and 3 * present >= 2 * members


def quorum_needed(members: int) -> int:
    return -(-2 * members // 3)


def passes(present: int, yes: int) -> bool:
    return present > 0 and 3 * yes >= 2 * present


def yes_needed(present: int) -> int:
    return -(-2 * present // 3)


@dataclass(frozen=True)
class Tally:
    present: int
    yes: int
    no: int
    abstain: int
    not_voted: int
    passed: bool

    @property
    def needed(self) -> int:
        return yes_needed(self.present)

    def describe(self) -> str:
        outcome = "通过" if self.passed else "未通过"
        return (f"应参加表决{self.present}人，同意{self.yes}票，不同意{self.no}票，"
                f"弃权{self.abstain}票，未投票{self.not_voted}人；"
                f"须同意{self.needed}票，{outcome}")


def tally(present: int, choices: Iterable[str]) -> Tally:
    """Count stored ballots for one application; `present` counts the experts present and
    not recused. More ballots than voters is an error, never silently counted."""
    counts = Counter(choices)
    unknown = set(counts) - set(CHOICES)
    if unknown:
        raise ValueError(f"无效的选票：{sorted(unknown)}")
    cast = sum(counts.values())
    if cast > present:
        raise ValueError(f"选票{cast}张多于参加表决的{present}人")
    return Tally(present, counts[YES], counts[NO], counts[ABSTAIN], present - cast,
                 passes(present, counts[YES]))
