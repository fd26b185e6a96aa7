"""Counted characters and their original offsets: the fast table path against the reference."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from zhicheng.overlap.normalize import (
    cluster_end,
    normalize,
    reference_normalize,
    t2s_table,
)

PIECES = (
    list("申报材料的文字重合度检查这个软体中华人民共和国")  # simplified
    + list("這個軟體檢查報告國際經濟發展與環境")  # traditional
    + [chr(c) for c in range(0xFF01, 0xFF5F, 7)]  # full-width ASCII
    + list("abcXYZ0189 \t\n\u3000\u00a0，。、；：？！“”《》（）—…·")
    + list("①⑩⑳㎏㎡℃ﬁ½ⅫΣσςİßŉǅ")  # NFKC expansions, case oddities
    + ["e\u0301", "\u0301", "\u0308", "ｶﾞ", "ﾊﾟ", "가", "\u1100\u1161\u11a8", "\u11a8"]
    + ["😀", "👍🏽", "\u200d", "\ufe0f", "𠀀", "𪚥", "\U0002f800", "\uf900"]  # non-BMP, compat
)


def whole_text(text: str) -> str:
    """The definition: NFKC of the whole text, each character lower-cased and simplified."""
    t2s = t2s_table()
    out = []
    for char in unicodedata.normalize("NFKC", text):
        for lower in char.lower():
            simple = t2s.get(lower, lower)
            if unicodedata.category(simple)[0] in "LN":
                out.append(simple)
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_fast_path_equals_reference(text: str) -> None:
    fast = normalize(text)
    chars, offsets = reference_normalize(text)
    assert fast.chars == chars
    assert fast.offsets.tolist() == offsets
    assert fast.offsets.dtype.name == "uint32"
    assert chars == whole_text(text)


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_text_equals_reference_and_whole_text_nfkc(text: str) -> None:
    fast = normalize(text)
    chars, offsets = reference_normalize(text)
    assert (fast.chars, fast.offsets.tolist()) == (chars, offsets)
    assert chars == whole_text(text)


def test_expansions_map_to_their_original_character() -> None:
    norm = normalize("①⑩㎏")
    assert norm.chars == "110kg"
    assert norm.offsets.tolist() == [0, 1, 1, 2, 2]


def test_width_case_and_script_do_not_matter() -> None:
    assert normalize("ＡＢＣ１２３abcDEF").chars == "abc123abcdef"
    assert normalize("這個軟體").chars == normalize("这个软体").chars == "这个软体"
    assert normalize("國際經濟").chars == "国际经济"


def test_punctuation_space_and_symbols_do_not_count() -> None:
    assert normalize("，。、；：？！“”《》（）——……·  \t\n\u3000~@#$%^&*+=<>|😀℃").chars == "c"
    assert len(normalize("")) == 0


def test_offsets_are_code_points() -> None:
    norm = normalize("😀字 𠀀，a")
    assert norm.chars == "字𠀀a"
    assert norm.offsets.tolist() == [1, 3, 5]


def test_combining_marks_compose_and_clusters_end_after_them() -> None:
    composed, decomposed = normalize("café"), normalize("cafe\u0301")
    assert composed.chars == decomposed.chars == "café"
    assert decomposed.offsets.tolist() == [0, 1, 2, 3]
    assert cluster_end("cafe\u0301!", 3) == 5
    assert cluster_end("abc", 1) == 2


def test_traditional_to_simplified_is_idempotent() -> None:
    table = t2s_table()
    assert all(table.get(value, value) == value for value in table.values())
