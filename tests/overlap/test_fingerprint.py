"""Winnowing: the guarantee (a shared run of W + K - 1 characters shares a fingerprint),
density and shapes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zhicheng.overlap.fingerprint import (
    GUARANTEE,
    HASH_BITS,
    K,
    W,
    _sliding_min,
    fingerprints,
    gram_hashes,
    winnow,
)


def codes(values: list[int]) -> np.ndarray:
    return np.asarray(values, dtype=np.uint32)


def test_guarantee_is_the_default_minimum_passage() -> None:
    assert GUARANTEE == W + K - 1 == 13


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0x4E00, 0x4E40), min_size=GUARANTEE, max_size=60),
       st.lists(st.integers(0x4E00, 0x9FA5), max_size=80),
       st.lists(st.integers(0x4E00, 0x9FA5), max_size=80),
       st.integers(0, 80), st.integers(0, 80))
def test_shared_run_shares_a_fingerprint(shared: list[int], a: list[int], b: list[int],
                                         cut_a: int, cut_b: int) -> None:
    first = codes(a[:cut_a] + shared + a[cut_a:])
    second = codes(b[:cut_b] + shared + b[cut_b:])
    assert set(fingerprints(first)[0].tolist()) & set(fingerprints(second)[0].tolist())


def test_density_and_ranges() -> None:
    rng = np.random.default_rng(5)
    text = rng.integers(0x4E00, 0x9FA5, size=200_000).astype(np.uint32)
    hashes, positions = fingerprints(text)
    assert abs(len(hashes) / len(text) - 2 / (W + 1)) < 0.01
    assert hashes.dtype.name == "uint64" and positions.dtype.name == "uint32"
    assert int(hashes.max()) < 2**HASH_BITS
    assert np.all(np.diff(positions.astype(np.int64)) > 0)
    assert np.all(np.diff(positions.astype(np.int64)) <= W)


def test_short_texts() -> None:
    assert len(fingerprints(codes([1, 2, 3]))[0]) == 0
    assert len(fingerprints(codes(list(range(K))))[0]) == 1
    hashes, positions = fingerprints(codes(list(range(10))))
    assert len(hashes) == 1 and positions[0] < 10 - K + 1


def test_selection_is_window_minimum_rightmost_on_ties() -> None:
    hashes = np.array([5, 3, 3, 9, 1, 1, 7, 8, 6, 2], dtype=np.uint64) << np.uint64(24)
    selected, positions = winnow(hashes, 3)
    # windows pick 2, 2, 4, 5, 5, 5, 8, 9: each position once
    assert positions.tolist() == [2, 4, 5, 8, 9] and selected.tolist() == [3, 1, 1, 6, 2]
    rng = np.random.default_rng(1)
    values = rng.integers(0, 2**63, size=1000, dtype=np.uint64)
    naive = np.array([values[i:i + 7].min() for i in range(1000 - 6)], dtype=np.uint64)
    assert (_sliding_min(values, 7) == naive).all()


def test_equal_grams_hash_equally() -> None:
    text = codes([7, 8, 9, 7, 8, 9, 7, 8])
    hashes = gram_hashes(text, 3)
    assert hashes[0] == hashes[3] and hashes[0] != hashes[1]
