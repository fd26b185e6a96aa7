"""The reminder the calendar triggers: a posting whose proof may be issued from today."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.workflow import Actor, State
from zhicheng.notifications.models import Message
from zhicheng.orgs.models import Role
from zhicheng.reviews import posting
from zhicheng.reviews.reminders import postings_ending
from zhicheng.reviews.tasks import posting_ends

from .chain import Chain, drive, make_desk

pytestmark = pytest.mark.django_db

START = date(2023, 9, 27)
PROOF = date(2023, 10, 10)


def posted(chain: Chain, app: Application, start: date = START) -> Application:
    app = drive(chain, app, State.UNIT_PASSED, today=START)
    return posting.post(chain.desk_for(Actor.UNIT, app), app, start, "公告栏", today=start)


def reminders() -> list[tuple[int, str, str]]:
    return sorted(Message.objects.filter(event="posting_ended").values_list(
        "recipient_id", "channel", "object_id"))


def test_unit_operators_are_told_once(chain: Chain) -> None:
    colleague = make_desk(Role.UNIT_ADMIN, chain.employer)
    gone = make_desk(Role.UNIT_ADMIN, chain.employer)
    gone.grant.revoked_at = timezone.now()
    gone.grant.save()
    mine = posted(chain, chain.new_app(name="公示甲"))
    theirs = posted(chain, chain.new_app(employer=chain.other_employer, name="公示乙"))
    posted(chain, chain.new_app(name="晚公示丙"), start=date(2023, 10, 9))
    sent_on = posted(chain, chain.new_app(name="已推荐丁"))
    posting.recommend(chain.unit.who, sent_on, today=PROOF)

    assert postings_ending(PROOF) == 3
    expected = sorted(
        (user.pk, channel, str(app.pk))
        for user, app in ((chain.unit.user, mine), (colleague.user, mine),
                          (chain.other_unit.user, theirs))
        for channel in ("site", "sms"))
    assert reminders() == expected
    site = Message.objects.get(recipient=chain.unit.user, event="posting_ended",
                               channel="site")
    assert "公示甲" in site.body and site.url == f"/reviews/app/{mine.pk}/"
    # run again (the daily job twice, or a retry): nobody is told twice
    assert postings_ending(PROOF) == 0
    assert reminders() == expected
    assert postings_ending(date(2023, 10, 11)) == 0


def test_the_task_runs_the_reminder(chain: Chain, django_capture_on_commit_callbacks: Any
                                    ) -> None:
    mine = posted(chain, chain.new_app(name="公示甲"))
    with django_capture_on_commit_callbacks(execute=True):
        result = posting_ends.enqueue(PROOF.isoformat())
    assert result.return_value == 1
    assert {m[2] for m in reminders()} == {str(mine.pk)}
