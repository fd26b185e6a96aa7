"""Exports through the API: requested, built by the task, polled, downloaded; only the kinds
of the organisation's role, only its own exports, audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.reviews.chain import Chain, make_plan
from tests.reviews.test_exports import accepted, posted
from zhicheng.audit.models import AuditEntry
from zhicheng.reviews.models import Export, ExportStatus

from .helpers import error, get, post, token_for

pytestmark = pytest.mark.django_db


def request(token: str, capture: Any, **data: Any) -> Any:
    with capture(execute=True):
        return post("/exports", data, token)


def test_unit_posting_list_through_the_api(chain: Chain,
                                           django_capture_on_commit_callbacks: Any) -> None:
    posted(chain, chain.new_app(name="公示甲"))
    posted(chain, chain.new_app(employer=chain.other_employer, name="他单位乙"))
    token = token_for(chain.unit)
    r = request(token, django_capture_on_commit_callbacks, kind="posting")
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["status"] == "queued" and body["download"] is None
    polled = get(f"/exports/{body['id']}", token).json()
    assert polled["status"] == "done" and polled["rows"] == 1
    assert polled["download"].endswith(f"/api/v1/exports/{body['id']}/download")
    r = get(f"/exports/{body['id']}/download", token)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
                .iter_rows(values_only=True))
    assert [row[1] for row in rows[2:]] == ["公示甲"]
    assert get("/exports", token).json()["count"] == 1
    requested = AuditEntry.objects.get(action="export.requested")
    assert requested.acting_for == chain.employer and requested.actor == chain.unit.user
    assert requested.after["via"] == "api" and requested.after["token"].startswith("对接测试")
    assert AuditEntry.objects.filter(action="export.downloaded").exists()


def test_office_roster_for_one_plan(chain: Chain, django_capture_on_commit_callbacks: Any
                                    ) -> None:
    accepted(chain, chain.new_app(name="受理甲"))
    token = token_for(chain.office)
    r = request(token, django_capture_on_commit_callbacks, kind="roster", plan=chain.plan.pk)
    assert r.status_code == 202, r.content
    export = Export.objects.get(pk=r.json()["id"])
    assert export.filters == {"plan": chain.plan.pk} and export.status == ExportStatus.DONE
    other_plan = make_plan(chain.other_committee)
    err = error(request(token, django_capture_on_commit_callbacks, kind="roster",
                        plan=other_plan.pk), 400, "invalid")
    assert set(err["fields"]) == {"plan"}


def test_kinds_scopes_and_other_organisations(chain: Chain,
                                              django_capture_on_commit_callbacks: Any) -> None:
    unit = token_for(chain.unit)
    err = error(request(unit, django_capture_on_commit_callbacks, kind="roster"),
                403, "forbidden")
    assert set(err["fields"]) == {"kind"}
    error(request(unit, django_capture_on_commit_callbacks, kind="nonsense"), 400, "invalid")
    error(request(unit, django_capture_on_commit_callbacks, kind="posting", plan=1),
          400, "invalid")
    # a department makes no exports: its token cannot even hold the scope
    error(request(token_for(chain.department_desk), django_capture_on_commit_callbacks,
                  kind="posting"), 403, "forbidden")
    error(request(token_for(chain.unit, ["exports:read"]), django_capture_on_commit_callbacks,
                  kind="posting"), 403, "forbidden")
    mine = request(unit, django_capture_on_commit_callbacks, kind="posting").json()["id"]
    error(get(f"/exports/{mine}", token_for(chain.unit, ["exports:write"])), 403, "forbidden")
    for other in (chain.other_unit, chain.office):
        token = token_for(other)
        error(get(f"/exports/{mine}", token), 404, "not_found")
        error(get(f"/exports/{mine}/download", token), 404, "not_found")
        assert get("/exports", token).json()["count"] == 0


def test_download_before_it_is_built_is_a_conflict(chain: Chain) -> None:
    token = token_for(chain.unit)
    r = post("/exports", {"kind": "posting"}, token)  # on_commit never runs: still queued
    assert r.status_code == 202
    error(get(f"/exports/{r.json()['id']}/download", token), 409, "conflict")
