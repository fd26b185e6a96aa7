"""Horizontal bar charts as inline SVG (pure: no Django, no script, no external asset).

Each row is a `<g class="row">`: its label on one line, the bar under it across the whole
width, the number at the bar's end, so that long Chinese names stay readable on a phone.
The drawing has a viewBox and no size: the stylesheet makes it as wide as its box. Colours
are presentation attributes, not style, which the Content-Security-Policy allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

# Narrow on purpose: on a phone the drawing is shrunk to the screen, and its text with it.
WIDTH = 400
ROW = 46  # label line + bar + gap
LABEL_SIZE = 15
BAR_TOP = 21  # from the row's top
BAR_HEIGHT = 15
NUMBER_ROOM = 72  # right of the longest bar, for the number printed at its end
LABEL_CHARS = 25

BAR = "#a61b1b"
PASS = "#146c2e"
FAIL = "#b42318"
REST = "#d5dbe3"
INK = "#1f2933"


def _label(text: str) -> str:
    text = text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
    return escape(text)


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _svg(title: str, rows: list[str]) -> str:
    height = max(ROW * len(rows), ROW)
    body = "".join(rows) or (
        f'<text x="0" y="{LABEL_SIZE + 4}" font-size="{LABEL_SIZE}" fill="{INK}">暂无数据</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'role="img" class="chart-svg"><title>{escape(title)}</title>{body}</svg>')


def _row(index: int, label: str, bars: str, end_x: float, number: str) -> str:
    top = index * ROW
    return (f'<g class="row" transform="translate(0 {top})">'
            f'<text x="0" y="{LABEL_SIZE}" font-size="{LABEL_SIZE}" fill="{INK}">'
            f'{_label(label)}</text>{bars}'
            f'<text x="{end_x + 6:.1f}" y="{BAR_TOP + BAR_HEIGHT - 2}" '
            f'font-size="{LABEL_SIZE - 1}" fill="{INK}">{escape(number)}</text></g>')


def _rect(x: float, width: float, fill: str) -> str:
    return (f'<rect x="{x:.1f}" y="{BAR_TOP}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{fill}"/>')


def bar_chart(title: str, items: Sequence[tuple[str, float]]) -> str:
    """One bar per (label, value), scaled to the largest value, the value at its end."""
    span = WIDTH - NUMBER_ROOM
    top = max((value for _, value in items), default=0) or 1
    rows = []
    for i, (label, value) in enumerate(items):
        width = span * max(value, 0) / top
        rows.append(_row(i, label, _rect(0, width, BAR), width, _number(value)))
    return _svg(title, rows)


def share_chart(title: str, items: Sequence[tuple[str, int, int]],
                colours: tuple[str, str] = (PASS, FAIL)) -> str:
    """One full-width bar per (label, part, rest), split in proportion, the part's share
    printed at its end ("—" when both are zero)."""
    span = WIDTH - NUMBER_ROOM
    rows = []
    for i, (label, part, rest) in enumerate(items):
        whole = part + rest
        if whole:
            cut = span * part / whole
            bars = _rect(0, cut, colours[0]) + _rect(cut, span - cut, colours[1])
            share = f"{part / whole:.1%}"
        else:
            bars, share = _rect(0, span, REST), "—"
        rows.append(_row(i, label, bars, span, share))
    return _svg(title, rows)
