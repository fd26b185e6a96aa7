"""The file backend: incremental segments, replacement, removal, reopening, compaction."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from zhicheng.overlap.cli import index_corpus
from zhicheng.overlap.index import (
    FileIndex,
    IndexBackend,
    IndexUnusable,
    document_fingerprints,
    rank_candidates,
)
from zhicheng.overlap.normalize import normalize
from zhicheng.overlap.report import Checker

from .corpora import text

RNG = random.Random(11)
TEXTS = [text(RNG, 800) for _ in range(6)]


def write(folder: Path, name: str, content: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def sources_of(index: FileIndex, query: str) -> list[str]:
    return [s.source for s in Checker(index).check("query", query).sources]


def test_incremental_runs(tmp_path: Path) -> None:
    corpus, path = tmp_path / "corpus", tmp_path / "index"
    write(corpus, "a.txt", TEXTS[0])
    write(corpus, "sub/b.txt", TEXTS[1])
    with FileIndex(path) as index:
        first = index_corpus(index, corpus)
        assert isinstance(index, IndexBackend)
        assert index.stats()["segments"] == 1
    assert first == {"documents": 2, "added": 2, "replaced": 0, "unchanged": 0, "removed": 0,
                     "skipped": 0}
    with FileIndex(path) as index:  # nothing new: no new segment
        assert index_corpus(index, corpus)["unchanged"] == 2
        assert index.stats()["segments"] == 1
    write(corpus, "c.txt", TEXTS[2])
    write(corpus, "a.txt", TEXTS[3])  # changed: replaces the old a.txt
    with FileIndex(path) as index:
        summary = index_corpus(index, corpus)
        stats = index.stats()
        assert (summary["added"], summary["replaced"], summary["unchanged"]) == (1, 1, 1)
        assert (stats["documents"], stats["removed"], stats["segments"]) == (3, 1, 2)
        assert sources_of(index, TEXTS[0]) == []
        assert sources_of(index, TEXTS[3]) == ["a.txt"]
        assert sorted(index.names()) == ["a.txt", "c.txt", "sub/b.txt"]


def test_removed_and_renamed_files(tmp_path: Path) -> None:
    corpus, path = tmp_path / "corpus", tmp_path / "index"
    write(corpus, "a.txt", TEXTS[0])
    write(corpus, "b.txt", TEXTS[1])
    with FileIndex(path) as index:
        index_corpus(index, corpus)
    (corpus / "a.txt").rename(corpus / "renamed.txt")
    (corpus / "b.txt").unlink()
    with FileIndex(path) as index:
        kept = index_corpus(index, corpus, keep_missing=True)
        assert kept["removed"] == 0 and sorted(index.names()) == ["a.txt", "b.txt",
                                                                  "renamed.txt"]
    with FileIndex(path) as index:
        summary = index_corpus(index, corpus)
        assert summary["removed"] == 2 and index.names() == ["renamed.txt"]
        assert sources_of(index, TEXTS[0]) == ["renamed.txt"]
        assert sources_of(index, TEXTS[1]) == []


def test_other_corpora_are_left_alone(tmp_path: Path) -> None:
    first, second, path = tmp_path / "one", tmp_path / "two", tmp_path / "index"
    write(first, "x.txt", TEXTS[0])
    write(second, "y.txt", TEXTS[1])
    with FileIndex(path) as index:
        index_corpus(index, first)
        index_corpus(index, second)
        assert index.names() == ["x.txt", "y.txt"]
        assert sorted(index.roots()) == sorted([str(first.resolve()), str(second.resolve())])


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "index"
    with FileIndex(path, flush_keys=50) as index:  # several segments
        ids = [index.add(f"d{i}", hashlib.sha256(t.encode()).hexdigest(), t)
               for i, t in enumerate(TEXTS)]
        stats = index.stats()
        before = {t: sources_of(index, t) for t in TEXTS}
    assert stats["segments"] > 1 and stats["documents"] == len(TEXTS)
    assert stats["chars"] == sum(len(normalize(t)) for t in TEXTS)
    with FileIndex(path, create=False) as index:
        assert index.stats() == stats
        assert {t: sources_of(index, t) for t in TEXTS} == before
        assert all(index.contains(f"d{i}", hashlib.sha256(t.encode()).hexdigest())
                   for i, t in enumerate(TEXTS))
        assert not index.contains("d0", "0" * 64)
        assert index.document(ids[2]) == ("d2", TEXTS[2])


def test_texts_come_back_exactly(tmp_path: Path) -> None:
    original = "第一行\r\n第二行 😀 \ud800? no: 𠀀\tend"
    with FileIndex(tmp_path / "index") as index:
        doc_id = index.add("x", "0" * 64, original)
        assert index.document(doc_id) == ("x", original)
        with pytest.raises(KeyError):
            index.document(doc_id + 100)


def test_compaction_drops_replaced_documents(tmp_path: Path) -> None:
    with FileIndex(tmp_path / "index", max_segments=3) as index:
        for i in range(5):  # five flushes: more than max_segments, merged on the way
            index.add(f"d{i}", str(i), TEXTS[i])
            index.flush()
        index.add("d0", "new", TEXTS[5])
        index.remove("d1")
        index.compact()
        stats = index.stats()
        assert stats["segments"] == 1 and stats["documents"] == 4
        assert stats["fingerprints"] == sum(
            len(document_fingerprints(TEXTS[i])[1]) for i in (2, 3, 4, 5))
        assert sources_of(index, TEXTS[0]) == [] and sources_of(index, TEXTS[1]) == []
        assert sources_of(index, TEXTS[5]) == ["d0"]
        assert sources_of(index, TEXTS[4]) == ["d4"]


def test_a_reader_sees_later_commits(tmp_path: Path) -> None:
    path = tmp_path / "index"
    with FileIndex(path) as writer, FileIndex(path, create=False) as reader:
        writer.add("a", "1", TEXTS[0])
        writer.flush()
        assert sources_of(reader, TEXTS[0]) == ["a"]
        writer.add("b", "2", TEXTS[1])
        writer.flush()
        assert sources_of(reader, TEXTS[1]) == ["b"]


def test_unusable_paths(tmp_path: Path) -> None:
    with pytest.raises(IndexUnusable, match="找不到"):
        FileIndex(tmp_path / "missing", create=False)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    with pytest.raises(IndexUnusable, match="不是"):
        FileIndex(tmp_path / "busy")
    (tmp_path / "file").write_text("x")
    with pytest.raises(IndexUnusable, match="不是目录"):
        FileIndex(tmp_path / "file")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / FileIndex.MANIFEST).write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(IndexUnusable, match="损坏"):
        FileIndex(tmp_path / "broken")


def test_ranking_prefers_rare_shared_fingerprints() -> None:
    # Document 1 holds fingerprint 0, which only it has; documents 2-5 hold fingerprints 1
    # and 2, which all four have: log(1 + 5/1) > 2 log(1 + 5/4).
    docs = np.array([1, 2, 3, 4, 5, 2, 3, 4, 5])
    which = np.array([0, 1, 1, 1, 1, 2, 2, 2, 2])
    assert rank_candidates(docs, which, 10, 5) == [(1, 1), (2, 2), (3, 2), (4, 2), (5, 2)]
    assert rank_candidates(docs, which, 2, 5) == [(1, 1), (2, 2)]
    assert rank_candidates(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 5, 1) == []


def test_ranking_past_the_limit_covers_the_query() -> None:
    # Documents 2 and 3 hold the same two fingerprints; 4 and 5 another one. With room for
    # two, the second choice is 4 (new ground), not 3 (a repeat of 2).
    docs = np.array([2, 3, 2, 3, 4, 5])
    which = np.array([1, 1, 2, 2, 3, 3])
    assert rank_candidates(docs, which, 2, 10) == [(2, 2), (4, 1)]
    assert rank_candidates(docs, which, 4, 10) == [(2, 2), (3, 2), (4, 1), (5, 1)]


def test_checking_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "index"
    with FileIndex(path) as index:
        index.add("a", "1", TEXTS[0])

    def snapshot() -> dict[str, tuple[int, int]]:
        return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in path.iterdir()}

    before = snapshot()
    with FileIndex(path, create=False) as index:
        assert sources_of(index, TEXTS[0]) == ["a"]
        index.stats()
    assert snapshot() == before
