"""`zhicheng overlap`: the text-overlap contract's commands, without starting Django.

    zhicheng overlap index --index PATH --corpus DIR [--keep-missing]
    zhicheng overlap check --index PATH [--min-len N] [--limit N] QUERY [QUERY ...]

`index` adds every .txt/.docx/.pdf under DIR (names are paths relative to DIR); re-running adds
only new or changed files, and drops files indexed from the same DIR that are gone (a renamed
file is dropped under its old name and added under the new one) unless --keep-missing.
Unreadable files are named on stderr and skipped; a one-line JSON summary goes to stdout.

`check` prints one JSON report per query, one per line. Exit 0 when every query got a
report, 2 for unusable arguments or index, or when any query could not be read (the other
queries are still reported).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .align import DEFAULT_MIN_LEN
from .extract import ExtractError, extract
from .index import FileIndex, IndexUnusable
from .report import DEFAULT_LIMIT, Checker

SUFFIXES = {".txt", ".docx", ".pdf"}
PROG = "zhicheng overlap"


def _error(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr, flush=True)


def _write(line: dict[str, object]) -> None:
    sys.stdout.buffer.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


def corpus_files(corpus: Path) -> Iterator[Path]:
    """Every .txt/.docx/.pdf under `corpus` (any letter case), sorted, symlinked dirs not
    followed."""
    for folder, dirs, files in os.walk(corpus):
        dirs.sort()
        for file in sorted(files):
            if Path(file).suffix.lower() in SUFFIXES:
                yield Path(folder) / file


def index_corpus(index: FileIndex, corpus: Path, keep_missing: bool = False) -> dict[str, int]:
    root = str(corpus.resolve())
    before = set(index.names())
    seen: set[str] = set()
    counts = dict.fromkeys(("added", "replaced", "unchanged", "removed", "skipped"), 0)
    for path in corpus_files(corpus):
        name = path.relative_to(corpus).as_posix()
        seen.add(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            _error(f"已跳过 {path}：无法读取（{exc.strerror or exc}）")
            counts["skipped"] += 1
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        if index.contains(name, sha256):
            counts["unchanged"] += 1
            continue
        try:
            text = extract((str(path), data))
        except ExtractError as exc:
            _error(f"已跳过 {exc}")
            counts["skipped"] += 1
            continue
        index.add(name, sha256, text, root=root)
        counts["replaced" if name in before else "added"] += 1
    if not keep_missing:
        for name in index.names(root):
            if name not in seen:
                index.remove(name)
                counts["removed"] += 1
    index.flush()
    return {"documents": len(index.names()), **counts}


def self_names(query: str, roots: list[str]) -> set[str]:
    """Names a source would have if it were the query file itself."""
    names = {Path(query).as_posix().removeprefix("./")}
    resolved = Path(query).resolve()
    for root in roots:
        if resolved.is_relative_to(root):
            names.add(resolved.relative_to(root).as_posix())
    return names


def _index(args: argparse.Namespace) -> int:
    if not args.corpus.is_dir():
        _error(f"找不到比对库目录 {args.corpus}")
        return 2
    try:
        with FileIndex(args.index) as index:
            summary = index_corpus(index, args.corpus, args.keep_missing)
    except IndexUnusable as exc:
        _error(str(exc))
        return 2
    _write(summary)
    return 0


def _check(args: argparse.Namespace) -> int:
    if args.min_len < 1 or args.limit < 1:
        _error("--min-len 和 --limit 必须是正整数")
        return 2
    try:
        index = FileIndex(args.index, create=False)
    except IndexUnusable as exc:
        _error(str(exc))
        return 2
    status = 0
    with index:
        checker = Checker(index, args.min_len, args.limit)
        roots = index.roots()
        for query in args.queries:
            try:
                text = extract(query)
            except ExtractError as exc:
                _error(str(exc))
                status = 2
                continue
            report = checker.check(query, text, self_names(query, roots))
            _write(report.as_dict())
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=PROG, description="文字重合度检查（查重）。")
    commands = parser.add_subparsers(dest="command", required=True)
    index = commands.add_parser("index", help="把目录中的 .txt/.docx/.pdf 加入比对库索引")
    index.add_argument("--index", required=True, type=Path, help="索引目录")
    index.add_argument("--corpus", required=True, type=Path, help="比对库目录")
    index.add_argument("--keep-missing", action="store_true",
                       help="保留索引中目录里已不存在的文件（默认删除）")
    check = commands.add_parser("check", help="检查文件，每个文件输出一行 JSON 报告")
    check.add_argument("--index", required=True, type=Path, help="索引目录")
    check.add_argument("--min-len", type=int, default=DEFAULT_MIN_LEN,
                       help=f"最短重合片段的文字数（默认 {DEFAULT_MIN_LEN}）")
    check.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                       help=f"最多比对的候选来源数（默认 {DEFAULT_LIMIT}）")
    check.add_argument("queries", nargs="+", metavar="QUERY", help="待检查的文件")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return _index(args) if args.command == "index" else _check(args)
