"""The contract's report, from the query and the sources it is compared with.

`Checker` does it against an index (any `IndexBackend`): fingerprints of the query pick the
candidate sources, each candidate is aligned exactly. `brute_force_report` aligns against
every source instead; the two agree whenever every source sharing a passage is a candidate,
which winnowing guarantees for passages of at least `fingerprint.GUARANTEE` characters (as
long as no more than `limit` sources share fingerprints with the query).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .align import DEFAULT_MIN_LEN, QueryGrams, covered
from .fingerprint import fingerprints
from .normalize import Normalized, cluster_end, normalize

if TYPE_CHECKING:
    from .index import IndexBackend

DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    source_start: int
    source_end: int

    def as_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end,
                "source_start": self.source_start, "source_end": self.source_end}


@dataclass
class SourceMatch:
    source: str
    ratio: float
    passages: list[Passage]
    mask: np.ndarray = field(repr=False)  # query characters covered by this source

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "ratio": round(self.ratio, 4),
                "passages": [p.as_dict() for p in self.passages]}


@dataclass
class Report:
    document: str
    chars: int
    overlap_ratio: float
    max_source_ratio: float
    sources: list[SourceMatch]

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "chars": self.chars,
                "overlap_ratio": round(self.overlap_ratio, 4),
                "max_source_ratio": round(self.max_source_ratio, 4),
                "sources": [s.as_dict() for s in self.sources]}


def _original(text: str, norm: Normalized, start: int, end: int) -> tuple[int, int]:
    """Counted-character run [start, end) to original offsets, covering whole characters."""
    return int(norm.offsets[start]), cluster_end(text, int(norm.offsets[end - 1]))


def compare(text: str, query: Normalized, grams: QueryGrams, name: str,
            source_text: str) -> SourceMatch | None:
    """The query's passages shared with one source, or None when there are none."""
    source = normalize(source_text)
    runs = grams.runs(source.codes)
    if not len(runs):
        return None
    mask = covered(len(query), runs)
    passages = []
    for q_start, q_end, s_start, s_end in runs.tolist():
        start, end = _original(text, query, q_start, q_end)
        source_start, source_end = _original(source_text, source, s_start, s_end)
        passages.append(Passage(start, end, source_start, source_end))
    return SourceMatch(name, int(mask.sum()) / len(query), passages, mask)


def assemble(document: str, query: Normalized, matches: Iterable[SourceMatch]) -> Report:
    found = sorted(matches, key=lambda m: (-m.ratio, m.source))
    chars = len(query)
    union = np.zeros(chars, dtype=bool)
    for match in found:
        union |= match.mask
    overall = int(union.sum()) / chars if chars else 0.0
    top = found[0].ratio if found else 0.0
    return Report(document, chars, overall, top, found)


def build_report(document: str, text: str, sources: Iterable[tuple[str, str]],
                 min_len: int = DEFAULT_MIN_LEN) -> Report:
    """Report for `text` against the given (name, text) sources; one named `document` is
    skipped."""
    query = normalize(text)
    grams = QueryGrams(query.codes, min_len)
    matches = (compare(text, query, grams, name, source_text)
               for name, source_text in sources if name != document)
    return assemble(document, query, (m for m in matches if m is not None))


def brute_force_report(document: str, text: str, corpus: Mapping[str, str],
                       min_len: int = DEFAULT_MIN_LEN) -> Report:
    """Reference: align against every source of the corpus, no index."""
    return build_report(document, text, corpus.items(), min_len)


class Checker:
    """Reports against any index backend."""

    def __init__(self, backend: IndexBackend, min_len: int = DEFAULT_MIN_LEN,
                 limit: int = DEFAULT_LIMIT) -> None:
        self.backend = backend
        self.min_len = min_len
        self.limit = limit

    def candidates(self, query: Normalized, extra: int = 0) -> list[tuple[int, int]]:
        hashes, _ = fingerprints(query.codes)
        return self.backend.candidates(np.unique(hashes), self.limit + extra)

    def check(self, document: str, text: str, exclude: Iterable[str] = ()) -> Report:
        """Report for `text` named `document`; sources named `document` or in `exclude`
        (other names of the same file) are skipped."""
        skip = {document, *exclude}
        query = normalize(text)
        grams = QueryGrams(query.codes, self.min_len)
        matches = []
        compared = 0
        for doc_id, _shared in self.candidates(query, len(skip)):
            if compared >= self.limit:
                break
            name, source_text = self.backend.document(doc_id)
            if name in skip:
                continue
            compared += 1
            match = compare(text, query, grams, name, source_text)
            if match is not None:
                matches.append(match)
        return assemble(document, query, matches)
