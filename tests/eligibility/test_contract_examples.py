"""Every example of the contract (shared/spec/examples) gives its expected verdict and route."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhicheng.eligibility import evaluate, parse_profile, shipped_plan

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples"
FILES = sorted(EXAMPLES.glob("*.json"))


def test_examples_are_present() -> None:
    assert len(FILES) >= 10, f"contract examples not found in {EXAMPLES}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_example(path: Path) -> None:
    example = json.loads(path.read_text(encoding="utf-8"))
    verdict = evaluate(shipped_plan(example["plan"]), parse_profile(example["profile"]))
    expect = example["expect"]
    explain = json.dumps(verdict.as_dict(), ensure_ascii=False, indent=1)
    assert verdict.verdict == expect["verdict"], explain
    if "route" in expect:
        assert verdict.route == expect["route"], explain
    for criterion in verdict.criteria:
        assert criterion.message and criterion.clause, criterion
