"""The expert-assignment engine (zhicheng.assignment): pure, no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, deque
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhicheng import assignment
from zhicheng.assignment import (
    Application,
    AssignmentError,
    Expert,
    Problem,
    Proposal,
    adjust,
    assign,
    solve,
)


def apps_of(*specs: str) -> list[Application]:
    return [Application(f"a{i}", s) for i, s in enumerate(specs)]


def pool(n: int, specialty: str = "x", *, min_load: int = 0, max_load: int | None = None,
         prefix: str = "e") -> list[Expert]:
    return [Expert(f"{prefix}{j}", frozenset({specialty}), min_load, max_load) for j in range(n)]


def per_app(p: Proposal) -> Counter:
    return Counter(a for a, _ in p.pairs)


# ---------------------------------------------------------------- basic cases, by hand


def test_every_application_gets_k_distinct_experts_when_feasible() -> None:
    p = assign(apps_of(*"xxxxxxxxxx"), pool(6), 3)
    assert len(p.pairs) == 30
    assert set(per_app(p).values()) == {3}
    assert len(set(p.pairs)) == 30
    assert p.unassigned == [] and p.below_minimum == [] and p.complete
    assert p.stats["assigned"] == p.stats["required"] == 30


def test_identical_experts_are_balanced_within_one() -> None:
    p = assign(apps_of(*["x"] * 10), pool(7), 3)  # 30 reviews over 7: loads 4 or 5
    loads = list(p.loads.values())
    assert sum(loads) == 30
    assert max(loads) - min(loads) <= 1


@pytest.mark.parametrize(("n_apps", "n_exp", "k"), [(13, 5, 2), (40, 9, 5), (7, 7, 7), (1, 4, 1)])
def test_balance_holds_for_other_sizes(n_apps: int, n_exp: int, k: int) -> None:
    p = assign(apps_of(*["x"] * n_apps), pool(n_exp), k)
    loads = list(p.loads.values())
    assert sum(loads) == n_apps * k
    assert max(loads) - min(loads) <= 1


def test_balance_is_per_specialty_and_respects_max_load() -> None:
    experts = [*pool(2, "x", max_load=100), Expert("cap", frozenset({"x"}), 0, 1),
               *pool(3, "y", prefix="f")]
    p = assign(apps_of(*["x"] * 6, *["y"] * 3), experts, 2)
    assert p.loads["cap"] == 1
    assert p.loads["e0"] + p.loads["e1"] == 11 and abs(p.loads["e0"] - p.loads["e1"]) <= 1
    assert [p.loads[f"f{j}"] for j in range(3)] == [2, 2, 2]


def test_conflicts_are_never_assigned() -> None:
    forbidden = {("a0", "e0"), ("a0", "e1"), ("a1", "e2")}
    p = assign(apps_of("x", "x", "x"), pool(4), 2, forbidden=forbidden)
    assert not set(p.pairs) & forbidden
    assert set(per_app(p).values()) == {2}
    assert {e for a, e in p.pairs if a == "a0"} == {"e2", "e3"}


def test_specialty_is_required_by_default() -> None:
    experts = [*pool(2, "x"), *pool(2, "y", prefix="f")]
    p = assign(apps_of("x", "y"), experts, 2)
    assert sorted(p.pairs) == [("a0", "e0"), ("a0", "e1"), ("a1", "f0"), ("a1", "f1")]


def test_an_expert_recorded_for_the_discipline_group_matches_its_specialties() -> None:
    apps = [Application("a0", "软件", "计算机"), Application("a1", "硬件", "计算机")]
    experts = [Expert("g", frozenset({"计算机"})), Expert("s", frozenset({"软件"})),
               Expert("o", frozenset({"机械"}))]
    p = assign(apps, experts, 2)
    assert sorted(p.pairs) == [("a0", "g"), ("a0", "s"), ("a1", "g")]
    assert p.unassigned[0].application == "a1"
    assert p.unassigned[0].reason == "专业匹配且无回避关系的专家不足：需要2位，只有1位"


def test_preferred_match_uses_other_specialties_only_when_needed() -> None:
    experts = [*pool(3, "x", max_load=2), *pool(3, "y", prefix="f")]
    # 2 × 2 = 4 "x" reviews fit into the "x" experts; the 6 needed spill over to "y".
    p = assign(apps_of("x", "x", "x"), experts, 2, require_specialty=False)
    assert len(p.pairs) == 6 and p.unassigned == []
    assert sum(p.loads[f"e{j}"] for j in range(3)) == 6  # all "x" capacity used first
    assert p.stats["mismatched"] == 0
    p = assign(apps_of("x", "x", "x", "x"), experts, 2, require_specialty=False)
    assert p.stats["mismatched"] == 2
    assert p.parameters["cross_specialty"] == "all"
    assert assign(apps_of("x", "x", "x", "x"), experts, 2).stats["assigned"] == 6


def test_min_loads_are_met_when_feasible() -> None:
    experts = [Expert("low", frozenset({"x"}), 3, 5), *pool(3)]
    p = assign(apps_of("x", "x", "x", "x"), experts, 1)
    assert p.loads["low"] == 3  # balance alone would give it 1
    assert p.below_minimum == []


def test_min_loads_do_not_cost_coverage() -> None:
    # a1 can only go to "only_y"; the minimum of "hungry" must not take that slot away.
    experts = [Expert("hungry", frozenset({"x"}), 2, 5), Expert("only_y", frozenset({"y", "x"}))]
    p = assign([Application("a0", "x"), Application("a1", "y")], experts, 1)
    assert sorted(p.pairs) == [("a0", "hungry"), ("a1", "only_y")]
    [u] = p.below_minimum
    assert (u.expert, u.load, u.min_load) == ("hungry", 1, 2)
    assert u.reason == "专业匹配且无回避关系的申报不足：最低2件，只有1件"


def test_unmet_minimum_because_slots_are_taken_has_its_reason() -> None:
    experts = [Expert("m1", frozenset({"x"}), 2, 5), Expert("m2", frozenset({"x"}), 2, 5)]
    p = assign(apps_of("x", "x"), experts, 1)
    assert sorted(p.loads.values()) == [0, 2] or sorted(p.loads.values()) == [1, 1]
    assert len(p.below_minimum) >= 1
    assert all(u.reason.startswith("可评申报的评审名额已被占满") for u in p.below_minimum)


def test_infeasible_cases_report_unassigned_slots_with_a_reason() -> None:
    experts = [*pool(3, "x"), Expert("busy", frozenset({"y"}), 0, 1),
               Expert("busy2", frozenset({"y"}), 0, 1)]
    apps = apps_of("x", "z", "y", "y")
    p = assign(apps, experts, 5, forbidden={("a0", "e0")})
    by_app = {s.application: s for s in p.unassigned}
    assert by_app["a0"].reason == "专业匹配且无回避关系的专家不足：需要5位，只有2位"
    assert (by_app["a0"].needed, by_app["a0"].assigned) == (5, 2)
    assert by_app["a1"].reason == "专业匹配且无回避关系的专家不足：需要5位，只有0位"
    assert by_app["a1"].assigned == 0
    # Two "y" experts of load 1 for two "y" applications: two reviews in all.
    assert by_app["a2"].assigned + by_app["a3"].assigned == 2
    p = assign(apps_of("y", "y"), experts, 2)
    assert len(p.pairs) == 2  # which application bears the shortfall is not prioritised
    assert [s.reason for s in p.unassigned] == [
        f"符合条件的专家工作量已满：需要2位，只分到{s.assigned}位" for s in p.unassigned]
    assert sum(2 - s.assigned for s in p.unassigned) == 2
    assert not p.complete


def test_fixed_pairs_are_kept_and_count_toward_k_and_load() -> None:
    experts = [*pool(3), Expert("outsider", frozenset({"y"}), 0, 1)]
    fixed = {("a0", "outsider"), ("a1", "e0")}
    p = assign(apps_of("x", "x", "x"), experts, 2, fixed=fixed)
    assert fixed <= set(p.pairs)
    assert set(per_app(p).values()) == {2}
    assert p.loads["outsider"] == 1  # an office decision overrides the specialty
    assert p.stats["mismatched"] == 1 and p.stats["fixed"] == 2
    # Fixed pairs fill an expert's load.
    experts = [Expert("one", frozenset({"x"}), 0, 1), *pool(2)]
    p = assign(apps_of("x", "x"), experts, 1, fixed={("a0", "one")})
    assert p.loads["one"] == 1 and ("a1", "one") not in p.pairs


def test_excluded_pairs_are_never_used() -> None:
    excluded = {("a0", "e0"), ("a1", "e0")}
    p = assign(apps_of("x", "x"), pool(3), 2, excluded=excluded)
    assert not set(p.pairs) & excluded
    assert p.loads["e0"] == 0 and len(p.pairs) == 4


def test_zero_max_load_and_unknown_ids_in_conflicts() -> None:
    experts = [Expert("off", frozenset({"x"}), 0, 0), *pool(1)]
    p = assign(apps_of("x"), experts, 2, forbidden={("nobody", "e0"), ("a0", "ghost")})
    assert p.pairs == [("a0", "e0")]
    assert p.unassigned[0].reason == "专业匹配且无回避关系的专家不足：需要2位，只有1位"


def test_empty_inputs() -> None:
    assert assign([], [], 3).pairs == []
    p = assign(apps_of("x"), [], 3)
    assert p.pairs == [] and p.unassigned[0].assigned == 0
    p = assign([], pool(2, min_load=1), 3)
    assert p.pairs == [] and len(p.below_minimum) == 2


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"fixed": {("a0", "e0")}, "forbidden": {("a0", "e0")}}, "存在回避关系"),
    ({"fixed": {("a0", "e0")}, "excluded": {("a0", "e0")}}, "既被固定又被排除"),
    ({"fixed": {("zz", "e0")}}, "不存在的申报"),
    ({"fixed": {("a0", "zz")}}, "不存在的专家"),
    ({"fixed": {("a0", "e0"), ("a0", "e1"), ("a0", "e2")}}, "超过每件所需的2位"),
    ({"fixed": {("a0", "e0"), ("a1", "e0")}}, "超过其最高工作量1件"),
])
def test_contradictory_input_raises(kwargs: dict, message: str) -> None:
    experts = [Expert("e0", frozenset({"x"}), 0, 1), *pool(3, prefix="f"),
               Expert("e1", frozenset({"x"})), Expert("e2", frozenset({"x"}))]
    with pytest.raises(AssignmentError, match=message) as caught:
        assign(apps_of("x", "x"), experts, 2, **kwargs)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("apps", "experts", "k", "message"), [
    (apps_of("x", "x"), pool(2), 0, "正整数"),
    (apps_of("x"), pool(2), True, "正整数"),
    ([Application("a", "x"), Application("a", "y")], pool(2), 1, "申报编号重复：a"),
    (apps_of("x"), [*pool(1), *pool(1)], 1, "专家编号重复：e0"),
    (apps_of("x"), [Expert("e", frozenset({"x"}), 3, 2)], 1,
     "最低工作量（3件）大于最高工作量（2件）"),
    (apps_of("x"), [Expert("e", frozenset({"x"}), -1, 2)], 1, "最低工作量必须是非负整数"),
    (apps_of("x"), [Expert("e", frozenset({"x"}), 0, -2)], 1, "最高工作量必须是非负整数"),
])
def test_invalid_input_raises(apps, experts, k, message) -> None:
    with pytest.raises(AssignmentError, match=message):
        assign(apps, experts, k)


def test_specialties_must_be_a_set_not_a_string() -> None:
    with pytest.raises(AssignmentError, match="集合"):
        Expert("e", "xy")
    assert Expert("e", ["x", "y"]).specialties == frozenset({"x", "y"})


# ---------------------------------------------------------------- determinism and JSON


def round_problem() -> Problem:
    apps = [Application(f"申报{i}", "xyz"[i % 3]) for i in range(30)]
    experts = [Expert(f"专家{j}", frozenset({"xyz"[j % 3], "xyz"[(j * 2) % 3]}), j % 2, 8)
               for j in range(12)]
    forbidden = {(f"申报{i}", f"专家{(i * 7) % 12}") for i in range(30)}
    return Problem(tuple(apps), tuple(experts), 3, frozenset(forbidden),
                   fixed=frozenset({("申报1", "专家1")}), excluded=frozenset({("申报2", "专家5")}))


def test_same_input_same_output() -> None:
    first, second = solve(round_problem()), solve(round_problem())
    assert first.pairs == second.pairs and first.loads == second.loads
    assert first.total_cost == second.total_cost
    # Sets built in another order give the same answer.
    pr = round_problem()
    again = Problem(pr.applications, pr.experts, 3, frozenset(sorted(pr.forbidden, reverse=True)),
                    pr.fixed, pr.excluded)
    assert solve(again).pairs == first.pairs


def test_same_output_under_other_string_hash_seeds() -> None:
    """Set iteration order of str ids changes with PYTHONHASHSEED; the result must not."""
    code = ("import json, tests.test_assignment as t; from zhicheng.assignment import solve; "
            "print(json.dumps(solve(t.round_problem()).pairs, ensure_ascii=False))")
    root = Path(__file__).resolve().parents[1]
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed,
               "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, cwd=root, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop()) == [list(p) for p in solve(round_problem()).pairs]


def test_problem_and_proposal_round_trip_through_json() -> None:
    problem = round_problem()
    stored = json.loads(json.dumps(problem.to_dict(), ensure_ascii=False))
    assert stored["schema"] == "zhicheng.assignment.problem/1"
    assert Problem.from_dict(stored) == problem
    proposal = solve(problem)
    out = json.loads(json.dumps(proposal.to_dict(), ensure_ascii=False))
    assert out["pairs"] == [list(p) for p in proposal.pairs]
    assert out["parameters"]["reviews_per_application"] == 3
    assert out["parameters"]["require_specialty"] is True
    assert {d["expert"]: d["load"] for d in out["loads"]} == proposal.loads
    assert solve(Problem.from_dict(stored)).pairs == proposal.pairs
    with pytest.raises(AssignmentError, match="格式"):
        Problem.from_dict({**stored, "schema": "other/9"})


# ---------------------------------------------------------------- adjusting a proposal


def test_adjust_removal_refills_only_that_slot() -> None:
    problem = round_problem()
    before = solve(problem)
    gone = before.pairs[5]
    after = solve(adjust(problem, before, remove=[gone]))
    assert gone not in after.pairs
    assert set(before.pairs) - {gone} <= set(after.pairs)
    assert len(after.pairs) == len(before.pairs)
    assert per_app(after)[gone[0]] == 3


def test_adjust_addition_is_kept_and_the_application_stays_at_k() -> None:
    problem = round_problem()
    before = solve(problem)
    app = "申报0"
    mine = {e for a, e in before.pairs if a == app}
    new = next(e.id for e in problem.experts
               if e.id not in mine and (app, e.id) not in problem.forbidden)
    after = solve(adjust(problem, before, add=[(app, new)]))
    assert (app, new) in after.pairs and per_app(after)[app] == 3
    assert {p for p in before.pairs if p[0] != app} <= set(after.pairs)
    # Without a proposal: the additions are fixed and the rest is solved afresh.
    redone = adjust(problem, add=[(app, new)], remove=[("申报1", "专家1")])
    assert (app, new) in redone.fixed and ("申报1", "专家1") not in redone.fixed
    assert ("申报1", "专家1") in redone.excluded
    assert (app, new) in solve(redone).pairs


# ---------------------------------------------------------------- properties


def max_flow(problem: Problem, only_minimum: bool = False) -> int:
    """Independent check of coverage: Edmonds–Karp on the allowed, non-fixed pairs.

    With ``only_minimum`` each expert takes only what is missing to its minimum load.
    """
    k = problem.reviews_per_application
    fixed_a = Counter(a for a, _ in problem.fixed)
    fixed_e = Counter(e for _, e in problem.fixed)
    cap: dict[tuple, int] = {}
    adj: dict = {}

    def edge(u, v, c):
        cap[(u, v)] = cap.get((u, v), 0) + c
        cap.setdefault((v, u), 0)
        adj.setdefault(u, set()).add(v)
        adj.setdefault(v, set()).add(u)

    for a in problem.applications:
        edge("S", ("a", a.id), k - fixed_a[a.id])
        for e in problem.experts:
            pair = (a.id, e.id)
            if pair in problem.forbidden or pair in problem.excluded or pair in problem.fixed:
                continue
            if problem.require_specialty and a.specialty not in e.specialties \
                    and a.group not in e.specialties:
                continue
            edge(("a", a.id), ("e", e.id), 1)
    for e in problem.experts:
        room = (10**6 if e.max_load is None else e.max_load) - fixed_e[e.id]
        if only_minimum:
            room = max(0, e.min_load - fixed_e[e.id])
        edge(("e", e.id), "T", room)
    total = 0
    while True:
        prev = {"S": None}
        queue = deque(["S"])
        while queue and "T" not in prev:
            u = queue.popleft()
            for v in adj.get(u, ()):
                if v not in prev and cap[(u, v)] > 0:
                    prev[v] = u
                    queue.append(v)
        if "T" not in prev:
            return total
        v, push = "T", 10**9
        while prev[v] is not None:
            push = min(push, cap[(prev[v], v)])
            v = prev[v]
        v = "T"
        while prev[v] is not None:
            cap[(prev[v], v)] -= push
            cap[(v, prev[v])] += push
            v = prev[v]
        total += push


@st.composite
def problems(draw) -> Problem:
    specs = ["x", "y", "z"]
    n_apps = draw(st.integers(0, 7))
    n_exp = draw(st.integers(0, 6))
    k = draw(st.integers(1, 4))
    apps = [Application(f"a{i}", draw(st.sampled_from(specs)),
                        draw(st.sampled_from([None, "G"]))) for i in range(n_apps)]
    experts = []
    for j in range(n_exp):
        mine = draw(st.frozensets(st.sampled_from([*specs, "G"]), max_size=2))
        hi = draw(st.one_of(st.none(), st.integers(0, 6)))
        lo = draw(st.integers(0, 3 if hi is None else min(hi, 3)))
        experts.append(Expert(f"e{j}", mine, lo, hi))
    all_pairs = [(a.id, e.id) for a in apps for e in experts]
    forbidden = set(draw(st.lists(st.sampled_from(all_pairs), max_size=8))) if all_pairs else set()
    wanted = draw(st.lists(st.sampled_from(all_pairs), max_size=6)) if all_pairs else []
    fixed: set = set()
    for a, e in wanted:  # keep only a consistent set of fixed pairs
        if (a, e) in forbidden:
            continue
        cap = next(x.max_load for x in experts if x.id == e)
        if sum(1 for p in fixed if p[0] == a) < k and (
                cap is None or sum(1 for p in fixed if p[1] == e) < cap):
            fixed.add((a, e))
    excluded = set(draw(st.lists(st.sampled_from(all_pairs), max_size=5))) - fixed \
        if all_pairs else set()
    return Problem(tuple(apps), tuple(experts), k, frozenset(forbidden), frozenset(fixed),
                   frozenset(excluded), require_specialty=draw(st.booleans()))


def check_invariants(problem: Problem, p: Proposal) -> None:
    k = problem.reviews_per_application
    apps = {a.id: a for a in problem.applications}
    experts = {e.id: e for e in problem.experts}
    pairs = set(p.pairs)
    assert len(pairs) == len(p.pairs), "duplicate pair"
    assert not pairs & problem.forbidden, "conflict assigned"
    assert not pairs & problem.excluded, "excluded pair assigned"
    assert problem.fixed <= pairs, "fixed pair dropped"
    counts = Counter(a for a, _ in p.pairs)
    assert all(counts[a] <= k for a in apps)
    loads = Counter(e for _, e in p.pairs)
    assert p.loads == {e: loads[e] for e in experts}
    for e, n in loads.items():
        assert experts[e].max_load is None or n <= experts[e].max_load
    if problem.require_specialty:
        for a, e in pairs - problem.fixed:
            assert apps[a].specialty in experts[e].specialties \
                or apps[a].group in experts[e].specialties
    short = {s.application: s for s in p.unassigned}
    for a in apps:
        if counts[a] < k:
            assert short[a].assigned == counts[a] and short[a].needed == k
            assert "需要" in short[a].reason
        else:
            assert a not in short
    below = {u.expert for u in p.below_minimum}
    assert below == {e for e, x in experts.items() if loads[e] < x.min_load}
    assert p.stats["assigned"] == len(p.pairs)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_random_instances_keep_every_rule_and_cover_as_much_as_possible(problem) -> None:
    p = solve(problem)
    check_invariants(problem, p)
    assert len(p.pairs) - len(problem.fixed) == max_flow(problem)
    # Minimum loads come next: augmenting paths to the sink never lower an expert's load,
    # so the best coverage and the most minimum-load units filled are reached together.
    fixed_e = Counter(e for _, e in problem.fixed)
    filled = sum(min(p.loads[e.id], e.min_load) for e in problem.experts)
    best = sum(min(fixed_e[e.id], e.min_load) for e in problem.experts)
    assert filled == best + max_flow(problem, only_minimum=True)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_random_instances_with_sampled_cross_candidates(problem) -> None:
    """Preferred match above the full-graph limit: rotation over the pool, same rules."""
    problem = Problem(problem.applications, problem.experts, problem.reviews_per_application,
                      problem.forbidden, problem.fixed, problem.excluded,
                      require_specialty=False, cross_candidates=2)
    old = assignment.FULL_GRAPH_PAIRS
    assignment.FULL_GRAPH_PAIRS = 0
    try:
        p = solve(problem)
    finally:
        assignment.FULL_GRAPH_PAIRS = old
    check_invariants(problem, p)
    if problem.applications and problem.experts:
        assert p.parameters["cross_specialty"] == "rotation"
