"""Desk lists through the API: the same applications as the web desk of the same role and
organisation, the same filters, pagination, masked ID numbers, scopes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.reviews.chain import Chain, Desk, client_for, drive
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import State
from zhicheng.identity.idnumber import mask

from .helpers import error, get, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def apps(chain: Chain) -> dict[str, Application]:
    return {
        "draft": chain.app,
        "submitted": drive(chain, chain.new_app(name="已提交"), State.SUBMITTED),
        "to_dept": drive(chain, chain.new_app(name="已报送", specialty="机械工程"),
                         State.TO_DEPARTMENT),
        "at_office": drive(chain, chain.new_app(name="评委会"), State.COMMITTEE_REVIEW),
        "other_unit": drive(chain, chain.new_app(employer=chain.other_employer,
                                                 name="他单位"), State.SUBMITTED),
        "far": drive(chain, chain.new_app(employer=chain.far_employer, name="远处"),
                     State.COMMITTEE_REVIEW),
    }


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def web_ids(desk: Desk) -> set[int]:
    page = client_for(desk).get("/reviews/").content.decode()
    return {int(pk) for pk in re.findall(r'name="ids" value="(\d+)"', page)}


def test_each_desk_sees_what_its_web_desk_sees(chain: Chain, apps: dict[str, Application]
                                               ) -> None:
    pk = {k: a.pk for k, a in apps.items()}
    expected = {
        "unit": {pk["submitted"], pk["to_dept"], pk["at_office"]},
        "other_unit": {pk["other_unit"]},
        "far_unit": {pk["far"]},
        "department_desk": {pk["to_dept"], pk["at_office"]},
        "other_department_desk": {pk["far"]},
        "office": {pk["at_office"], pk["far"]},
        "other_office": set(),
    }
    for name, want in expected.items():
        desk = getattr(chain, name)
        got = ids(get("/applications", token_for(desk), page_size=100))
        assert got == want, name
        assert got == web_ids(desk), name


def test_filters_are_the_desks(chain: Chain, apps: dict[str, Application]) -> None:
    token = token_for(chain.unit)
    assert ids(get("/applications", token, status="to_department")) == {apps["to_dept"].pk}
    assert ids(get("/applications", token, specialty="机械工程")) == {apps["to_dept"].pk}
    assert ids(get("/applications", token, plan=chain.plan.pk)) == {
        apps["submitted"].pk, apps["to_dept"].pk, apps["at_office"].pk}
    assert ids(get("/applications", token, employer=chain.other_employer.pk)) == set()
    assert ids(get("/applications", token, q="已报")) == {apps["to_dept"].pk}
    office = token_for(chain.office)
    assert ids(get("/applications", office, employer=chain.far_employer.pk)) == {apps["far"].pk}
    assert error(get("/applications", token, status="nonsense"), 400, "invalid")["fields"] \
        == {"status": "取值无效"}
    error(get("/applications", token, plan="x"), 400, "invalid")
    error(get("/applications", token, specialty="a\x00b"), 400, "invalid")


def test_pagination_boundaries(chain: Chain) -> None:
    for i in range(5):
        drive(chain, chain.new_app(name=f"分页{i}"), State.SUBMITTED)
    token = token_for(chain.unit)
    first = get("/applications", token, page_size=2).json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"] and "page_size=2" in first["next"]
    assert first["next"].startswith("http://testserver/api/v1/applications?")
    last = get("/applications", token, page_size=2, page=3).json()
    assert len(last["results"]) == 1 and last["next"] is None and "page=2" in last["previous"]
    seen = [r["id"] for p in (1, 2, 3)
            for r in get("/applications", token, page_size=2, page=p).json()["results"]]
    assert len(seen) == len(set(seen)) == 5
    assert len(get("/applications", token, page_size=100).json()["results"]) == 5
    assert error(get("/applications", token, page_size=101), 400, "invalid")["fields"] == {
        "page_size": "应不大于 100"}
    error(get("/applications", token, page_size=0), 400, "invalid")
    error(get("/applications", token, page=0), 400, "invalid")
    error(get("/applications", token, page=4, page_size=2), 404, "not_found")
    empty = get("/applications", token_for(chain.other_office)).json()
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}
    error(get("/applications", token_for(chain.other_office), page=2), 404, "not_found")


def test_id_numbers_in_full_only_for_the_committee_office(chain: Chain,
                                                          apps: dict[str, Application]) -> None:
    app = apps["at_office"]
    number = app.applicant.id_number
    for desk in (chain.unit, chain.department_desk):
        row = next(r for r in get("/applications", token_for(desk)).json()["results"]
                   if r["id"] == app.pk)
        assert row["applicant"]["id_number"] == mask(number) != number
        detail = get(f"/applications/{app.pk}", token_for(desk)).json()
        assert detail["applicant"]["id_number"] == mask(number)
    row = next(r for r in get("/applications", token_for(chain.office)).json()["results"]
               if r["id"] == app.pk)
    assert row["applicant"]["id_number"] == number


def test_detail_history_and_profile(chain: Chain, apps: dict[str, Application]) -> None:
    app = apps["to_dept"]
    token = token_for(chain.department_desk)
    detail = get(f"/applications/{app.pk}", token).json()
    assert detail["status"] == "to_department"
    assert [h["action"] for h in detail["history"]] == [
        "submit", "unit_pass", "unit_post", "unit_recommend"]
    assert detail["history"][1]["acting_for"] == chain.employer.name
    assert detail["history"][1]["by"] == chain.unit.user.name
    Application.objects.filter(pk=app.pk).update(snapshot={
        "person": {"name": "甲", "id_number": app.applicant.id_number}, "chosen": {}})
    profile = get(f"/applications/{app.pk}/profile", token).json()
    assert profile["person"]["id_number"] == mask(app.applicant.id_number)
    # not this desk's application: not found, the same as an id that does not exist
    for pk in (apps["far"].pk, apps["draft"].pk, 10**9):
        error(get(f"/applications/{pk}", token), 404, "not_found")
        error(get(f"/applications/{pk}/profile", token), 404, "not_found")
    error(get("/applications/0", token), 400, "invalid")


def test_each_operation_needs_its_scope(chain: Chain, apps: dict[str, Application]) -> None:
    pk = apps["submitted"].pk
    only_lists = token_for(chain.unit, ["lists:read"])
    assert get("/applications", only_lists).status_code == 200
    assert "applications:read" in error(get(f"/applications/{pk}", only_lists), 403,
                                         "forbidden")["message"]
    error(get(f"/applications/{pk}/profile", only_lists), 403, "forbidden")
    only_apps = token_for(chain.unit, ["applications:read"])
    error(get("/applications", only_apps), 403, "forbidden")
    assert get(f"/applications/{pk}", only_apps).status_code == 200


def test_sessions_do_not_open_the_desk_lists(chain: Chain) -> None:
    error(get("/applications", client=client_for(chain.unit)), 401, "unauthorized")


def test_query_count_does_not_grow_with_rows(chain: Chain,
                                             django_assert_num_queries: Any) -> None:
    token = token_for(chain.unit)
    for i in range(3):
        drive(chain, chain.new_app(name=f"计数{i}"), State.SUBMITTED)
    get("/applications", token)
    for i in range(3, 12):
        drive(chain, chain.new_app(name=f"计数{i}"), State.SUBMITTED)
    with django_assert_num_queries(3):  # the token, the count, the page
        assert len(get("/applications", token).json()["results"]) == 12
