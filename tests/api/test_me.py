"""The person's own archive and applications, with their session: nobody else's."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories
from tests.reviews.chain import Chain, client_for, drive
from zhicheng.applications.workflow import State
from zhicheng.audit.models import AuditEntry

from .helpers import error, get, token_for

pytestmark = pytest.mark.django_db


def test_my_archive_is_the_profile_export(chain: Chain) -> None:
    client = client_for(None, chain.applicant)
    r = get("/me/archive", client=client)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["schema"] == "zhicheng.profile/1"
    # the owner sees their own number in full, as the export page gives it
    assert body["person"]["id_number"] == chain.applicant.id_number
    web = client.get("/archive/export.json").json()
    assert {k: v for k, v in body.items() if k != "as_of"} == {
        k: v for k, v in web.items() if k != "as_of"}
    entry = AuditEntry.objects.filter(action="archive.export").first()
    assert entry.after == {"via": "api"} and entry.actor == chain.applicant


def test_my_applications_and_history(chain: Chain) -> None:
    mine = drive(chain, chain.app, State.UNIT_PASSED)
    someone_else = drive(chain, chain.new_app(name="别人"), State.SUBMITTED)
    client = client_for(None, chain.applicant)
    listed = get("/me/applications", client=client).json()
    assert [a["id"] for a in listed["results"]] == [mine.pk] and listed["count"] == 1
    detail = get(f"/me/applications/{mine.pk}", client=client).json()
    assert detail["status"] == "unit_passed" and detail["status_label"]
    assert [h["action"] for h in detail["history"]] == ["submit", "unit_pass"]
    assert detail["history"][1]["acting_for"] == chain.employer.name
    assert all(h["by"] is None for h in detail["history"])  # the staff's names stay inside
    assert "id_number" not in str(detail)
    error(get(f"/me/applications/{someone_else.pk}", client=client), 404, "not_found")


def test_me_needs_a_session_acting_as_applicant(chain: Chain) -> None:
    for path in ("/me/archive", "/me/applications", f"/me/applications/{chain.app.pk}"):
        error(get(path), 401, "unauthorized")
        # an organisation's token is nobody's person
        error(get(path, token_for(chain.office)), 401, "unauthorized")
        error(get(path, client=client_for(chain.unit)), 403, "forbidden")


def test_another_applicant_sees_only_their_own(chain: Chain) -> None:
    drive(chain, chain.app, State.SUBMITTED)
    other = factories.make_user()
    client = Client()
    client.force_login(other)
    assert get("/me/applications", client=client).json()["count"] == 0
    error(get(f"/me/applications/{chain.app.pk}", client=client), 404, "not_found")
    assert get("/me/archive", client=client).json()["person"]["id_number"] == other.id_number
