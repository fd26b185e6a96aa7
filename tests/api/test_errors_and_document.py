"""One error shape for every failure (500 included), rate limits, and the OpenAPI document:
valid, served by the application, documenting the error shape on every operation."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from openapi_spec_validator import validate

from tests.reviews.chain import Chain
from zhicheng.api import errors

from .helpers import API, error, get, token_for

pytestmark = pytest.mark.django_db


def document() -> dict[str, Any]:
    r = Client().get(f"{API}/openapi.json")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    return r.json()


def test_the_document_is_valid_openapi() -> None:
    doc = document()
    validate(doc)
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["version"] == "1"
    assert set(doc["components"]["securitySchemes"]) == {"BearerToken", "SessionUser"}
    assert "lists:read" in doc["components"]["securitySchemes"]["BearerToken"]["description"]
    body = doc["components"]["schemas"]["ErrorBody"]
    assert body["properties"]["code"]["enum"] == [
        "invalid", "unauthorized", "forbidden", "not_found", "conflict", "rate_limited",
        "server_error"]


def test_every_operation_documents_the_error_shape() -> None:
    doc = document()
    operations = [(path, method, op) for path, item in doc["paths"].items()
                  for method, op in item.items()]
    assert len(operations) == 15
    for path, method, op in operations:
        assert path.startswith("/api/v1/"), path
        for status in ("400", "401", "403", "404", "429", "500"):
            schema = op["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, method, status)


def test_no_docs_page_that_would_need_a_cdn() -> None:
    r = Client().get(f"{API}/docs")
    error(r, 404, "not_found")


def test_unknown_api_paths_are_json_and_pages_are_not(db: None) -> None:
    assert error(Client().get("/api/v2/plans"), 404, "not_found")["message"] == "没有这个接口"
    error(Client().get(f"{API}/nothing-here"), 404, "not_found")
    page = Client().get("/no-such-page/")
    assert page.status_code == 404 and not page["Content-Type"].startswith("application/json")


def test_a_crash_is_a_json_500(chain: Chain, monkeypatch: pytest.MonkeyPatch,
                               caplog: pytest.LogCaptureFixture) -> None:
    def boom(*args: Any) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("zhicheng.api.plans.plan_row", boom)
    err = error(get(f"/plans/{chain.plan.key}"), 500, "server_error")
    assert "secret" not in err["message"]
    assert "secret detail" in caplog.text  # logged for the operators, not shown


def test_djangos_own_500_handler_answers_json_under_api() -> None:
    r = errors.handler500(RequestFactory().get(f"{API}/plans"))
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    page = errors.handler500(RequestFactory().get("/plans/precheck/"))
    assert page.status_code == 500 and not page["Content-Type"].startswith("application/json")


def test_methods_not_allowed(db: None) -> None:
    r = Client().delete(f"{API}/plans")
    assert r.status_code == 405


def test_rate_limits(chain: Chain, settings: Any) -> None:
    settings.API_RATE_LIMITS = {"anyone": 2, "token": 3}
    assert get("/plans").status_code == 200
    assert get("/plans").status_code == 200
    r = get("/plans")
    error(r, 429, "rate_limited")
    assert 0 < int(r["Retry-After"]) <= 60
    token = token_for(chain.unit)
    assert [get("/plans", token).status_code for _ in range(4)] == [200, 200, 200, 429]
    other = token_for(chain.other_unit)  # counted per token
    assert get("/plans", other).status_code == 200


def test_a_content_length_that_is_not_a_number_is_a_400(chain: Chain) -> None:
    token = token_for(chain.unit)
    r = Client().post(f"{API}/exports", '{"kind": "posting"}', content_type="application/json",
                      CONTENT_LENGTH="abc", headers={"Authorization": f"Bearer {token}"})
    error(r, 400, "invalid")
    page = Client().post("/accounts/login/", {"x": "1"}, CONTENT_LENGTH="-1")
    assert page.status_code == 400 and "Content-Security-Policy" in page
