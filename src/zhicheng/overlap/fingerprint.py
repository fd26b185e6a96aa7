"""Winnowing fingerprints (Schleimer, Wilkerson and Aiken 2003, the method behind MOSS).

Hash every k-gram of counted characters, then slide a window over w consecutive hashes and
keep the smallest of each window (the rightmost one on ties: "robust winnowing"). Two texts
that share a run of at least ``GUARANTEE = W + K - 1`` counted characters share a whole
window, hence the window's minimum: they share at least one fingerprint. With K = 5 and W = 9
that is 13 characters, the contract's default minimum passage, so every passage the contract
asks for (at the default setting) leads to its source. The expected density is 2/(W + 1) =
0.2 fingerprints per character.

A fingerprint is the top ``HASH_BITS`` = 40 bits of a mixed 64-bit polynomial hash: the file
index packs it with a 24-bit document id into one 8-byte key. Collisions between different
k-grams only cost a spurious candidate, never a false passage: alignment compares characters.
"""

from __future__ import annotations

import numpy as np

K = 5
W = 9
GUARANTEE = W + K - 1
HASH_BITS = 40
LOW_BITS = 64 - HASH_BITS
LOW_MASK = np.uint64((1 << LOW_BITS) - 1)

_P = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_EMPTY_U64 = np.zeros(0, dtype=np.uint64)
_EMPTY_U32 = np.zeros(0, dtype=np.uint32)


def gram_hashes(codes: np.ndarray, k: int, *, mix: bool = True) -> np.ndarray:
    """64-bit hash of every k-gram of `codes` (uint32 code points): len(codes) - k + 1 values.

    Without `mix` the values are the raw polynomial, enough for equality tests (alignment);
    with it (murmur3's finaliser) they are evenly spread, as the window minimum needs.
    """
    count = len(codes) - k + 1
    if count <= 0:
        return _EMPTY_U64
    values = codes.astype(np.uint64)
    hashes = values[:count].copy()
    for offset in range(1, k):
        hashes *= _P
        hashes += values[offset:offset + count]
    if mix:
        hashes ^= hashes >> _S33
        hashes *= _M1
        hashes ^= hashes >> _S33
        hashes *= _M2
        hashes ^= hashes >> _S33
    return hashes


def winnow(hashes: np.ndarray, w: int = W) -> tuple[np.ndarray, np.ndarray]:
    """(fingerprints, gram positions): the minimum of every window of `w` hashes, each
    selected position once. Fingerprints are the top HASH_BITS bits of the hashes."""
    count = len(hashes)
    if count == 0:
        return _EMPTY_U64, _EMPTY_U32
    # Key = top bits of the hash, then (mask - position) so that the minimum key is the
    # smallest fingerprint and, among equal ones, the rightmost.
    positions = np.arange(count, dtype=np.uint64)
    keys = hashes & ~LOW_MASK
    keys |= LOW_MASK - (positions & LOW_MASK)
    if count <= w:
        minima = keys[np.argmin(keys):][:1]
        starts = np.zeros(1, dtype=np.uint64)
    else:
        minima = _sliding_min(keys, w)
        starts = positions[: len(minima)]
    chosen = starts + ((LOW_MASK - (minima & LOW_MASK) - starts) & LOW_MASK)
    first = np.empty(len(chosen), dtype=bool)
    first[0] = True
    np.not_equal(chosen[1:], chosen[:-1], out=first[1:])
    return minima[first] >> np.uint64(LOW_BITS), chosen[first].astype(np.uint32)


def _sliding_min(values: np.ndarray, w: int) -> np.ndarray:
    """Minimum of every window of w values (van Herk / Gil-Werman: three passes)."""
    count = len(values)
    pad = (-count) % w
    blocks = np.concatenate([values, np.full(pad, np.iinfo(np.uint64).max, np.uint64)])
    blocks = blocks.reshape(-1, w)
    prefix = np.minimum.accumulate(blocks, axis=1).ravel()
    suffix = np.minimum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].ravel()
    windows = count - w + 1
    return np.minimum(suffix[:windows], prefix[w - 1:w - 1 + windows])


def fingerprints(codes: np.ndarray, k: int = K, w: int = W) -> tuple[np.ndarray, np.ndarray]:
    """Winnowed fingerprints (uint64 < 2**HASH_BITS) and their positions (uint32, index of
    the k-gram's first counted character) of a normalised text."""
    return winnow(gram_hashes(codes, k), w)
