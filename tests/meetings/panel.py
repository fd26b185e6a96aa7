"""Experts on the chain's committee, and applications in expert review."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests import factories
from tests.reviews.chain import Chain, drive
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import State
from zhicheng.audit.domain import Who
from zhicheng.experts.models import Expert
from zhicheng.meetings.models import Meeting
from zhicheng.orgs.models import Role


def make_experts(chain: Chain, n: int, employer_name: str = "某设计研究院") -> list[Expert]:
    out = []
    for i in range(n):
        user = factories.make_user(name=f"专家{i + 1}")
        factories.grant(user, Role.EXPERT, chain.committee)
        out.append(Expert.objects.create(
            committee=chain.committee, user=user, name=user.name, title_level="senior",
            specialties=["电子信息"], employer_name=f"{employer_name}{i}",
            appointed_from=date(2024, 1, 1), appointed_until=date(2026, 12, 31)))
    return out


def expert_who(expert: Expert) -> Who:
    return Who(actor=expert.user, acting_for=expert.committee, role=Role.EXPERT)


def in_review(chain: Chain, n: int = 1, **kwargs: Any) -> list[Application]:
    return [drive(chain, chain.new_app(**kwargs), State.EXPERT_REVIEW) for _ in range(n)]


def meeting_of(chain: Chain, members: list[Expert]) -> Meeting:
    meeting = Meeting.objects.create(plan=chain.plan, title="评审会议", held_on=date(2026, 12, 1))
    meeting.members.set(members)
    return meeting
