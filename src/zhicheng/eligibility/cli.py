"""`zhicheng eligibility`: the contract's command, without starting Django.

    zhicheng eligibility --plan PLAN_KEY PROFILE.json
    zhicheng eligibility --plan PLAN_KEY --batch DIR_OR_JSONL

Exit 0 whenever verdicts were printed; 2 for unusable input (single mode) or an unusable
plan. In batch mode a bad profile prints {"file": ..., "error": ...} and the rest go on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import msgspec

from .engine import evaluate
from .plan import Plan, PlanError, load_plan, shipped_plan
from .profile import ProfileError, loads_profile


def _plan(value: str) -> Plan:
    path = Path(value)
    if value.endswith(".toml") or path.is_file():
        return load_plan(path)
    return shipped_plan(value)


_ENCODE = msgspec.json.Encoder().encode


def verdict_json(plan: Plan, text: str | bytes) -> dict[str, Any]:
    """One profile's text to the verdict dict; raises ProfileError for unusable input."""
    return evaluate(plan, loads_profile(text)).as_dict()


def _sources(target: Path) -> Iterator[tuple[str, str | bytes]]:
    if target.is_dir():
        for path in sorted(target.glob("*.json")):
            try:
                yield str(path), path.read_bytes()
            except OSError as exc:
                yield str(path), f"\x00{exc}"
        return
    with target.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield f"{target}:{number}", line


def batch(plan: Plan, target: Path, out: IO[bytes]) -> tuple[int, int]:
    """One JSON line per profile to the binary stream `out` (UTF-8)."""
    done = bad = 0
    write = out.write
    for name, text in _sources(target):
        try:
            if isinstance(text, str) and text.startswith("\x00"):
                raise ProfileError("", f"无法读取：{text[1:]}")
            verdict = evaluate(plan, loads_profile(text))
            result = {"file": name} | verdict.as_dict(criteria_as_objects=True)
        except ProfileError as exc:
            result = {"file": name, "error": str(exc), "field": exc.field}
            bad += 1
        write(_ENCODE(result) + b"\n")
        done += 1
    return done, bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhicheng eligibility",
                                     description="按评审计划检查申报资格，输出 JSON 结论。")
    parser.add_argument("--plan", required=True, help="计划代码，或计划文件（.toml）的路径")
    parser.add_argument("--batch", type=Path, help="档案目录（*.json）或 JSON Lines 文件")
    parser.add_argument("profile", nargs="?", type=Path, help="一份档案 JSON 文件")
    args = parser.parse_args(argv)
    try:
        plan = _plan(args.plan)
    except PlanError as exc:
        print(f"zhicheng eligibility: {exc}", file=sys.stderr)
        return 2
    if args.batch is not None:
        if not args.batch.exists():
            print(f"zhicheng eligibility: 找不到 {args.batch}", file=sys.stderr)
            return 2
        sys.stdout.flush()
        batch(plan, args.batch, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return 0
    if args.profile is None:
        parser.print_usage(sys.stderr)
        print("zhicheng eligibility: 需要一份档案文件或 --batch", file=sys.stderr)
        return 2
    try:
        text = args.profile.read_bytes()
        result = verdict_json(plan, text)
    except OSError as exc:
        print(f"zhicheng eligibility: 无法读取 {args.profile}：{exc}", file=sys.stderr)
        return 2
    except ProfileError as exc:
        print(f"zhicheng eligibility: {args.profile}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0
