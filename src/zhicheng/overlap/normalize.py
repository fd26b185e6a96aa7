"""Counted characters (文字) of a text and where each came from in the original.

The normalised form of a text is computed per *cluster*: a character that is not a joiner
followed by the joiners after it (combining marks, Hangul vowel and final jamo, half-width
sound marks, anything that canonical composition could attach to the character before). Each
cluster is NFKC-normalised, every resulting character lower-cased, mapped from traditional to
simplified (OpenCC's TSCharacters table, first choice, closed under repetition so the mapping
is idempotent) and kept when its Unicode general category is L* or N*. Concatenating the
clusters' NFKC forms gives NFKC of the whole text, so the characters are those of
``NFKC(text)``; every output character maps to the code-point offset of the cluster it came
from, so "①⑩㎏" maps "1", "1", "0", "k", "g" to offsets 0, 1, 1, 2, 2.

Speed: a 65,537-entry table maps every BMP code point that is its own cluster and gives at most
one counted character straight to that character (0 when nothing counts); the rest (joiners,
expansions such as "⑩" → "10", code points beyond the BMP) are marked ``SLOW`` and handled one
cluster at a time in Python. Plain Chinese text never touches the slow path.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

SLOW = np.uint32(0xFFFFFFFF)
_BMP = 0x10000
_COUNTED = frozenset("LN")
# Canonical decompositions into two characters all lie below U+20000 (and the CJK
# compatibility supplement only holds singletons), so scanning that range finds every
# character that can be the second half of a composition.
_SCAN_LIMIT = 0x20000


@dataclass(frozen=True, eq=False)
class Normalized:
    """`codes[i]` is the i-th counted character; `offsets[i]` the code-point offset of the
    original character (cluster) it came from. `chars` is `codes` as a string."""

    codes: np.ndarray  # uint32 code points
    offsets: np.ndarray  # uint32 offsets into the original text
    _chars: list[str] = field(default_factory=list, init=False, repr=False)

    @property
    def chars(self) -> str:
        if not self._chars:  # built on first use: indexing and alignment only need codes
            self._chars.append(self.codes.astype("<u4").tobytes().decode("utf-32-le"))
        return self._chars[0]

    def __len__(self) -> int:
        return len(self.codes)


@functools.cache
def t2s_table() -> dict[str, str]:
    """Traditional → simplified, one character to one, idempotent."""
    path = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, values = line.split("\t", 1)
            table[key] = values.split()[0]
    for key in table:
        seen = {key}
        value = table[key]
        while value in table and table[value] not in seen:
            seen.add(value)
            value = table[value]
        table[key] = value
    return table


@functools.cache
def _second_halves() -> frozenset[int]:
    found = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul V and T jamo
    for code in range(_SCAN_LIMIT):
        mapping = unicodedata.decomposition(chr(code))
        if mapping and not mapping.startswith("<"):
            parts = mapping.split()
            if len(parts) == 2:
                found.add(int(parts[1], 16))
    return frozenset(found)


@functools.cache
def is_joiner(code: int) -> bool:
    """True when the character belongs to the cluster of the character before it."""
    char = chr(code)
    if unicodedata.combining(char) or code in _second_halves():
        return True
    first = unicodedata.normalize("NFKD", char)[:1]
    return bool(first) and first != char and (
        unicodedata.combining(first) != 0 or ord(first) in _second_halves())


@functools.lru_cache(maxsize=65536)
def map_cluster(cluster: str) -> tuple[int, ...]:
    """The counted characters one cluster normalises to."""
    t2s = t2s_table()
    out: list[int] = []
    for char in unicodedata.normalize("NFKC", cluster):
        for lower in char.lower():
            simple = t2s.get(lower, lower)
            if unicodedata.category(simple)[0] in _COUNTED:
                out.append(ord(simple))
    return tuple(out)


@functools.cache
def _table() -> tuple[np.ndarray, np.ndarray]:
    """(map, joiner flags) over the BMP; map has one more entry (SLOW) for clipped indexes."""
    table = np.zeros(_BMP + 1, dtype=np.uint32)
    joiners = np.zeros(_BMP, dtype=bool)
    table[_BMP] = SLOW
    for code in range(_BMP):
        if 0xD800 <= code < 0xE000:
            continue
        if is_joiner(code):
            joiners[code] = True
            table[code] = SLOW
            continue
        out = map_cluster(chr(code))
        if len(out) == 1:
            table[code] = out[0]
        elif out:
            table[code] = SLOW
    return table, joiners


def _joiner(code: int, joiners: np.ndarray) -> bool:
    return bool(joiners[code]) if code < _BMP else is_joiner(code)


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def normalize(text: str) -> Normalized:
    """The counted characters of `text` with their original offsets."""
    table, joiners = _table()
    codes = code_points(text)
    mapped = np.take(table, codes, mode="clip")
    slow = np.flatnonzero(mapped == SLOW)
    if slow.size == 0:
        keep = mapped != 0
        return Normalized(mapped[keep], np.flatnonzero(keep).astype(np.uint32))
    mapped = mapped.copy()
    positions: list[int] = []
    outputs: list[int] = []
    end = 0
    size = len(codes)
    for index in slow.tolist():
        if index < end:
            continue
        start = index
        while start > 0 and _joiner(int(codes[start]), joiners):
            start -= 1
        end = index + 1
        while end < size and _joiner(int(codes[end]), joiners):
            end += 1
        out = map_cluster(text[start:end])
        positions.extend([start] * len(out))
        outputs.extend(out)
        mapped[start:end] = 0
    keep = mapped != 0
    all_positions = np.concatenate([np.flatnonzero(keep), np.asarray(positions, dtype=np.int64)])
    all_codes = np.concatenate([mapped[keep], np.asarray(outputs, dtype=np.uint32)])
    order = np.argsort(all_positions, kind="stable")
    return Normalized(all_codes[order], all_positions[order].astype(np.uint32))


def cluster_end(text: str, offset: int) -> int:
    """End (exclusive) of the cluster whose first character is at `offset`."""
    _, joiners = _table()
    end = offset + 1
    while end < len(text) and _joiner(ord(text[end]), joiners):
        end += 1
    return end


def reference_normalize(text: str) -> tuple[str, list[int]]:
    """Straightforward per-character version of `normalize`, for tests and benchmarks."""
    chars: list[str] = []
    offsets: list[int] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not is_joiner(ord(text[index])):
            for code in map_cluster(text[start:index]):
                chars.append(chr(code))
                offsets.append(start)
            start = index
    return "".join(chars), offsets
