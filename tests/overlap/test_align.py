"""Alignment: every maximal shared run of at least min_len characters, and nothing else."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhicheng.overlap import align
from zhicheng.overlap.align import QueryGrams, reference_runs, shared_runs
from zhicheng.overlap.normalize import normalize


def random_codes(rng: np.random.Generator, size: int, low: int, high: int) -> np.ndarray:
    return rng.integers(low, high, size=size).astype(np.uint32)


@pytest.mark.parametrize("length", [13, 14, 20, 50, 1000])
def test_run_of_min_len_or_more_is_found_exactly(length: int) -> None:
    rng = np.random.default_rng(length)
    shared = random_codes(rng, length, 0x4E00, 0x9FA5)
    # Backgrounds from disjoint ranges: no accidental runs.
    query = np.concatenate([random_codes(rng, 300, 0x3400, 0x3500), shared,
                            random_codes(rng, 40, 0x3400, 0x3500)])
    source = np.concatenate([random_codes(rng, 77, 0x3500, 0x3600), shared,
                             random_codes(rng, 500, 0x3500, 0x3600)])
    assert shared_runs(query, source).tolist() == [[300, 300 + length, 77, 77 + length]]


def test_run_of_twelve_is_not_a_passage() -> None:
    rng = np.random.default_rng(12)
    shared = random_codes(rng, 12, 0x4E00, 0x9FA5)
    query = np.concatenate([random_codes(rng, 30, 0x3400, 0x3500), shared])
    source = np.concatenate([shared, random_codes(rng, 30, 0x3500, 0x3600)])
    assert shared_runs(query, source).tolist() == []
    assert shared_runs(query, source, min_len=12).tolist() == [[30, 42, 0, 12]]


def test_edits_that_normalisation_ignores_leave_one_passage() -> None:
    source = "本项目针对大型桥梁结构健康监测中的数据异常问题，提出了一种基于深度学习的识别方法。"
    query = ("前言。本項目針對大型橋樑結構健康監測中的數據異常問題 —— 提出了一種"
             "基於 深度學習的識別方法！后记")
    runs = shared_runs(normalize(query).codes, normalize(source).codes)
    assert len(runs) == 1
    q_start, q_end, s_start, s_end = runs[0].tolist()
    assert (s_start, s_end) == (0, len(normalize(source)))
    assert q_end - q_start == s_end - s_start


def test_repeated_source_passage_gives_a_run_per_occurrence() -> None:
    rng = np.random.default_rng(3)
    shared = random_codes(rng, 20, 0x4E00, 0x9FA5)
    gap = random_codes(rng, 10, 0x3500, 0x3600)
    source = np.concatenate([shared, gap, shared])
    query = np.concatenate([random_codes(rng, 5, 0x3400, 0x3500), shared])
    assert shared_runs(query, source).tolist() == [[5, 25, 0, 20], [5, 25, 30, 50]]


def test_hash_collisions_make_no_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    def constant(codes: np.ndarray, g: int) -> np.ndarray:
        return np.zeros(max(len(codes) - g + 1, 0), dtype=np.uint64)

    monkeypatch.setattr(align, "_gram_hashes", constant)
    monkeypatch.setattr(align, "_sampled_hashes",
                        lambda codes, starts, g: np.zeros(len(starts), dtype=np.uint64))
    rng = np.random.default_rng(9)
    for _ in range(5):
        query = random_codes(rng, 150, 0, 4)
        source = random_codes(rng, 120, 0, 4)
        source[30:60] = query[70:100]
        for min_len in (5, 13, 20):
            expected = reference_runs(query, source, min_len)
            assert shared_runs(query, source, min_len).tolist() == expected.tolist()
    assert shared_runs(np.arange(100, dtype=np.uint32),
                       np.arange(100, 200, dtype=np.uint32)).tolist() == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=120), st.lists(st.integers(0, 3), max_size=120),
       st.integers(1, 20))
def test_small_alphabets_match_the_definition(query: list[int], source: list[int],
                                              min_len: int) -> None:
    q, s = np.asarray(query, dtype=np.uint32), np.asarray(source, dtype=np.uint32)
    assert shared_runs(q, s, min_len).tolist() == reference_runs(q, s, min_len).tolist()


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(13, 30))
def test_random_texts_with_copied_pieces_match_the_definition(seed: int, min_len: int) -> None:
    rng = np.random.default_rng(seed)
    source = random_codes(rng, 400, 0x4E00, 0x4E20)
    pieces = []
    for _ in range(6):
        start = int(rng.integers(0, 380))
        pieces.append(source[start:start + int(rng.integers(5, 60))])
        pieces.append(random_codes(rng, int(rng.integers(0, 20)), 0x4E00, 0x4E20))
    query = np.concatenate(pieces)
    grams = QueryGrams(query, min_len)
    assert grams.runs(source).tolist() == reference_runs(query, source, min_len).tolist()


def test_repetitive_text() -> None:
    query = np.full(300, 7, dtype=np.uint32)
    source = np.full(200, 7, dtype=np.uint32)
    assert shared_runs(query, source).tolist() == reference_runs(query, source, 13).tolist()


def test_min_len_must_be_positive() -> None:
    with pytest.raises(ValueError, match="min_len"):
        QueryGrams(np.zeros(3, dtype=np.uint32), 0)
