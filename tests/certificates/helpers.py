"""An approved application and its certificate, through the legal steps."""

from __future__ import annotations

from datetime import date

from tests.reviews.chain import Chain, drive
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import State
from zhicheng.certificates import domain
from zhicheng.certificates.models import Certificate
from zhicheng.meetings.models import ResultPosting


def approved(chain: Chain, app: Application | None = None) -> Application:
    """Approved, with the results posting of the plan already over."""
    app = drive(chain, app or chain.app, State.APPROVED)
    ResultPosting.objects.get_or_create(plan=app.plan, defaults={
        "starts_on": date(2026, 11, 2), "ends_on": date(2026, 11, 6),
        "proof_from": date(2026, 11, 7), "place": "评委会网站", "posted_by": chain.office.user})
    return app


def issued(chain: Chain, app: Application | None = None) -> Certificate:
    return domain.issue(chain.office.who, approved(chain, app))
