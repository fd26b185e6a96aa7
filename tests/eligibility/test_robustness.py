"""Any profile, however malformed, gets a verdict or a clear error, never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhicheng.eligibility import evaluate, shipped_plan
from zhicheng.eligibility.plan import shipped_keys
from zhicheng.eligibility.profile import ProfileError, loads_profile, parse_profile

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples"
SEEDS = [json.loads(p.read_text(encoding="utf-8"))["profile"]
         for p in sorted(EXAMPLES.glob("*.json"))]
PLANS = [shipped_plan(k) for k in shipped_keys()]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(max_size=12), st.sampled_from(
                        ["2020-02-30", "2022-12-31", "1900-01-01", "2099-12-31", "2021-13",
                         "2021-01", "bachelor", "part_time", "technical_summary", "x"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _run_all(profile: dict[str, Any]) -> None:
    try:
        checked = parse_profile(profile)
    except ProfileError as exc:
        assert str(exc)
        return
    for plan in PLANS:
        verdict = evaluate(plan, checked).as_dict()
        assert verdict["verdict"] in {"eligible", "ineligible", "needs_review"}
        json.dumps(verdict, ensure_ascii=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_examples_never_raise(data: st.DataObject) -> None:
    profile = copy.deepcopy(data.draw(st.sampled_from(SEEDS)))
    paths = _paths(profile)
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        try:
            _set(profile, path, data.draw(values))
        except (KeyError, IndexError, TypeError):
            pass
    _run_all(profile)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(
    ["schema", "as_of", "person", "employment", "residency", "education", "work_history",
     "interruptions", "titles", "skills", "honours", "continuing_education", "outputs",
     "achievements", "application", "prior_evaluations", "annual_appraisals"]),
    values, max_size=8))
def test_random_documents_never_raise(doc: dict[str, Any]) -> None:
    _run_all(doc)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(raw: bytes) -> None:
    try:
        loads_profile(raw)
    except ProfileError:
        pass
