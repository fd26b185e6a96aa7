"""The SVG charts, as pure functions (no database)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from zhicheng.stats import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "row"]


def test_bar_chart_one_bar_per_row_with_its_number() -> None:
    svg = charts.bar_chart("各阶段申报数", [("已提交", 4), ("已受理", 2), ("已发证", 0)])
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("viewBox") == f"0 0 {charts.WIDTH} {3 * charts.ROW}"
    assert root.get("width") is None and root.get("style") is None  # sized by the stylesheet
    assert root.find(f"{SVG}title").text == "各阶段申报数"
    rows = _rows(root)
    assert len(rows) == 3
    widths = [float(g.find(f"{SVG}rect").get("width")) for g in rows]
    assert widths[0] == charts.WIDTH - charts.NUMBER_ROOM  # the largest fills the span
    assert widths[1] == widths[0] / 2
    assert widths[2] == 0
    texts = [[t.text for t in g.iter(f"{SVG}text")] for g in rows]
    assert texts == [["已提交", "4"], ["已受理", "2"], ["已发证", "0"]]


def test_labels_are_escaped() -> None:
    svg = charts.bar_chart('<script>alert("x")</script>', [('<b onload="x">单位&</b>', 1)])
    assert "<script>" not in svg and "<b " not in svg
    assert "&lt;b onload=&quot;x&quot;&gt;单位&amp;&lt;/b&gt;" in svg
    root = _parse(svg)  # still well-formed
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script>'


def test_long_labels_are_shortened() -> None:
    label = "很长的单位名称" * 10
    (row,) = _rows(_parse(charts.bar_chart("t", [(label, 1)])))
    text = row.find(f"{SVG}text").text
    assert len(text) == charts.LABEL_CHARS and text.endswith("…")


def test_share_chart_splits_each_bar_and_prints_the_share() -> None:
    svg = charts.share_chart("通过率", [("计划甲", 2, 1), ("计划乙", 0, 0), ("计划丙", 3, 0)])
    rows = _rows(_parse(svg))
    assert len(rows) == 3
    span = charts.WIDTH - charts.NUMBER_ROOM
    first = [(float(r.get("width")), r.get("fill")) for r in rows[0].iter(f"{SVG}rect")]
    assert first == [(round(span * 2 / 3, 1), charts.PASS),
                     (round(span / 3, 1), charts.FAIL)]
    shares = [[t.text for t in g.iter(f"{SVG}text")][-1] for g in rows]
    assert shares == ["66.7%", "—", "100.0%"]
    assert [r.get("fill") for r in rows[1].iter(f"{SVG}rect")] == [charts.REST]


def test_empty_chart_says_so() -> None:
    svg = charts.bar_chart("空", [])
    assert "暂无数据" in svg and not _rows(_parse(svg))


def test_no_script_style_or_external_reference() -> None:
    svg = charts.share_chart("t", [("a", 1, 1)]) + charts.bar_chart("t", [("a", 1.5)])
    assert not re.search(r"<script|<style|style=|href|url\(|https?://(?!www\.w3\.org/2000/svg)",
                         svg)
