"""`load_demo` leaves an application at every desk of the review chain, moved there by the
domain functions, and the audit chain stays intact."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import ACTIONS
from zhicheng.audit.models import AuditEntry
from zhicheng.certificates.models import Certificate
from zhicheng.experts.models import Assignment
from zhicheng.meetings.models import Decision
from zhicheng.orgs.acting import SESSION_KEY
from zhicheng.orgs.models import RoleGrant
from zhicheng.reviews.models import Fee, PaperReceipt, StateChange

pytestmark = pytest.mark.django_db


def _desk(mobile: str, role: str) -> Client:
    client = Client()
    user = User.objects.by_mobile(mobile).get()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = str(RoleGrant.objects.get(user=user, role=role).pk)
    session.save()
    return client


def test_demo_seeds_every_desk_and_is_idempotent() -> None:
    call_command("load_plans", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == sorted(["submitted", "unit_passed", "posting", "to_department",
                               "committee_review", "accepted", "expert_review", "certified"])
    accepted = Application.objects.get(status="accepted")
    assert accepted.acceptance_no == f"{accepted.plan.year}-0001"
    assert PaperReceipt.objects.get(application=accepted).copies_due == 2
    assert Fee.objects.get(application=accepted).status == "unpaid"
    # every move left one history row and one audit row
    moves = AuditEntry.objects.filter(action__in=[f"application.{a}" for a in ACTIONS])
    assert StateChange.objects.count() == moves.count() > 30
    cert = Certificate.objects.get()
    assert cert.application.applicant.name == "褚红" and cert.status == "valid"
    assert Decision.objects.get().passed
    waiting = Application.objects.get(status="expert_review")
    assert Assignment.objects.filter(application=waiting, expert__name="钱七").exists()


def test_each_desk_sees_its_share_and_the_office_accepts() -> None:
    call_command("load_plans", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    unit = _desk("13800000002", "unit_admin")
    department = _desk("13800000003", "department")
    office = _desk("13800000004", "committee_office")
    assert unit.get("/reviews/").content.decode().count('name="ids"') == 8
    assert department.get("/reviews/").content.decode().count('name="ids"') == 5
    assert office.get("/reviews/").content.decode().count('name="ids"') == 4
    waiting = Application.objects.get(status="committee_review")
    response = office.post(f"/reviews/app/{waiting.pk}/act/",
                           {"action": "office_accept", "version": waiting.version})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.acceptance_no == f"{waiting.plan.year}-0004"
    call_command("audit", "verify", stdout=io.StringIO())
