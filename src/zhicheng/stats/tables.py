"""The tables of the statistics page: title, headers, rows and chart of each, built from the
query rows. The page and the Excel download of a table are made from the same Table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils.safestring import SafeString, mark_safe

from . import charts, queries
from .queries import Progress, Scope, Tally, rate

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[tuple[str, int], ...]  # (header, Excel column width)
    rows: list[tuple[Cell, ...]]
    chart: SafeString
    note: str = ""


class Stats:
    """The scope's query results, each read once however many tables show it."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @cached_property
    def stages(self) -> list[tuple[str, int]]:
        return queries.by_stage(self.scope)

    @cached_property
    def units(self) -> list[Tally]:
        return queries.by_unit(self.scope)

    @cached_property
    def specialties(self) -> list[Tally]:
        return queries.by_specialty(self.scope)

    @cached_property
    def plans(self) -> list[Tally]:
        return queries.by_plan(self.scope)

    @cached_property
    def overlap(self) -> list[tuple[str, int]]:
        return queries.overlap_bands(self.scope)

    @cached_property
    def experts(self) -> list[Progress]:
        return queries.by_expert(self.scope)

    @cached_property
    def groups(self) -> list[Progress]:
        return queries.by_group(self.scope)


SCOPE_NOTE = "统计已提交的申报（含仍在用人单位、主管部门环节的）；草稿和未提交即撤回的不计入。"
COUNTS = (("申报数", 10), ("已报送评委会", 14), ("评审通过", 10))
PASS = (("已评审", 10), ("通过", 8), ("未通过", 8), ("通过率（%）", 12))
PROGRESS = (("分配件数", 10), ("已评分", 8), ("未评分", 8), ("完成率（%）", 12))


def _svg(markup: str) -> SafeString:
    return mark_safe(markup)  # noqa: S308 - charts.py escapes every label


def _or(text: str, blank: str) -> str:
    return text or blank


def stage(stats: Stats) -> Table:
    total = sum(n for _, n in stats.stages)
    rows = [(label, n, rate(n, total)) for label, n in stats.stages]
    return Table("stage", "按申报阶段统计", (("申报阶段", 24), ("申报数", 10), ("占比（%）", 10)),
                 rows, _svg(charts.bar_chart("各阶段申报数", stats.stages)),
                 SCOPE_NOTE + f"合计 {total} 件。")


def _counts(key: str, title: str, first: tuple[tuple[str, int], ...], blank: str,
            tallies: list[Tally], with_extra: bool) -> Table:
    rows = [((_or(t.name, blank), t.extra) if with_extra else (_or(t.name, blank),))
            + (t.total, t.at_committee, t.passed) for t in tallies]
    chart = charts.bar_chart(f"{title}：申报数", [(_or(t.name, blank), t.total) for t in tallies])
    return Table(key, title, first + COUNTS, rows, _svg(chart), SCOPE_NOTE)


def unit(stats: Stats) -> Table:
    return _counts("unit", "按用人单位统计", (("用人单位", 30), ("主管部门/受理点", 24)),
                   "（未填单位）", stats.units, with_extra=True)


def specialty(stats: Stats) -> Table:
    return _counts("specialty", "按申报专业统计", (("申报专业", 24),), "（未填专业）",
                   stats.specialties, with_extra=False)


def plan(stats: Stats) -> Table:
    return _counts("plan", "按评审计划统计", (("评审计划", 36), ("年度", 8)), "",
                   stats.plans, with_extra=True)


PASS_NOTE = ("已评审 = 通过 + 未通过；通过含已发证，复查改变的结果按改后计；已撤销的不计入。"
             "通过率 = 通过 ÷ 已评审。")


def _pass(key: str, title: str, first: tuple[tuple[str, int], ...], blank: str,
          tallies: list[Tally], with_extra: bool) -> Table:
    decided = [t for t in tallies if t.decided]
    rows = [((_or(t.name, blank), t.extra) if with_extra else (_or(t.name, blank),))
            + (t.decided, t.passed, t.failed, rate(t.passed, t.decided)) for t in decided]
    chart = charts.share_chart(f"{title}（绿色为通过，红色为未通过）", [
        (f"{_or(t.name, blank)}（{t.passed}/{t.decided}）", t.passed, t.failed)
        for t in decided])
    return Table(key, title, first + PASS, rows, _svg(chart), PASS_NOTE)


def pass_plan(stats: Stats) -> Table:
    return _pass("pass-plan", "各评审计划通过率", (("评审计划", 36), ("年度", 8)), "",
                 stats.plans, with_extra=True)


def pass_specialty(stats: Stats) -> Table:
    return _pass("pass-specialty", "各申报专业通过率", (("申报专业", 24),), "（未填专业）",
                 stats.specialties, with_extra=False)


def overlap(stats: Stats) -> Table:
    shown = [(label, n) for label, n in stats.overlap]
    return Table("overlap", "重合度检查结果", (("检查结果", 28), ("材料数", 10)), shown,
                 _svg(charts.bar_chart("重合度检查结果：材料数", shown)),
                 "按论文、技术总结逐篇计；复制比为总文字复制比（含与本人往年材料的重合）。"
                 "“疑似原样重复提交”已计入上面的复制比分段。")


def _progress(key: str, title: str, first: tuple[tuple[str, int], ...],
              rows_in: list[Progress], note: str) -> Table:
    rows = [(p.name, p.extra, p.assigned, p.scored, p.remaining, rate(p.scored, p.assigned))
            for p in rows_in]
    chart = charts.share_chart(f"{title}（绿色为已评分，灰色为未评分）", [
        (f"{p.name}（{p.scored}/{p.assigned}）", p.scored, p.remaining) for p in rows_in],
        colours=(charts.PASS, charts.REST))
    return Table(key, title, first + PROGRESS, rows, _svg(chart), note)


def experts(stats: Stats) -> Table:
    return _progress("experts", "评审专家进度", (("评审专家", 12), ("工作单位", 28)),
                     stats.experts, "仅列出有评审分配的专家；完成率 = 已评分 ÷ 分配件数。")


def groups(stats: Stats) -> Table:
    return _progress("groups", "学科组进度", (("学科组", 20), ("评审计划", 36)), stats.groups,
                     "学科组的申报为其评审计划中属于该组专业的申报。")


TABLES: dict[str, Callable[[Stats], Table]] = {
    "stage": stage, "unit": unit, "specialty": specialty, "plan": plan,
    "pass-plan": pass_plan, "pass-specialty": pass_specialty, "overlap": overlap,
    "experts": experts, "groups": groups,
}
