"""Expert assignment at round scale: 20,000 applications, 2,000 experts, 5 reviews each.

    .venv/bin/python bench/assignment.py [--apps N] [--experts N] [--reviews K]
                                         [--specialties N] [--seed N] [--capacity X]
                                         [--preferred]

Generates a random round (experts with 1–3 specialties, total capacity about 1.3× the demand
by default, some experts with a small minimum load, conflicts on about 1% of the matching
pairs, a few pairs fixed and a few excluded by the office), solves it with
zhicheng.assignment, checks the result independently (no conflict, no duplicate, ≤ k per
application, ≤ max load per expert, fixed pairs kept, excluded pairs absent, specialty
respected when required, loads and reported shortfalls consistent) and prints: graph build,
solve and total seconds, arcs, assigned/required reviews, loads and peak memory. A baseline
of one tenth the applications and experts is run first in the same process, and the last
line gives the ratios.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from zhicheng.assignment import Application, Expert, Problem, Proposal, solve


def make_problem(apps: int, experts: int, reviews: int, specialties: int, seed: int,
                 require: bool, capacity: float = 1.3) -> Problem:
    rng = np.random.default_rng(seed)
    names = [f"S{i:02d}" for i in range(specialties)]
    app_spec = rng.integers(0, specialties, size=apps)
    applications = tuple(Application(f"A{i:06d}", names[s], f"G{s // 6}")
                         for i, s in enumerate(app_spec.tolist()))
    demand = apps * reviews
    base = capacity * demand / experts
    caps = np.maximum(1, np.rint(base * rng.uniform(0.7, 1.3, size=experts))).astype(int)
    by_spec: list[list[int]] = [[] for _ in names]
    pool = []
    for j in range(experts):
        mine = rng.choice(specialties, size=int(rng.integers(1, 4)), replace=False).tolist()
        for s in mine:
            by_spec[s].append(j)
        min_load = int(min(3, caps[j])) if rng.random() < 0.3 else 0
        pool.append(Expert(f"E{j:05d}", frozenset(names[s] for s in mine), min_load,
                           int(caps[j])))
    forbidden, fixed, excluded = set(), set(), set()
    for i, s in enumerate(app_spec.tolist()):
        cands = by_spec[s]
        if not cands:
            continue
        hits = rng.random(len(cands)) < 0.01  # ~1% of the matching pairs are conflicts
        forbidden.update((applications[i].id, pool[cands[j]].id) for j in np.flatnonzero(hits))
        if rng.random() < 0.01:  # the office fixed one expert on ~1% of the applications
            pick = (applications[i].id, pool[cands[int(rng.integers(len(cands)))]].id)
            if pick not in forbidden:
                fixed.add(pick)
        if rng.random() < 0.01:  # and took one out on another ~1%
            pick = (applications[i].id, pool[cands[int(rng.integers(len(cands)))]].id)
            if pick not in forbidden and pick not in fixed:
                excluded.add(pick)
    # A fixed pair counts toward the expert's load: keep within max_load.
    per_expert: dict[str, int] = {}
    for _, e in sorted(fixed):
        per_expert[e] = per_expert.get(e, 0) + 1
    cap_of = {e.id: e.max_load for e in pool}
    fixed = {p for p in fixed if per_expert[p[1]] <= cap_of[p[1]]}
    return Problem(applications, tuple(pool), reviews, frozenset(forbidden), frozenset(fixed),
                   frozenset(excluded), require_specialty=require)


def verify(problem: Problem, proposal: Proposal) -> None:
    k = problem.reviews_per_application
    apps = {a.id: a for a in problem.applications}
    experts = {e.id: e for e in problem.experts}
    pairs = proposal.pairs
    assert len(set(pairs)) == len(pairs), "duplicate pair"
    assert not set(pairs) & problem.forbidden, "conflict assigned"
    assert not set(pairs) & problem.excluded, "excluded pair assigned"
    assert problem.fixed <= set(pairs), "fixed pair lost"
    per_app: dict[str, int] = {}
    per_exp: dict[str, int] = dict.fromkeys(experts, 0)
    for a, e in pairs:
        per_app[a] = per_app.get(a, 0) + 1
        per_exp[e] += 1
        if problem.require_specialty and (a, e) not in problem.fixed:
            assert apps[a].specialty in experts[e].specialties \
                or apps[a].group in experts[e].specialties, ("specialty", a, e)
    assert all(n <= k for n in per_app.values()), "application over k"
    assert all(n <= experts[e].max_load for e, n in per_exp.items()), "expert over max_load"
    assert per_exp == proposal.loads, "loads inconsistent"
    short = {s.application: s.assigned for s in proposal.unassigned}
    assert all(per_app.get(a, 0) == short.get(a, k) for a in apps), "shortfall inconsistent"
    under = {u.expert for u in proposal.below_minimum}
    assert under == {e for e, n in per_exp.items() if n < experts[e].min_load}, "minimum"


def run(label: str, apps: int, experts: int, args: argparse.Namespace) -> dict[str, float]:
    t0 = time.perf_counter()
    problem = make_problem(apps, experts, args.reviews, args.specialties, args.seed,
                           not args.preferred, args.capacity)
    generate = time.perf_counter() - t0
    t0 = time.perf_counter()
    proposal = solve(problem)
    total = time.perf_counter() - t0
    verify(problem, proposal)
    st = proposal.stats
    loads = np.array(list(proposal.loads.values()))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {apps:,} applications × {experts:,} experts × {args.reviews} reviews, "
          f"{args.specialties} specialties ({'preferred' if args.preferred else 'required'} "
          f"match); generated in {generate:.2f} s")
    print(f"  arcs {st['arcs']:,} ({st['candidate_arcs']:,} application→expert, "
          f"{st['cross_arcs']:,} cross-specialty), nodes {st['nodes']:,}; "
          f"{len(problem.forbidden):,} conflicts, {len(problem.fixed):,} fixed, "
          f"{len(problem.excluded):,} excluded")
    print(f"  build {proposal.build_seconds:.2f} s, solve {proposal.solve_seconds:.2f} s, "
          f"total {total:.2f} s (verified)")
    print(f"  assigned {st['assigned']:,} / {st['required']:,} reviews "
          f"({len(proposal.unassigned):,} applications short, "
          f"{len(proposal.below_minimum):,} experts below minimum, "
          f"{st['mismatched']:,} mismatched); load max {loads.max()} min {loads.min()} "
          f"mean {loads.mean():.1f}; peak memory {peak_mb:,.0f} MB")
    return {"total": total, "solve": proposal.solve_seconds, "arcs": st["arcs"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=20_000)
    parser.add_argument("--experts", type=int, default=2_000)
    parser.add_argument("--reviews", type=int, default=5)
    parser.add_argument("--specialties", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--capacity", type=float, default=1.3,
                        help="total expert capacity as a multiple of the demand")
    parser.add_argument("--preferred", action="store_true",
                        help="specialty match only preferred (cross-specialty arcs)")
    args = parser.parse_args()
    small = run("baseline", max(1, args.apps // 10), max(1, args.experts // 10), args)
    full = run("full", args.apps, args.experts, args)
    print(f"full / baseline: total {full['total'] / small['total']:.1f}×, "
          f"solve {full['solve'] / max(small['solve'], 1e-9):.1f}×, "
          f"arcs {full['arcs'] / small['arcs']:.1f}×")


if __name__ == "__main__":
    main()
