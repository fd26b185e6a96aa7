"""The statistics page and its Excel downloads, as the office sees them."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import quote

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from tests import factories
from tests.reviews.chain import client_for
from tests.stats.data import FOREIGN_UNIT, MALICIOUS, Round, build_round
from zhicheng.orgs.models import Role
from zhicheng.stats.tables import TABLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd() -> Round:
    return build_round()


def _page(rnd: Round, query: str = "") -> Any:
    response = client_for(rnd.chain.office).get(f"/stats/{query}")
    assert response.status_code == 200
    return response


def _sheet_rows(content: bytes) -> tuple[str, list[str], list[tuple[Any, ...]]]:
    ws = load_workbook(io.BytesIO(content)).active
    values = list(ws.iter_rows(values_only=True))
    title, headers = values[0][0], list(values[1])
    rows = []
    for row in values[2:]:
        if all(cell is None for cell in row):
            break  # the note follows an empty row
        rows.append(row)
    assert ws.freeze_panes == "A3"
    return title, headers, rows


def test_page_shows_every_table_with_a_chart_and_a_download(rnd: Round) -> None:
    response = _page(rnd)
    html = response.content.decode()
    tables = response.context["tables"]
    assert [t.key for t in tables] == list(TABLES)
    for t in tables:
        assert f'id="{t.key}-h">{t.title}</h2>' in html
        assert f'href="/stats/{t.key}.xlsx"' in html
        if t.rows:
            assert t.chart.count('<g class="row"') == len(t.rows)
            assert t.chart in html
    assert "草稿不计入" in html


def test_malicious_unit_name_is_escaped(rnd: Round) -> None:
    response = _page(rnd)
    html = response.content.decode()
    assert "<script>alert" not in html
    # the page's engine (Jinja2, MarkupSafe) writes " as &#34; where Django wrote &quot;
    assert str(escape(MALICIOUS)) in html  # in the table
    (units,) = [t for t in response.context["tables"] if t.key == "unit"]
    assert "&lt;script&gt;alert(&quot;单位&quot;)" in units.chart  # shortened to fit


def test_only_the_committees_own_data(rnd: Round) -> None:
    html = _page(rnd).content.decode()
    assert FOREIGN_UNIT not in html
    assert rnd.foreign_plan.title not in html  # not even in the plan filter
    # a plan of another committee in the filter is ignored, not shown
    response = _page(rnd, f"?plan={rnd.foreign_plan.pk}")
    assert response.context["filters"].scope.plan_id is None
    assert FOREIGN_UNIT not in response.content.decode()


def test_filters_are_kept_in_the_download_links(rnd: Round) -> None:
    response = _page(rnd, f"?plan={rnd.later.pk}&year=2024")
    html = response.content.decode()
    assert f'href="/stats/unit.xlsx?plan={rnd.later.pk}&amp;year=2024"' in html
    assert f'<option value="{rnd.later.pk}" selected>' in html
    assert "<option selected>2024</option>" in html
    (stage,) = [t for t in response.context["tables"] if t.key == "stage"]
    assert stage.rows == [("评审通过", 1, 100.0)]


@pytest.mark.parametrize("key", list(TABLES))
def test_each_download_holds_the_rows_of_the_page(rnd: Round, key: str) -> None:
    query = "?year=2023"
    page = {t.key: t for t in _page(rnd, query).context["tables"]}
    response = client_for(rnd.chain.office).get(f"/stats/{key}.xlsx{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote(page[key].title)}" in disposition
    title, headers, rows = _sheet_rows(response.content)
    assert title.startswith(page[key].title) and "2023年度" in title
    assert rnd.chain.committee.name in title
    assert headers == [h for h, _ in page[key].headers]
    assert rows == [tuple(r) for r in page[key].rows]


def test_downloads_have_rows(rnd: Round) -> None:
    """The round fills every table (so the comparison above compares something)."""
    page = _page(rnd).context["tables"]
    assert all(t.rows for t in page)


def test_unknown_table_is_not_found(rnd: Round) -> None:
    client = client_for(rnd.chain.office)
    assert client.get("/stats/nothing.xlsx").status_code == 404
    assert client.get("/stats/Stage.xlsx").status_code == 404


def test_other_roles_are_refused(rnd: Round) -> None:
    c = rnd.chain
    expert_user = rnd.experts[0].user
    expert = client_for(None, expert_user)
    factories.act_as(expert, expert_user.role_grants.get(role=Role.EXPERT))
    for client in (client_for(c.unit), client_for(c.department_desk),
                   client_for(None, c.applicant), expert):
        assert client.get("/stats/").status_code == 403
        assert client.get("/stats/stage.xlsx").status_code == 403


def test_the_other_office_sees_its_own_round(rnd: Round) -> None:
    response = client_for(rnd.chain.other_office).get("/stats/")
    html = response.content.decode()
    assert FOREIGN_UNIT in html
    assert rnd.chain.employer.name not in html
    assert "<script>alert" not in html and "恶意单位" not in html
    (stage,) = [t for t in response.context["tables"] if t.key == "stage"]
    assert sum(row[1] for row in stage.rows) == 3
    assert re.search(r"合计 3 件", html)
