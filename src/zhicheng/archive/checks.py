"""Pure checks of the work history: overlaps and unexplained gaps (no Django here)."""

from __future__ import annotations

from datetime import date, timedelta

GAP_DAYS = 31  # a change of job within a month is not a gap that needs a reason


def _fmt(start: date, end: date | None) -> str:
    return f"{start.isoformat()}至{end.isoformat() if end else '今'}"


def work_problems(start: date, end: date | None, has_gap_reason: bool,
                  others: list[tuple[date, date | None, str]]) -> list[tuple[str, str]]:
    """(field, message) for a new or edited period against the person's other periods."""
    problems: list[tuple[str, str]] = []
    far = date.max
    for o_start, o_end, name in others:
        if start <= (o_end or far) and o_start <= (end or far):
            problems.append(("start", f"与已填写的工作经历 {_fmt(o_start, o_end)}（{name}）"
                                      f"时间重叠"))
    if problems:
        return problems
    before = [o for o in others if o[0] < start]
    if before:
        prev_end = max((o[1] or far) for o in before)
        if prev_end != far and start - prev_end > timedelta(days=GAP_DAYS) and (
                not has_gap_reason):
            problems.append(("gap_reason", f"上一段工作经历于{prev_end.isoformat()}结束，与本段"
                                           f"开始（{start.isoformat()}）之间有空档，请说明原因"))
    return problems
