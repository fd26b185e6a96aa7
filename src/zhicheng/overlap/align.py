"""Every maximal shared run of at least `min_len` counted characters between two texts.

A run is maximal when it cannot be extended on either side: ``query[i + t] == source[j + t]``
for t in 0..L-1 with a mismatch (or an end) just before and just after.

Seed and extend: every g-gram of the query (g = min(7, min_len)) is hashed and sorted once per
query (`QueryGrams`); in each source only the g-grams starting at multiples of
``step = min_len - g + 1`` are looked up. A run of at least min_len characters covers source
positions [a, a + L) with L - g + 1 >= step, so some sampled g-gram lies wholly inside it:
nothing is missed. Each hit is confirmed by comparing characters (hash collisions make no
seeds), confirmed seeds on one diagonal whose g-grams overlap or touch are joined, and each
group is extended character by character to both sides; runs shorter than min_len are
dropped. `reference_runs` is the plain quadratic definition, for tests.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .fingerprint import gram_hashes

DEFAULT_MIN_LEN = 13
SEED = 7
_MAX_PAIRS = 1 << 20  # seed pairs confirmed at a time (bounds memory on repetitive text)
_MAX_BLOCK = 1024  # characters compared per seed group and round when extending
_GROUPS = 1024  # seed groups extended at a time
_P = np.uint64(0x9E3779B97F4A7C15)
_EMPTY = np.zeros((0, 4), dtype=np.int64)


def _gram_hashes(codes: np.ndarray, g: int) -> np.ndarray:
    return gram_hashes(codes, g, mix=False)


def _sampled_hashes(codes: np.ndarray, starts: np.ndarray, g: int) -> np.ndarray:
    """The same hashes as `_gram_hashes`, for the g-grams starting at `starts` only."""
    values = codes.astype(np.uint64)
    hashes = values[starts]
    for offset in range(1, g):
        hashes *= _P
        hashes += values[starts + offset]
    return hashes


def _extend(query: np.ndarray, source: np.ndarray, q_at: np.ndarray, s_at: np.ndarray,
            room: np.ndarray, direction: int) -> np.ndarray:
    """How far equal characters continue from q_at/s_at (the first positions compared) in
    `direction` (+1 or -1), at most `room`."""
    if len(q_at) > _GROUPS:  # bounded memory: _GROUPS x _MAX_BLOCK comparisons at a time
        return np.concatenate([
            _extend(query, source, q_at[i:i + _GROUPS], s_at[i:i + _GROUPS],
                    room[i:i + _GROUPS], direction) for i in range(0, len(q_at), _GROUPS)])
    reach = np.zeros(len(q_at), dtype=np.int64)
    active = np.arange(len(q_at))
    block = 16
    while active.size:
        steps = np.arange(block)
        offset = (reach[active, None] + steps) * direction
        inside = steps < (room[active] - reach[active])[:, None]
        same = (query.take(q_at[active, None] + offset, mode="clip")
                == source.take(s_at[active, None] + offset, mode="clip"))
        stop = ~(same & inside)
        stopped = stop.any(axis=1)
        reach[active] += np.where(stopped, stop.argmax(axis=1), block)
        active = active[~stopped]
        block = min(block * 2, _MAX_BLOCK)
    return reach


class QueryGrams:
    """A query's g-grams, hashed and sorted once, to align it against many sources."""

    def __init__(self, codes: np.ndarray, min_len: int = DEFAULT_MIN_LEN) -> None:
        if min_len < 1:
            raise ValueError("min_len must be at least 1")
        self.codes = codes
        self.min_len = min_len
        self.g = min(SEED, min_len)
        self.step = min_len - self.g + 1
        hashes = _gram_hashes(codes, self.g)
        self.order = np.argsort(hashes, kind="stable")
        self.sorted = hashes[self.order]
        # equal[i]: how many sorted hashes from i on equal sorted[i] (one search per lookup)
        size = len(self.sorted)
        starts = np.flatnonzero(np.diff(self.sorted, prepend=~self.sorted[:1]))
        lengths = np.diff(np.append(starts, size))
        self.equal = np.repeat(lengths, lengths) - (np.arange(size) - np.repeat(starts, lengths))

    def _seeds(self, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Confirmed (query, source) positions of equal g-grams at sampled source positions."""
        g = self.g
        starts = np.arange(0, len(source) - g + 1, self.step)
        hashes = _sampled_hashes(source, starts, g)
        if not len(self.sorted) or not len(hashes):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        ascending = np.argsort(hashes)  # sorted needles: searchsorted runs twice as fast
        hashes, starts = hashes[ascending], starts[ascending]
        low = np.minimum(np.searchsorted(self.sorted, hashes), len(self.sorted) - 1)
        counts = np.where(self.sorted[low] == hashes, self.equal[low], 0)
        hit = np.flatnonzero(counts)
        low, counts, starts = low[hit], counts[hit], starts[hit]
        query_grams = sliding_window_view(self.codes, g)
        source_grams = sliding_window_view(source, g)
        found_q, found_s = [], []
        ends = np.cumsum(counts)
        begin = 0
        while begin < len(hit):
            before = ends[begin] - counts[begin]
            stop = max(int(np.searchsorted(ends, before + _MAX_PAIRS, "right")), begin + 1)
            part = slice(begin, stop)
            s_pos = np.repeat(starts[part], counts[part])
            first = np.repeat(low[part] - (np.cumsum(counts[part]) - counts[part]), counts[part])
            q_pos = self.order[first + np.arange(len(s_pos))]
            same = (query_grams[q_pos] == source_grams[s_pos]).all(axis=1)
            found_q.append(q_pos[same])
            found_s.append(s_pos[same])
            begin = stop
        if not found_q:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return (np.concatenate(found_q).astype(np.int64),
                np.concatenate(found_s).astype(np.int64))

    def runs(self, source: np.ndarray) -> np.ndarray:
        """Maximal shared runs as rows (q_start, q_end, s_start, s_end), ends exclusive, in
        counted-character indexes, sorted by q_start then s_start."""
        query = self.codes
        if len(query) < self.min_len or len(source) < self.min_len:
            return _EMPTY
        q_pos, s_pos = self._seeds(source)
        if not q_pos.size:
            return _EMPTY
        diagonal = q_pos - s_pos
        order = np.lexsort((s_pos, diagonal))
        s_pos, diagonal = s_pos[order], diagonal[order]
        new = np.ones(len(s_pos), dtype=bool)
        new[1:] = (diagonal[1:] != diagonal[:-1]) | (s_pos[1:] - s_pos[:-1] > self.g)
        first = np.flatnonzero(new)
        last = np.append(first[1:], len(s_pos)) - 1
        s_start, s_end = s_pos[first], s_pos[last] + self.g
        shift = diagonal[first]
        q_start, q_end = s_start + shift, s_end + shift
        left = _extend(query, source, q_start - 1, s_start - 1,
                       np.minimum(q_start, s_start), -1)
        right = _extend(query, source, q_end, s_end,
                        np.minimum(len(query) - q_end, len(source) - s_end), 1)
        runs = np.stack([q_start - left, q_end + right, s_start - left, s_end + right], axis=1)
        runs = runs[runs[:, 1] - runs[:, 0] >= self.min_len]
        runs = runs[np.lexsort((runs[:, 2], runs[:, 0]))]
        # Distinct groups give distinct runs; drop repeats anyway, cheaply.
        keep = np.ones(len(runs), dtype=bool)
        keep[1:] = (runs[1:] != runs[:-1]).any(axis=1)
        return runs[keep]


def shared_runs(query: np.ndarray, source: np.ndarray,
                min_len: int = DEFAULT_MIN_LEN) -> np.ndarray:
    """Maximal shared runs of two code-point arrays; see `QueryGrams.runs`."""
    return QueryGrams(query, min_len).runs(source)


def reference_runs(query: np.ndarray, source: np.ndarray, min_len: int) -> np.ndarray:
    """The definition, diagonal by diagonal: quadratic, for tests."""
    found = []
    for shift in range(-len(source) + 1, len(query)):
        q0, s0 = max(shift, 0), max(-shift, 0)
        size = min(len(query) - q0, len(source) - s0)
        equal = np.concatenate([[False], query[q0:q0 + size] == source[s0:s0 + size], [False]])
        edges = np.flatnonzero(np.diff(equal.astype(np.int8)))
        for begin, end in zip(edges[::2], edges[1::2], strict=True):
            if end - begin >= min_len:
                found.append((q0 + begin, q0 + end, s0 + begin, s0 + end))
    runs = np.array(sorted(found), dtype=np.int64).reshape(-1, 4)
    return runs[np.lexsort((runs[:, 2], runs[:, 0]))] if len(runs) else _EMPTY


def covered(length: int, runs: np.ndarray) -> np.ndarray:
    """Boolean mask over `length` query characters: inside at least one run."""
    marks = np.zeros(length + 1, dtype=np.int64)
    if len(runs):
        np.add.at(marks, runs[:, 0], 1)
        np.add.at(marks, runs[:, 1], -1)
    return np.cumsum(marks[:length]) > 0
