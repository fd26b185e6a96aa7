"""Reminders the calendar triggers: a posting whose proof may be issued today."""

from __future__ import annotations

from datetime import date

from zhicheng.notifications.domain import notify
from zhicheng.orgs.models import Role, RoleGrant
from zhicheng.workdays import chinese_date

from .models import Posting


def postings_ending(day: date) -> int:
    """Notify each unit operator once per posting that may be closed from `day`."""
    sent = 0
    postings = (Posting.objects.filter(proof_from=day, application__status="posting")
                .select_related("application__applicant", "application__plan"))
    for posting in postings:
        app = posting.application
        grants = RoleGrant.objects.active().filter(role=Role.UNIT_ADMIN,
                                                    organisation_id=app.employer_id)
        for grant in grants.select_related("user"):
            created = notify(grant.user, "posting_ended", {
                "plan": app.plan.title, "applicant": app.applicant.name,
                "deadline": chinese_date(day),
                "url": f"/reviews/app/{app.pk}/"},
                obj=app, channels=("site", "sms"), dedupe=f"app{app.pk}:postend:{grant.pk}")
            sent += bool(created)  # a reminder already sent (dedupe) is not counted again
    return sent
