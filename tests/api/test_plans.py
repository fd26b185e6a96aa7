"""Plans are public; a committee's drafts only to its office; the eligibility check gives the
contract's verdict, names the field of a bad profile, and needs its scope or a session."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.plans.test_screening import load_test_plan, profile
from tests.reviews.chain import Chain, client_for, make_plan
from zhicheng.eligibility import evaluate
from zhicheng.eligibility.profile import parse_profile
from zhicheng.plans.models import Plan

from .helpers import error, get, post, token_for

pytestmark = pytest.mark.django_db


def keys(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {p["key"] for p in response.json()["results"]}


def test_plans_are_public_and_drafts_stay_with_their_committee(chain: Chain) -> None:
    draft = make_plan(chain.committee, status="draft")
    closed = make_plan(chain.committee, status="closed")
    other_draft = make_plan(chain.other_committee, status="draft")
    public = keys(get("/plans", page_size=100))
    assert chain.plan.key in public and closed.key in public
    assert draft.key not in public and other_draft.key not in public
    error(get(f"/plans/{draft.key}"), 404, "not_found")
    office = keys(get("/plans", token_for(chain.office, ["plans:read"]), page_size=100))
    assert draft.key in office and other_draft.key not in office
    assert get(f"/plans/{draft.key}", token_for(chain.office, ["plans:read"])).status_code \
        == 200
    # without plans:read a token sees what anyone sees; a unit never sees drafts
    assert draft.key not in keys(get("/plans", token_for(chain.office, ["lists:read"])))
    assert draft.key not in keys(get("/plans", token_for(chain.unit)))
    # the office's signed-in session sees its drafts as its web page does
    assert draft.key in keys(get("/plans", client=client_for(chain.office)))
    assert keys(get("/plans", status="closed")) == {closed.key}
    assert keys(get("/plans", year=1999)) == set()


def test_plan_detail(chain: Chain) -> None:
    body = get(f"/plans/{chain.plan.key}").json()
    assert body["key"] == chain.plan.key and body["committee"]["name"] == chain.committee.name
    assert body["fee"] == "300.00" and body["specialties"] == ["电子信息", "机械工程"]
    error(get("/plans/no-such-plan"), 404, "not_found")
    error(get("/plans/bad%20key"), 400, "invalid")


def test_eligibility_gives_the_contracts_verdict(chain: Chain) -> None:
    plan = load_test_plan()
    data = profile()
    r = post(f"/plans/{plan.key}/eligibility", data, token_for(chain.office))
    assert r.status_code == 200, r.content
    assert r.json() == json.loads(json.dumps(
        evaluate(plan.engine_plan(), parse_profile(data)).as_dict()))
    assert r.json()["verdict"] in {"eligible", "ineligible", "needs_review"}


def test_eligibility_names_the_bad_field(chain: Chain) -> None:
    plan = load_test_plan()
    token = token_for(chain.unit)
    data = profile()
    data["education"][0]["awarded"] = "2015-13-01"
    err = error(post(f"/plans/{plan.key}/eligibility", data, token), 400, "invalid")
    assert err["fields"] == {"education[0].awarded": "应为日期（YYYY-MM-DD）"}
    assert err["message"].startswith("档案中 education[0].awarded 有误")
    err = error(post(f"/plans/{plan.key}/eligibility", b"{not json", token), 400, "invalid")
    assert "JSON" in err["message"]
    error(post(f"/plans/{plan.key}/eligibility", [1, 2], token), 400, "invalid")
    error(post(f"/plans/{plan.key}/eligibility", {"schema": "other/2"}, token), 400, "invalid")
    big = json.dumps({"schema": "zhicheng.profile/1", "x": "a" * (2 * 1024 * 1024)})
    error(post(f"/plans/{plan.key}/eligibility", big, token), 400, "invalid")
    huge = "{" + " " * (11 * 1024 * 1024) + "}"  # past Django's own limit on a body
    error(post(f"/plans/{plan.key}/eligibility", huge, token), 400, "invalid")
    r = Client().post(f"/api/v1/plans/{plan.key}/eligibility", json.dumps(profile()),
                      content_type="application/json", CONTENT_LENGTH="abc",
                      headers={"Authorization": f"Bearer {token}"})
    error(r, 400, "invalid")


def test_eligibility_refusals(chain: Chain) -> None:
    plan = load_test_plan()
    error(post(f"/plans/{plan.key}/eligibility", profile()), 401, "unauthorized")
    err = error(post(f"/plans/{plan.key}/eligibility", profile(),
                     token_for(chain.unit, ["lists:read"])), 403, "forbidden")
    assert "eligibility:check" in err["message"]
    error(post("/plans/no-such/eligibility", profile(), token_for(chain.unit)), 404, "not_found")
    # a plan without rules: the check cannot run
    error(post(f"/plans/{chain.plan.key}/eligibility", profile(), token_for(chain.unit)),
          409, "conflict")


def test_eligibility_with_a_session_needs_csrf_and_the_applicant_role(chain: Chain) -> None:
    plan = load_test_plan()
    client = Client(enforce_csrf_checks=True)
    client.force_login(chain.applicant)
    url = f"/api/v1/plans/{plan.key}/eligibility"
    r = client.post(url, json.dumps(profile()), content_type="application/json")
    assert error(r, 403, "forbidden")["message"].startswith("CSRF")
    client.get("/accounts/login/")  # sets the CSRF cookie, as a page of the site would
    csrf = client.cookies["csrftoken"].value
    r = client.post(url, json.dumps(profile()), content_type="application/json",
                    headers={"X-CSRFToken": csrf})
    assert r.status_code == 200, r.content
    # a desk's session acting as the unit is not an applicant
    unit = client_for(chain.unit)
    r = unit.post(url, json.dumps(profile()), content_type="application/json")
    error(r, 403, "forbidden")


def test_plans_without_rules_and_many_pages(chain: Chain) -> None:
    for _ in range(3):
        make_plan(chain.committee)
    assert Plan.objects.exclude(status="draft").count() == 4
    page = get("/plans", page_size=3, page=2).json()
    assert page["count"] == 4 and len(page["results"]) == 1 and page["next"] is None
