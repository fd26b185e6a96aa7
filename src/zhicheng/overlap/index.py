"""Where the sources' fingerprints and texts are kept: the backend interface and the file
backend (the embedded default).

A backend stores, per document: its name (the key), the SHA-256 of the file it came from,
its fingerprints (`fingerprint.fingerprints`) and its text as extracted (alignment needs it,
and the report's offsets refer to it). `candidates` finds the documents sharing fingerprints
with a query; `rank_candidates` is the choice every backend shares (rare fingerprints weigh
more than boilerplate; past the limit, sources are chosen to cover the query).

File backend layout (one directory):

* ``manifest.sqlite3``: documents (id, name, sha256, chars, root, text offset and length,
  live flag) and the list of segments. Ids are never reused; replacing or removing a document
  clears its live flag, and its fingerprints are ignored from then on (until `compact`).
* ``seg-*.npy``: sorted uint64 keys ``fingerprint << 24 | doc_id`` (40-bit fingerprint, 24-bit
  document id: 8 bytes per fingerprint, at most 16,777,215 document ids). Each flush writes a
  new segment; nothing is rebuilt. Segments are memory-mapped and searched with
  `np.searchsorted`; past `max_segments` they are merged into one.
* ``texts.bin``: the extracted texts, UTF-8 compressed with zlib, appended.
"""

from __future__ import annotations

import heapq
import os
import sqlite3
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

import numpy as np

from .fingerprint import HASH_BITS, LOW_BITS, LOW_MASK, K, W, fingerprints
from .normalize import normalize

MAX_DOC_ID = (1 << LOW_BITS) - 1
FORMAT = "zhicheng-overlap/1"


class IndexUnusable(Exception):
    """The index directory cannot be used (not an index, other parameters, damaged)."""


@runtime_checkable
class IndexBackend(Protocol):
    """What `report.Checker` needs from a store of sources."""

    def add(self, name: str, sha256: str, text: str) -> int:
        """Store `text` (as extracted) under `name`, replacing a live document of that name;
        fingerprints from `document_fingerprints(text)`. Returns a new id, never reused."""
        ...

    def contains(self, name: str, sha256: str) -> bool:
        """A live document `name` from a file with this SHA-256 is stored."""
        ...

    def remove(self, name: str) -> bool:
        """Forget the live document `name`; False if there was none."""
        ...

    def names(self) -> list[str]:
        """Names of the live documents."""
        ...

    def candidates(self, query_hashes: np.ndarray, limit: int) -> list[tuple[int, int]]:
        """Live documents sharing any of the (uint64) fingerprints, as (doc_id, shared
        count), at most `limit`, chosen and ordered by `rank_candidates`."""
        ...

    def document(self, doc_id: int) -> tuple[str, str]:
        """(name, text as extracted) of a document, live or not; KeyError if unknown."""
        ...

    def stats(self) -> dict[str, int]:
        """At least documents, chars (counted), index_bytes, text_bytes."""
        ...

    def close(self) -> None:
        """Commit what was added and release the store."""
        ...


def document_fingerprints(text: str) -> tuple[int, np.ndarray]:
    """(counted characters, distinct fingerprints sorted) of a source text."""
    norm = normalize(text)
    hashes, _ = fingerprints(norm.codes)
    return len(norm), np.unique(hashes)


def rank_candidates(docs: np.ndarray, which: np.ndarray, limit: int,
                    documents: int | None = None) -> list[tuple[int, int]]:
    """Choose at most `limit` sources to align, best first, from postings: `docs[i]` holds
    the query's fingerprint number `which[i]`; `documents` is the number of live documents
    (by default, the number of documents in the postings).

    A fingerprint weighs log(1 + documents / df), df being how many documents hold it. When
    more than `limit` documents share fingerprints, they are chosen greedily by the weight of
    the query fingerprints they hold that no chosen document holds yet (those already held
    count COVERED_WEIGHT of their weight): the chosen sources cover as much of the query as
    possible instead of repeating one boilerplate paragraph. Returns (doc_id, shared
    fingerprints) pairs.
    """
    if docs.size == 0 or limit <= 0:
        return []
    df = np.maximum(np.bincount(which), 1)
    shared = np.bincount(docs)
    ids = np.flatnonzero(shared)
    weight = np.log1p(max(documents or len(ids), 1) / df)
    score = np.bincount(docs, weights=weight[which])
    if len(ids) <= limit:
        ids = ids[np.lexsort((ids, -shared[ids], -score[ids]))]
        return [(int(i), int(shared[i])) for i in ids]
    return [(d, int(shared[d])) for d in _greedy(docs, which, weight, score, limit)]


COVERED_WEIGHT = 0.1
_POOL = 4  # documents considered per place: the best by score, plus each fingerprint's best


def _greedy(docs: np.ndarray, which: np.ndarray, weight: np.ndarray, score: np.ndarray,
            limit: int) -> list[int]:
    ids = np.flatnonzero(score)
    if len(ids) > _POOL * limit:
        ids = ids[np.argpartition(-score[ids], _POOL * limit)[:_POOL * limit]]
    pool = set(ids.tolist())
    held_score = score[docs]
    best = np.zeros(len(weight))
    np.maximum.at(best, which, held_score)
    pool.update(np.unique(docs[held_score == best[which]]).tolist())  # each one's best holder
    members = np.zeros(len(score), dtype=bool)
    members[list(pool)] = True
    mine = np.flatnonzero(members[docs])
    mine = mine[np.argsort(docs[mine], kind="stable")]
    owners = docs[mine]
    bounds = np.flatnonzero(np.diff(owners)) + 1
    held = dict(zip(owners[np.append(0, bounds)].tolist(),
                    np.split(which[mine], bounds), strict=True))
    values = {doc: weight[held_] for doc, held_ in held.items()}
    factor = np.ones(len(weight))  # COVERED_WEIGHT once a chosen document holds it
    heap = [(-float(score[d]), d) for d in held]
    heapq.heapify(heap)
    chosen: list[int] = []
    while heap and len(chosen) < limit:
        _, doc = heapq.heappop(heap)
        gain = float(values[doc] @ factor[held[doc]])
        if heap and gain < -heap[0][0] - 1e-9:
            heapq.heappush(heap, (-gain, doc))  # gains only shrink: lazy greedy
            continue
        chosen.append(doc)
        factor[held[doc]] = COVERED_WEIGHT
    return chosen


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, sha256 TEXT NOT NULL,
    chars INTEGER NOT NULL, root TEXT NOT NULL DEFAULT '', text_offset INTEGER NOT NULL,
    text_length INTEGER NOT NULL, live INTEGER NOT NULL DEFAULT 1);
CREATE UNIQUE INDEX docs_live_name ON docs (name) WHERE live = 1;
CREATE TABLE segments (id INTEGER PRIMARY KEY AUTOINCREMENT, file TEXT NOT NULL,
                       keys INTEGER NOT NULL);
"""


@dataclass
class _State:
    version: int
    segments: list[np.ndarray]
    live: np.ndarray


class FileIndex:
    """The file backend. Use as a context manager, or call `close()` (which flushes)."""

    MANIFEST = "manifest.sqlite3"
    TEXTS = "texts.bin"

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True,
                 flush_keys: int = 1 << 24, max_segments: int = 32) -> None:
        self.path = Path(path)
        self.flush_keys = flush_keys
        self.max_segments = max_segments
        manifest = self.path / self.MANIFEST
        if self.path.exists() and not self.path.is_dir():
            raise IndexUnusable(f"索引路径 {self.path} 不是目录")
        fresh = not manifest.exists()
        if fresh:
            if not create:
                missing = "找不到索引目录" if not self.path.exists() else "不是查重索引目录"
                raise IndexUnusable(f"{missing} {self.path}（缺少 {self.MANIFEST}）")
            if self.path.exists() and any(self.path.iterdir()):
                raise IndexUnusable(f"{self.path} 既不是查重索引，也不是空目录")
            self.path.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(manifest, timeout=60, isolation_level=None)
            if fresh:
                self._create()
            self._check_meta()
        except sqlite3.DatabaseError as exc:
            raise IndexUnusable(f"{self.path} 的索引清单已损坏：{exc}") from exc
        self._pending: list[np.ndarray] = []
        self._pending_keys = 0
        self._state: _State | None = None
        if fresh:
            (self.path / self.TEXTS).touch()
        try:
            self._text_in = os.open(self.path / self.TEXTS, os.O_RDONLY)
        except OSError as exc:
            self._db.close()
            raise IndexUnusable(f"{self.path} 的文本库 {self.TEXTS} 无法读取：{exc}") from exc
        self._text_out: BinaryIO | None = None  # opened by the first add: checks only read

    # -- set-up -------------------------------------------------------------------------
    def _params(self) -> dict[str, str]:
        return {"format": FORMAT, "k": str(K), "w": str(W), "hash_bits": str(HASH_BITS)}

    def _create(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        if self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.executemany("INSERT INTO meta VALUES (?, ?)", self._params().items())
        self._db.execute("COMMIT")

    def _check_meta(self) -> None:
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        if meta != self._params():
            raise IndexUnusable(f"{self.path} 由其他版本或参数建立（{meta}），请重新建立索引")

    # -- writing ------------------------------------------------------------------------
    def _begin(self) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN IMMEDIATE")
        self._state = None

    def add(self, name: str, sha256: str, text: str, root: str = "") -> int:
        """Add (or replace) the document `name`; returns its new id."""
        chars, hashes = document_fingerprints(text)
        data = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        self._begin()
        self._db.execute("UPDATE docs SET live = 0 WHERE name = ? AND live = 1", (name,))
        if self._text_out is None:
            self._text_out = open(self.path / self.TEXTS, "ab")  # closed in _release()
        offset = self._text_out.seek(0, os.SEEK_END)
        self._text_out.write(data)
        self._text_out.flush()
        doc_id = self._db.execute(
            "INSERT INTO docs (name, sha256, chars, root, text_offset, text_length)"
            " VALUES (?, ?, ?, ?, ?, ?)", (name, sha256, chars, root, offset, len(data)),
        ).lastrowid
        assert doc_id is not None
        if doc_id > MAX_DOC_ID:
            raise IndexUnusable(f"{self.path} 的文档编号已用尽（上限 {MAX_DOC_ID}）")
        self._pending.append((hashes << np.uint64(LOW_BITS)) | np.uint64(doc_id))
        self._pending_keys += len(hashes)
        if self._pending_keys >= self.flush_keys:
            self.flush()
        return doc_id

    def remove(self, name: str) -> bool:
        self._begin()
        return self._db.execute("UPDATE docs SET live = 0 WHERE name = ? AND live = 1",
                                (name,)).rowcount > 0

    def _write_segment(self, keys: np.ndarray) -> None:
        file = f"seg-{uuid.uuid4().hex[:12]}.npy"
        temporary = self.path / f".{file}.tmp"
        with open(temporary, "wb") as out:
            np.save(out, keys, allow_pickle=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.path / file)
        self._db.execute("INSERT INTO segments (file, keys) VALUES (?, ?)", (file, len(keys)))

    def _sync_texts(self) -> None:
        if self._text_out is not None:
            os.fsync(self._text_out.fileno())

    def flush(self) -> None:
        """Write pending fingerprints as a new segment and commit."""
        if self._pending:
            self._begin()
            self._write_segment(np.sort(np.concatenate(self._pending)))
            self._pending, self._pending_keys = [], 0
        if self._db.in_transaction:
            self._sync_texts()
            self._db.execute("COMMIT")
        if self._db.execute("SELECT count(*) FROM segments").fetchone()[0] > self.max_segments:
            self.compact()

    def compact(self) -> None:
        """Merge every segment into one, dropping fingerprints of replaced/removed docs."""
        self._begin()
        if self._pending:
            self._write_segment(np.sort(np.concatenate(self._pending)))
            self._pending, self._pending_keys = [], 0
        old = [file for (file,) in self._db.execute("SELECT file FROM segments")]
        live = self._live()
        parts = [np.load(self.path / file) for file in old]
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
        docs = (keys & LOW_MASK).astype(np.int64)
        keys = np.sort(keys[live[np.minimum(docs, len(live) - 1)] & (docs < len(live))])
        self._db.execute("DELETE FROM segments")
        if len(keys):
            self._write_segment(keys)
        self._sync_texts()
        self._db.execute("COMMIT")
        self._state = None
        for file in old:
            (self.path / file).unlink(missing_ok=True)

    # -- reading ------------------------------------------------------------------------
    def contains(self, name: str, sha256: str) -> bool:
        return self._db.execute("SELECT 1 FROM docs WHERE name = ? AND sha256 = ? AND live = 1",
                                (name, sha256)).fetchone() is not None

    def names(self, root: str | None = None) -> list[str]:
        if root is None:
            rows = self._db.execute("SELECT name FROM docs WHERE live = 1 ORDER BY name")
        else:
            rows = self._db.execute(
                "SELECT name FROM docs WHERE live = 1 AND root = ? ORDER BY name", (root,))
        return [name for (name,) in rows]

    def roots(self) -> list[str]:
        """Directories the documents were indexed from (file backend only)."""
        return [root for (root,) in self._db.execute(
            "SELECT DISTINCT root FROM docs WHERE live = 1 AND root != ''")]

    def document(self, doc_id: int) -> tuple[str, str]:
        row = self._db.execute("SELECT name, text_offset, text_length FROM docs WHERE id = ?",
                               (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        name, offset, length = row
        data = os.pread(self._text_in, length, offset)
        return name, zlib.decompress(data).decode("utf-8", "surrogatepass")

    def _live(self) -> np.ndarray:
        top = self._db.execute("SELECT coalesce(max(id), 0) FROM docs").fetchone()[0]
        live = np.ones(top + 1, dtype=bool)
        live[0] = False
        dead = [doc_id for (doc_id,) in self._db.execute("SELECT id FROM docs WHERE live = 0")]
        live[np.asarray(dead, dtype=np.int64)] = False
        return live

    def _current(self) -> _State:
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if self._state is None or self._state.version != version:
            files = [file for (file,) in self._db.execute("SELECT file FROM segments ORDER BY id")]
            segments = [np.load(self.path / file, mmap_mode="r") for file in files]
            self._state = _State(version, [s for s in segments if len(s)], self._live())
        return self._state

    def candidates(self, query_hashes: np.ndarray, limit: int) -> list[tuple[int, int]]:
        state = self._current()
        hashes = np.unique(np.asarray(query_hashes, dtype=np.uint64))
        if not hashes.size:
            return []
        low_keys = hashes << np.uint64(LOW_BITS)
        high_keys = (hashes + np.uint64(1)) << np.uint64(LOW_BITS)
        all_docs: list[np.ndarray] = []
        all_which: list[np.ndarray] = []
        for segment in state.segments:
            low = np.searchsorted(segment, low_keys)
            counts = np.searchsorted(segment, high_keys) - low
            total = int(counts.sum())
            if not total:
                continue
            index = np.repeat(low - (np.cumsum(counts) - counts), counts) + np.arange(total)
            docs = (np.asarray(segment[index]) & LOW_MASK).astype(np.int64)
            which = np.repeat(np.arange(len(hashes)), counts)
            keep = docs < len(state.live)
            keep[keep] = state.live[docs[keep]]
            all_docs.append(docs[keep])
            all_which.append(which[keep])
        if not all_docs:
            return []
        documents = int(state.live.sum())
        return rank_candidates(np.concatenate(all_docs), np.concatenate(all_which), limit,
                               documents)

    def stats(self) -> dict[str, int]:
        self.flush()
        documents, chars = self._db.execute(
            "SELECT count(*), coalesce(sum(chars), 0) FROM docs WHERE live = 1").fetchone()
        removed = self._db.execute("SELECT count(*) FROM docs WHERE live = 0").fetchone()[0]
        segments = [file for (file,) in self._db.execute("SELECT file FROM segments")]
        keys = self._db.execute("SELECT coalesce(sum(keys), 0) FROM segments").fetchone()[0]
        size = sum((self.path / file).stat().st_size for file in segments)
        return {"documents": documents, "chars": chars, "removed": removed,
                "segments": len(segments), "fingerprints": keys, "index_bytes": size,
                "text_bytes": (self.path / self.TEXTS).stat().st_size,
                "manifest_bytes": (self.path / self.MANIFEST).stat().st_size}

    # -- life cycle ---------------------------------------------------------------------
    def close(self) -> None:
        if self._db is None:
            return
        try:
            self.flush()
        finally:
            self._release()

    def _release(self) -> None:
        if self._text_out is not None:
            self._text_out.close()
            self._text_out = None
        os.close(self._text_in)
        self._db.close()
        self._db = None  # type: ignore[assignment]
        self._state = None

    def discard(self) -> None:
        """Close without committing what was added since the last flush."""
        if self._db is None:
            return
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._pending = []
        self._release()

    def __enter__(self) -> FileIndex:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()
