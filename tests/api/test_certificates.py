"""Certificate verification gives anyone exactly the public page's facts; the office's list
needs its scope."""

from __future__ import annotations

import pytest

from tests.certificates.helpers import issued
from tests.reviews.chain import Chain
from zhicheng.certificates import domain

from .helpers import error, get, token_for

pytestmark = pytest.mark.django_db


def test_verify_by_number_shows_the_public_facts(chain: Chain) -> None:
    cert = issued(chain)
    body = get("/certificates/verify", number=cert.number).json()
    assert set(body) == {"number", "holder_name", "masked_id", "title", "specialty",
                         "committee", "approved_on", "revoked", "revoked_on", "reissues"}
    assert body["number"] == cert.number and body["revoked"] is False
    assert body["masked_id"] == cert.masked_id and "*" in body["masked_id"]
    assert chain.applicant.id_number not in str(body)
    page = get("/certificates/verify", number=f"  {cert.number}  ").json()
    assert page == body
    domain.revoke(chain.office.who, cert, "查实弄虚作假")
    assert get("/certificates/verify", number=cert.number).json()["revoked"] is True


def test_verify_refusals(chain: Chain) -> None:
    error(get("/certificates/verify", number="NO-SUCH"), 404, "not_found")
    error(get("/certificates/verify"), 400, "invalid")
    error(get("/certificates/verify", number="x" * 41), 400, "invalid")


def test_the_committee_list(chain: Chain) -> None:
    cert = issued(chain)
    listed = get("/certificates", token_for(chain.office)).json()
    assert [c["number"] for c in listed["results"]] == [cert.number]
    assert get("/certificates", token_for(chain.other_office)).json()["count"] == 0
    error(get("/certificates", token_for(chain.office, ["lists:read"])), 403, "forbidden")
    error(get("/certificates", token_for(chain.unit)), 403, "forbidden")
    error(get("/certificates"), 401, "unauthorized")
