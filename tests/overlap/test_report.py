"""Reports: the index-backed checker agrees with brute force, offsets highlight the passages,
the query never matches itself, sources are sorted."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest

from zhicheng.overlap.index import FileIndex
from zhicheng.overlap.normalize import normalize
from zhicheng.overlap.report import Checker, brute_force_report, build_report

from .corpora import corpus


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def indexed(tmp_path: Path, docs: dict[str, str]) -> FileIndex:
    index = FileIndex(tmp_path / "index")
    for name, text in docs.items():
        index.add(name, sha(text), text)
    index.flush()
    return index


def same_run(query_slice: str, source_slice: str, min_len: int = 13) -> bool:
    """Equal after dropping at most one character at each end: a boundary character may
    expand into two ("⑩" → "10") of which the run holds one."""
    for a, b, c, d in itertools.product(range(2), repeat=4):
        left = query_slice[a:len(query_slice) - b]
        if len(left) >= min_len and left == source_slice[c:len(source_slice) - d]:
            return True
    return False


@pytest.mark.parametrize("seed", range(12))
def test_index_agrees_with_brute_force(tmp_path: Path, seed: int) -> None:
    docs, query = corpus(seed)
    with indexed(tmp_path, docs) as index:
        report = Checker(index).check("query.txt", query).as_dict()
    expected = brute_force_report("query.txt", query, docs).as_dict()
    assert report == expected
    for source in report["sources"]:
        text = docs[source["source"]]
        for p in source["passages"]:
            assert same_run(normalize(query[p["start"]:p["end"]]).chars,
                            normalize(text[p["source_start"]:p["source_end"]]).chars)
    ratios = [(-s["ratio"], s["source"]) for s in report["sources"]]
    assert ratios == sorted(ratios)
    if report["sources"]:
        assert report["max_source_ratio"] == report["sources"][0]["ratio"]
        assert report["max_source_ratio"] <= report["overlap_ratio"] <= 1


@pytest.mark.parametrize("min_len", [8, 20, 40])
def test_other_minimum_lengths_against_brute_force(tmp_path: Path, min_len: int) -> None:
    docs, query = corpus(100 + min_len)
    with indexed(tmp_path, docs) as index:
        report = Checker(index, min_len=min_len).check("q", query).as_dict()
    expected = brute_force_report("q", query, docs, min_len).as_dict()
    if min_len >= 13:  # the winnowing guarantee: every such passage leads to its source
        assert report == expected
    else:  # shorter passages are found in sources found through longer ones
        assert report["overlap_ratio"] <= expected["overlap_ratio"]


def test_offsets_highlight_the_copied_text() -> None:
    source = "绪论。本项目针对大型桥梁结构健康监测中的数据异常问题（①）提出方法cafe\u0301！完"
    query = "我们的工作：本項目針對大型橋樑結構健康監測中的數據異常問題(1)提出方法café。其他"
    report = build_report("q.txt", query, [("s.txt", source)]).as_dict()
    (passage,) = report["sources"][0]["passages"]
    assert query[passage["start"]:passage["end"]] == (
        "本項目針對大型橋樑結構健康監測中的數據異常問題(1)提出方法café")
    assert source[passage["source_start"]:passage["source_end"]] == (
        "本项目针对大型桥梁结构健康监测中的数据异常问题（①）提出方法cafe\u0301")
    chars = len(normalize(query))
    assert report["chars"] == chars
    assert report["overlap_ratio"] == round(len(normalize("本项目针对大型桥梁结构健康监测中的"
                                                          "数据异常问题1提出方法café")) / chars, 4)


def test_query_never_matches_itself(tmp_path: Path) -> None:
    docs, _ = corpus(7, sources=3)
    text = next(iter(docs.values()))
    docs = {"mine.txt": text, "other/copy.txt": text, **docs}
    with indexed(tmp_path, docs) as index:
        report = Checker(index).check("mine.txt", text).as_dict()
        again = Checker(index).check("q.txt", text, exclude={"mine.txt"}).as_dict()
    names = [s["source"] for s in report["sources"]]
    assert "mine.txt" not in names and report["sources"][0] == {
        "source": "other/copy.txt", "ratio": 1.0, "passages": report["sources"][0]["passages"]}
    assert "mine.txt" not in [s["source"] for s in again["sources"]]
    assert report["overlap_ratio"] == report["max_source_ratio"] == 1.0


def test_ties_sorted_by_name_and_ratios_rounded() -> None:
    piece = "国家自然科学基金资助项目的研究成果汇编"
    query = piece + "独立内容" * 10 + "，" + "甲" * 3
    sources = [("b.txt", piece), ("a.txt", "前面" + piece)]
    report = build_report("q", query, sources).as_dict()
    assert [s["source"] for s in report["sources"]] == ["a.txt", "b.txt"]
    assert report["sources"][0]["ratio"] == round(len(piece) / len(normalize(query)), 4)
    assert report["overlap_ratio"] == report["sources"][0]["ratio"]
    assert list(report) == ["document", "chars", "overlap_ratio", "max_source_ratio", "sources"]
    assert list(report["sources"][0]["passages"][0]) == [
        "start", "end", "source_start", "source_end"]


def test_empty_query_and_sources() -> None:
    report = build_report("q", "，。 😀", [("s", "")]).as_dict()
    assert report == {"document": "q", "chars": 0, "overlap_ratio": 0.0,
                      "max_source_ratio": 0.0, "sources": []}
