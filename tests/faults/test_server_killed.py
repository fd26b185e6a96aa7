"""The application server killed (SIGKILL) in the middle of a submission leaves the application
either fully submitted (status, snapshot, history row, audit row) or still a draft with none
of them, never half; and the audit chain stays whole.

A real server process (`zhicheng runserver --noreload`) serves the applicant's POST to the
preview step. The hooks app (tests.faults.hooks) stops the submission at one point and the
test kills the server there: after the row lock (nothing written), after every write but
before the commit, and after the commit but before the response.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from tests import factories
from tests.applications.helpers import applicant_for, load_shipped_plans
from zhicheng.applications import domain
from zhicheng.applications.models import Application, Status
from zhicheng.applications.requirements import specialty_choices
from zhicheng.archive.models import Achievement, Output
from zhicheng.audit.domain import Who, verify
from zhicheng.audit.models import AuditEntry, AuditHead
from zhicheng.reviews.models import StateChange

from .conftest import START_TIMEOUT, Target, free_port, kill, output, started, wait_for_marker

PLAN_KEY = "wx-xishan-2023-engineer"


@dataclass
class Draft:
    app: Application
    user: Any
    session: str
    version: int
    audit_rows: int


def ready_draft() -> Draft:
    """An applicant's complete draft, signed in (the session is in the database)."""
    plan = next(p for p in load_shipped_plans() if p.key == PLAN_KEY)
    user = applicant_for(plan)
    who = Who(actor=user)
    app = domain.start(who, user, plan)
    achievements = list(Achievement.objects.filter(owner=user))
    outputs = list(Output.objects.filter(owner=user))
    app = domain.save(who, app, app.version,
                      specialty=specialty_choices(plan.engine_plan())[0][1],
                      photo="photos/fault-test.jpg", pledged_at=timezone.now(),
                      pledge_name=user.name, statement="任现职以来" * 50,
                      achievements=achievements, outputs=outputs)
    assert domain.missing(app) == []
    assert domain.check(app).verdict != "ineligible"
    client = Client()
    client.force_login(user)
    factories.act_as(client, None)
    return Draft(app, user, client.cookies[settings.SESSION_COOKIE_NAME].value, app.version,
                 AuditEntry.objects.count())


class Submission(threading.Thread):
    """The browser: POSTs the preview form and waits for an answer that may never come."""

    def __init__(self, port: int, draft: Draft) -> None:
        super().__init__(daemon=True)
        self.port, self.draft = port, draft
        self.status: int | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        token = get_random_string(32)
        body = urlencode({"csrfmiddlewaretoken": token, "version": self.draft.version})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("POST", f"/applications/{self.draft.app.pk}/preview/", body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"{settings.SESSION_COOKIE_NAME}={self.draft.session}; "
                          f"{settings.CSRF_COOKIE_NAME}={token}"})
            self.status = conn.getresponse().status
        except (OSError, http.client.HTTPException) as exc:
            self.error = exc
        finally:
            conn.close()


def wait_until_serving(port: int, proc: Any, target: Target) -> None:
    end = time.monotonic() + START_TIMEOUT
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail("server ended before serving:\n" + output(target, "runserver"))
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("server did not start:\n" + output(target, "runserver"))


def outcome(draft: Draft) -> str:
    """"submitted" or "draft", after checking that every part agrees; fails on anything half."""
    app = Application.objects.get(pk=draft.app.pk)
    history = StateChange.objects.filter(application=app, action="submit").count()
    audit = AuditEntry.objects.filter(object_type="applications.application",
                                      object_id=str(app.pk), action="application.submit").count()
    count, brk = verify()
    head = AuditHead.objects.get(pk=1)
    assert brk is None, brk
    assert head.last_seq == count  # the head moved with the rows, or with none of them
    parts = {"status": app.status, "version": app.version - draft.version,
             "submitted_at": app.submitted_at is not None,
             "snapshot": bool(app.snapshot.get("chosen") and app.snapshot.get("person")),
             "verdict": bool(app.verdict), "history": history, "audit": audit,
             "audit_rows": count - draft.audit_rows}
    submitted = {"status": Status.SUBMITTED, "version": 1, "submitted_at": True,
                 "snapshot": True, "verdict": True, "history": 1, "audit": 1, "audit_rows": 1}
    untouched = {"status": Status.DRAFT, "version": 0, "submitted_at": False,
                 "snapshot": False, "verdict": False, "history": 0, "audit": 0,
                 "audit_rows": 0}
    if parts == submitted:
        return "submitted"
    if parts == untouched:
        return "draft"
    pytest.fail(f"half a submission after the kill: {parts}")


NOTHING = "status=draft snapshot=0 history=0 audit=0"
EVERYTHING = "status=submitted snapshot=1 history=1 audit=1"


@pytest.mark.parametrize(("point", "seen", "expected"), [
    ("locked", NOTHING, "draft"),             # row locked, checks passed, nothing written
    ("written", EVERYTHING, "draft"),         # all written in the transaction, no commit
    ("committed", EVERYTHING, "submitted"),   # committed, the response not yet sent
])
def test_server_killed_during_submission_leaves_all_or_nothing(
        target: Target, point: str, seen: str, expected: str) -> None:
    draft = ready_draft()
    target.push()
    port = free_port()
    with started(target, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}",
                 FAULT_PAUSE=point) as server:
        wait_until_serving(port, server, target)
        browser = Submission(port, draft)
        browser.start()
        marker = wait_for_marker(target, server, "the server")
        # where the server stood when it was killed, as it saw the application itself
        assert marker.startswith(point) and marker.rstrip().endswith(seen), marker
        kill(server)
        browser.join(timeout=10)
    assert browser.status is None and browser.error is not None  # no answer ever came

    target.pull()
    assert outcome(draft) == expected
    if expected == "draft":
        # nothing is left locked or half-done: the same draft can be submitted now
        app = Application.objects.get(pk=draft.app.pk)
        domain.submit(Who(actor=draft.user), app, app.version)
        assert outcome(draft) == "submitted"
