"""Tokens: only a digest kept, shown once, scopes by kind, revoked and foreign tokens refused,
created and revoked on the desk's page with the password typed, audited."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client

from tests import factories
from tests.reviews.chain import Chain, client_for
from zhicheng.api import tokens
from zhicheng.api.models import ApiToken
from zhicheng.audit.models import AuditEntry
from zhicheng.orgs.models import OrgStatus, Role

from .helpers import error, get, token_for

pytestmark = pytest.mark.django_db


def test_only_the_digest_is_stored(chain: Chain) -> None:
    secret = token_for(chain.office)
    token = ApiToken.objects.get()
    assert secret.startswith("zc_") and len(secret) > 40
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:10]
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.fields]
    assert not any(secret in value for value in stored)
    assert not AuditEntry.objects.filter(after__icontains=secret[10:]).exists()


def test_scopes_follow_the_kind_of_organisation(chain: Chain) -> None:
    assert "certificates:read" in tokens.scopes_for("committee")
    assert "certificates:read" not in tokens.scopes_for("employer")
    assert "exports:write" not in tokens.scopes_for("department")
    with pytest.raises(ValueError, match="exports:write"):
        tokens.create(chain.department_desk.who, chain.department, "x", ["exports:write"])
    with pytest.raises(ValueError):
        tokens.create(chain.unit.who, chain.employer, "x", [])


def test_the_role_of_a_token_is_its_organisation_kind(chain: Chain) -> None:
    for desk, role in ((chain.unit, Role.UNIT_ADMIN), (chain.department_desk, Role.DEPARTMENT),
                       (chain.office, Role.COMMITTEE_OFFICE)):
        token_for(desk)
        token = ApiToken.objects.order_by("-pk").first()
        assert tokens.acting_of(token).role == role
        assert tokens.acting_of(token).organisation == desk.grant.organisation


def test_bad_revoked_and_unapproved_tokens(chain: Chain) -> None:
    secret = token_for(chain.unit)
    assert get("/applications", secret).status_code == 200
    error(get("/applications", "zc_" + "x" * 43), 401, "unauthorized")
    error(get("/applications", "not-even-a-token"), 401, "unauthorized")
    error(get("/applications"), 401, "unauthorized")
    r = Client().get("/api/v1/applications", headers={"Authorization": f"Basic {secret}"})
    error(r, 401, "unauthorized")
    tokens.revoke(chain.unit.who, ApiToken.objects.get())
    assert "撤销" in error(get("/applications", secret), 401, "unauthorized")["message"]
    other = token_for(chain.other_unit)
    chain.other_employer.status = OrgStatus.PENDING
    chain.other_employer.save()
    error(get("/applications", other), 403, "forbidden")


def test_last_used_is_written_at_most_once_a_minute(chain: Chain,
                                                     django_assert_num_queries: object) -> None:
    secret = token_for(chain.unit, ["plans:read"])
    get("/plans", secret)
    token = ApiToken.objects.get()
    first = token.last_used_at
    assert first is not None
    get("/plans", secret)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    get("/plans", secret)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=1)


def test_the_page_creates_shows_once_and_revokes(chain: Chain) -> None:
    client = client_for(chain.office)
    r = client.get("/api-tokens/")
    assert r.status_code == 200
    assert "certificates:read" in r.content.decode()
    r = client.post("/api-tokens/", {"name": "人社对接", "scopes": ["lists:read",
                                                               "certificates:read"]})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    secret = re.search(r"zc_[A-Za-z0-9_-]{40,}", r.content.decode())[0]
    token = ApiToken.objects.get()
    assert token.scopes == ["lists:read", "certificates:read"]
    assert token.organisation == chain.committee and token.created_by == chain.office.user
    assert secret not in client.get("/api-tokens/").content.decode()
    assert get("/certificates", secret).status_code == 200
    created = AuditEntry.objects.get(action="api_token.created")
    assert created.acting_for == chain.committee and created.actor == chain.office.user
    r = client.post(f"/api-tokens/{token.pk}/revoke/")
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by == chain.office.user
    assert AuditEntry.objects.filter(action="api_token.revoked", object_id=str(token.pk)).exists()
    error(get("/certificates", secret), 401, "unauthorized")


def test_the_page_refuses_others(chain: Chain) -> None:
    token_for(chain.unit)
    token = ApiToken.objects.get()
    # another unit cannot revoke this unit's token, nor see it
    other = client_for(chain.other_unit)
    assert token.prefix not in other.get("/api-tokens/").content.decode()
    assert other.post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.active
    # an applicant has no token page; a unit may not give itself a committee's scope
    assert client_for(None, chain.applicant).get("/api-tokens/").status_code == 403
    r = client_for(chain.unit).post("/api-tokens/", {"name": "x",
                                                     "scopes": ["certificates:read"]})
    assert r.status_code == 200 and ApiToken.objects.count() == 1


def test_creating_and_revoking_need_the_password_typed_recently(chain: Chain) -> None:
    client = client_for(chain.unit)
    factories.password_typed(client, minutes_ago=30)
    r = client.post("/api-tokens/", {"name": "x", "scopes": ["lists:read"]})
    assert r.status_code == 302 and "confirm" in r.url
    assert not ApiToken.objects.exists()
    token_for(chain.unit)
    r = client.post(f"/api-tokens/{ApiToken.objects.get().pk}/revoke/")
    assert r.status_code == 302 and "confirm" in r.url
    assert ApiToken.objects.get().active
