"""The numbers of each table, from a round built through the workflow (tests/stats/data.py)."""

from __future__ import annotations

import pytest

from tests.stats.data import FOREIGN_SPECIALTY, FOREIGN_UNIT, MALICIOUS, Round, build_round
from zhicheng.stats import queries
from zhicheng.stats.queries import Scope
from zhicheng.stats.tables import TABLES, Stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def rnd() -> Round:
    return build_round()


def _scope(rnd: Round, **kw: int) -> Scope:
    return Scope(rnd.chain.committee.pk, **kw)


def _tallies(rows: list[queries.Tally]) -> dict[str, tuple[str, int, int, int, int]]:
    return {t.name: (t.extra, t.total, t.at_committee, t.passed, t.failed) for t in rows}


def test_by_stage_counts_submitted_applications_in_workflow_order(rnd: Round) -> None:
    assert queries.by_stage(_scope(rnd)) == [
        ("已提交，待单位审核", 2), ("评委会办公室审核中", 1), ("专家评审中", 3),
        ("评审通过", 3), ("评审未通过", 1), ("已发证", 1), ("已退回修改", 1)]


def test_by_unit(rnd: Round) -> None:
    c = rnd.chain
    assert _tallies(queries.by_unit(_scope(rnd))) == {
        c.employer.name: ("测试受理点", 9, 6, 2, 1),
        MALICIOUS: ("测试受理点", 3, 3, 2, 0)}


def test_by_specialty(rnd: Round) -> None:
    rows = queries.by_specialty(_scope(rnd))
    assert [t.name for t in rows] == ["电子信息", "机械工程"]  # most applications first
    assert _tallies(rows) == {"电子信息": ("", 8, 5, 2, 1), "机械工程": ("", 4, 4, 2, 0)}


def test_by_plan_newest_year_first(rnd: Round) -> None:
    rows = queries.by_plan(_scope(rnd))
    assert [(t.name, t.extra, t.total, t.at_committee, t.passed, t.failed) for t in rows] == [
        (rnd.later.title, "2024", 1, 1, 1, 0), (rnd.plan.title, "2023", 11, 8, 3, 1)]


def test_plan_and_year_filters(rnd: Round) -> None:
    assert queries.by_stage(_scope(rnd, plan_id=rnd.later.pk)) == [("评审通过", 1)]
    assert [t.name for t in queries.by_unit(_scope(rnd, year=2024))] == [rnd.chain.employer.name]
    assert sum(n for _, n in queries.by_stage(_scope(rnd, year=2023))) == 11
    assert queries.by_stage(_scope(rnd, year=2022)) == []


def test_pass_rates(rnd: Round) -> None:
    stats = Stats(_scope(rnd))
    assert TABLES["pass-plan"](stats).rows == [
        (rnd.later.title, "2024", 1, 1, 0, 100.0), (rnd.plan.title, "2023", 4, 3, 1, 75.0)]
    assert TABLES["pass-specialty"](stats).rows == [
        ("电子信息", 3, 2, 1, 66.7), ("机械工程", 2, 2, 0, 100.0)]


def test_rate() -> None:
    assert queries.rate(2, 3) == 66.7
    assert queries.rate(1, 8) == 12.5
    assert queries.rate(0, 0) is None


def test_overlap_bands(rnd: Round) -> None:
    assert dict(queries.overlap_bands(_scope(rnd))) == {
        "复制比 < 10%": 1, "复制比 10%–30%": 2, "复制比 ≥ 30%": 2, "抽中待检查": 1,
        "未抽中": 1, "无法提取文字": 1, "其中：疑似原样重复提交": 1}
    assert dict(queries.overlap_bands(_scope(rnd, plan_id=rnd.later.pk))) == dict.fromkeys(
        (label for _, label in queries.BANDS), 0)


def test_reviewer_progress(rnd: Round) -> None:
    first, second = rnd.experts
    rows = TABLES["experts"](Stats(_scope(rnd))).rows
    assert rows == [(first.name, first.employer_name, 3, 2, 1, 66.7),
                    (second.name, second.employer_name, 1, 0, 1, 0.0)]
    groups = {r[0]: r[1:] for r in TABLES["groups"](Stats(_scope(rnd))).rows}
    assert groups == {"电子组": (rnd.plan.title, 3, 1, 2, 33.3),
                      "机械组": (rnd.plan.title, 1, 1, 0, 100.0)}
    assert TABLES["experts"](Stats(_scope(rnd, plan_id=rnd.later.pk))).rows == []


def test_another_committee_never_shows(rnd: Round) -> None:
    stats = Stats(_scope(rnd))
    cells = {str(cell) for build in TABLES.values() for row in build(stats).rows
             for cell in row}
    assert FOREIGN_UNIT not in cells
    assert FOREIGN_SPECIALTY not in cells
    assert rnd.foreign_plan.title not in cells
    # and its office sees only its own three applications
    theirs = Scope(rnd.chain.other_committee.pk)
    assert sum(n for _, n in queries.by_stage(theirs)) == 3
    assert [t.name for t in queries.by_unit(theirs)] == [FOREIGN_UNIT]
    assert dict(queries.overlap_bands(theirs))["复制比 ≥ 30%"] == 1
    assert queries.by_expert(theirs) == []
