"""Expert assignment (评审专家分配) as a min-cost flow, without Django.

The committee office gives the applications of a round, the expert pool, the number of
reviews each application needs (k), the conflicts of interest (回避关系), the pairs it has
already decided (``fixed``) and the pairs it removed by hand (``excluded``). :func:`solve`
returns a :class:`Proposal`; nothing is stored here. ``Problem.to_dict()`` and
``Proposal.to_dict()`` give plain JSON-ready dicts so the caller can keep input, parameters and
result together; ``Problem.from_dict()`` reads the first back.

The network (OR-Tools ``SimpleMinCostFlow``)::

    source --(k - fixed, 0)--> application --(1, 0 or mismatch penalty)--> expert
    expert --(1, cost of the j-th review)--> sink      one unit arc per possible review

* Application→expert arcs exist only where the pair is allowed: never for a conflict, an
  excluded pair, a fixed pair (it is counted before solving) or, when ``require_specialty``
  is set (the default), an expert without the application's specialty. Capacity 1, so an
  expert can review an application once.
* An expert matches an application when the expert's specialties contain the application's
  specialty, or its discipline group (``Application.group``): an expert recorded for a whole
  group reviews every specialty in it. Applications are bucketed by (specialty, group) and
  arcs are made per bucket with numpy, so the graph has about Σ(bucket size × matching
  experts) arcs instead of applications × experts.
* The j-th review of an expert costs ``j`` (HotCRP-style rising cost: the total Σj is
  convex, so the optimum spreads the load; identical experts end up within one review of each
  other). Fixed pairs take the first units. The first ``min_load`` units are cheaper by a
  bonus ``W`` large enough that minimum loads win over every other cost.
* ``solve_max_flow_with_min_cost`` first maximises the number of reviews assigned, then
  minimises the cost. The weights are chosen so that the priorities are strict (lexicographic):
  (1) as many reviews as possible, (2) minimum loads met, (3) fewest specialty mismatches (only
  when a match is merely preferred), (4) balanced loads. An optimal flow differs from any other
  flow of the same value by simple cycles; such a cycle passes the sink once, so it changes
  at most two expert→sink arcs (balance change < L, the largest load considered, and at most
  one minimum-load unit) and at most 2 × experts application→expert arcs. Hence the mismatch
  penalty ``P = L + 1`` outweighs balance and ``W = 2 × experts × P + L + 1`` outweighs both.
* Applications that get fewer than k reviews and experts left below their minimum are
  reported with a reason in Chinese, never dropped silently. When reviews are short, which
  applications bear the shortfall is not prioritised (any maximum assignment may be returned;
  the same input always gives the same one).

When a specialty match is only preferred (``require_specialty=False``) every non-matching
pair is a candidate with penalty ``P`` if applications × experts ≤ ``FULL_GRAPH_PAIRS``
(exact). Above that, each application gets its matching experts plus ``cross_candidates``
non-matching ones, taken in turn from a fixed pseudo-random order of the pool (application i
takes positions i·c … i·c+c−1 of it), so cross-specialty work is spread over the whole pool
and the graph stays linear in the number of applications. The mode used is recorded in
``Proposal.parameters``.

Changes after a proposal: :func:`adjust` returns a new :class:`Problem` with the office's
additions fixed and removals excluded (and, if a proposal is given, the rest of that proposal
fixed, so only the affected applications are re-solved); the caller runs :func:`solve` again.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow

__all__ = [
    "FULL_GRAPH_PAIRS",
    "Application",
    "AssignmentError",
    "Expert",
    "Problem",
    "Proposal",
    "Shortfall",
    "Underload",
    "adjust",
    "assign",
    "solve",
]

ENGINE = "zhicheng.assignment/1"
PROBLEM_SCHEMA = "zhicheng.assignment.problem/1"
PROPOSAL_SCHEMA = "zhicheng.assignment.proposal/1"
# Preferred-match mode uses every pair as a candidate up to this many pairs (exact).
FULL_GRAPH_PAIRS = 2_000_000
CROSS_ORDER_SEED = 20_260_101  # the fixed pseudo-random order of cross-specialty candidates

Id = Hashable  # int or str in practice (JSON)
Pair = tuple[Any, Any]


class AssignmentError(ValueError):
    """The input cannot be solved as given (the message is Chinese, for the office)."""


@dataclass(frozen=True)
class Application:
    id: Any
    specialty: str
    group: str | None = None  # discipline group (学科组); experts may be recorded for it


@dataclass(frozen=True)
class Expert:
    id: Any
    specialties: frozenset[str]
    min_load: int = 0
    max_load: int | None = None  # None: no cap besides the applications the expert can review

    def __post_init__(self) -> None:
        if not isinstance(self.specialties, frozenset):
            if isinstance(self.specialties, str):
                raise AssignmentError(f"专家 {self.id} 的专业应为集合，而不是单个字符串")
            object.__setattr__(self, "specialties", frozenset(self.specialties))


def _pairs(value: Iterable[Pair]) -> frozenset[Pair]:
    if isinstance(value, frozenset):
        return value
    out = set()
    for pair in value:
        a, e = pair
        out.add((a, e))
    return frozenset(out)


def _id_key(value: Any) -> tuple:
    """A total order over ids of mixed types, for stable JSON output."""
    if isinstance(value, bool | int | float):
        return (0, value, "")
    return (1, 0, str(value))


def _pair_key(pair: Pair) -> tuple:
    return (_id_key(pair[0]), _id_key(pair[1]))


@dataclass(frozen=True)
class Problem:
    """Everything the engine reads; ``to_dict()`` stores it, ``from_dict()`` reads it back."""

    applications: tuple[Application, ...]
    experts: tuple[Expert, ...]
    reviews_per_application: int = 5
    forbidden: frozenset[Pair] = frozenset()  # conflicts of interest: (application, expert)
    fixed: frozenset[Pair] = frozenset()  # decided by the office: always kept
    excluded: frozenset[Pair] = frozenset()  # removed by the office: never used
    require_specialty: bool = True
    cross_candidates: int = 30  # preferred-match mode above FULL_GRAPH_PAIRS, per application

    def __post_init__(self) -> None:
        object.__setattr__(self, "applications", tuple(self.applications))
        object.__setattr__(self, "experts", tuple(self.experts))
        for name in ("forbidden", "fixed", "excluded"):
            object.__setattr__(self, name, _pairs(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": PROBLEM_SCHEMA,
            "reviews_per_application": self.reviews_per_application,
            "require_specialty": self.require_specialty,
            "cross_candidates": self.cross_candidates,
            "applications": [{"id": a.id, "specialty": a.specialty, "group": a.group}
                             for a in self.applications],
            "experts": [{"id": e.id, "specialties": sorted(e.specialties),
                         "min_load": e.min_load, "max_load": e.max_load}
                        for e in self.experts],
            "forbidden": [list(p) for p in sorted(self.forbidden, key=_pair_key)],
            "fixed": [list(p) for p in sorted(self.fixed, key=_pair_key)],
            "excluded": [list(p) for p in sorted(self.excluded, key=_pair_key)],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        if data.get("schema", PROBLEM_SCHEMA) != PROBLEM_SCHEMA:
            raise AssignmentError(f"不支持的分配输入格式：{data.get('schema')}")
        return cls(
            applications=tuple(Application(a["id"], a["specialty"], a.get("group"))
                               for a in data["applications"]),
            experts=tuple(Expert(e["id"], frozenset(e["specialties"]), e.get("min_load", 0),
                                 e.get("max_load")) for e in data["experts"]),
            reviews_per_application=data.get("reviews_per_application", 5),
            forbidden=frozenset(tuple(p) for p in data.get("forbidden", ())),
            fixed=frozenset(tuple(p) for p in data.get("fixed", ())),
            excluded=frozenset(tuple(p) for p in data.get("excluded", ())),
            require_specialty=data.get("require_specialty", True),
            cross_candidates=data.get("cross_candidates", 30),
        )


@dataclass(frozen=True)
class Shortfall:
    """An application that got fewer reviews than needed."""

    application: Any
    needed: int
    assigned: int
    reason: str


@dataclass(frozen=True)
class Underload:
    """An expert left below the minimum load."""

    expert: Any
    load: int
    min_load: int
    reason: str


@dataclass
class Proposal:
    pairs: list[Pair]  # (application, expert), fixed pairs included, in input order
    loads: dict[Any, int]  # every expert, in input order; fixed pairs included
    unassigned: list[Shortfall]
    below_minimum: list[Underload]
    total_cost: int  # the solver's objective (minimum-load bonuses are negative)
    solve_seconds: float
    build_seconds: float
    parameters: dict[str, Any]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.unassigned and not self.below_minimum

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": PROPOSAL_SCHEMA,
            "parameters": dict(self.parameters),
            "pairs": [list(p) for p in self.pairs],
            "loads": [{"expert": e, "load": n} for e, n in self.loads.items()],
            "unassigned": [{"application": s.application, "needed": s.needed,
                            "assigned": s.assigned, "reason": s.reason}
                           for s in self.unassigned],
            "below_minimum": [{"expert": u.expert, "load": u.load, "min_load": u.min_load,
                               "reason": u.reason} for u in self.below_minimum],
            "total_cost": self.total_cost,
            "build_seconds": round(self.build_seconds, 6),
            "solve_seconds": round(self.solve_seconds, 6),
            "stats": dict(self.stats),
        }


def _index(items: Iterable[Any], what: str) -> dict[Any, int]:
    out: dict[Any, int] = {}
    for item in items:
        if item.id in out:
            raise AssignmentError(f"{what}编号重复：{item.id}")
        out[item.id] = len(out)
    return out


def _validate(problem: Problem, apps: dict[Any, int], exps: dict[Any, int]) -> None:
    k = problem.reviews_per_application
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise AssignmentError(f"每件申报的评审专家数必须是正整数，而不是 {k!r}")
    c = problem.cross_candidates
    if isinstance(c, bool) or not isinstance(c, int) or c < 0:
        raise AssignmentError(f"跨专业候选专家数必须是非负整数，而不是 {c!r}")
    for e in problem.experts:
        if isinstance(e.min_load, bool) or not isinstance(e.min_load, int) or e.min_load < 0:
            raise AssignmentError(f"专家 {e.id} 的最低工作量必须是非负整数")
        if e.max_load is not None:
            if isinstance(e.max_load, bool) or not isinstance(e.max_load, int) or e.max_load < 0:
                raise AssignmentError(f"专家 {e.id} 的最高工作量必须是非负整数")
            if e.min_load > e.max_load:
                raise AssignmentError(
                    f"专家 {e.id} 的最低工作量（{e.min_load}件）大于最高工作量（{e.max_load}件）")
    for a, e in sorted(problem.fixed, key=_pair_key):
        if a not in apps:
            raise AssignmentError(f"固定的分配引用了不存在的申报：{a}")
        if e not in exps:
            raise AssignmentError(f"固定的分配引用了不存在的专家：{e}")
        if (a, e) in problem.forbidden:
            raise AssignmentError(f"固定的分配（申报 {a}，专家 {e}）存在回避关系，不能保留")
        if (a, e) in problem.excluded:
            raise AssignmentError(f"分配（申报 {a}，专家 {e}）既被固定又被排除")


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (numpy's hash-based ``unique`` is slow on millions of int64)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _member(values: np.ndarray, sorted_ref: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_ref)`` by binary search in a sorted unique array."""
    if not len(sorted_ref):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_ref, values), len(sorted_ref) - 1)
    return sorted_ref[at] == values


def _codes(pairs: Iterable[Pair], apps: dict[Any, int], exps: dict[Any, int],
           n_exp: int) -> np.ndarray:
    """Pairs as sorted unique int64 codes ``app * n_exp + expert``; unknown ids are skipped."""
    out = [apps[a] * n_exp + exps[e] for a, e in pairs if a in apps and e in exps]
    return _unique(np.array(out, dtype=np.int64))


def _cross_order(n_exp: int) -> np.ndarray:
    return np.random.default_rng(CROSS_ORDER_SEED).permutation(n_exp).astype(np.int64)


def solve(problem: Problem) -> Proposal:
    """Assign experts to applications; raises :class:`AssignmentError` for impossible input."""
    t0 = time.perf_counter()
    apps = _index(problem.applications, "申报")
    exps = _index(problem.experts, "专家")
    _validate(problem, apps, exps)
    k = problem.reviews_per_application
    n_app, n_exp = len(apps), len(exps)
    app_ids = [a.id for a in problem.applications]
    exp_ids = [e.id for e in problem.experts]

    # Fixed pairs: counted first, no arc for them.
    fixed_idx = sorted((apps[a], exps[e]) for a, e in problem.fixed)
    fixed_app = np.zeros(n_app, dtype=np.int64)
    fixed_exp = np.zeros(n_exp, dtype=np.int64)
    for ai, ei in fixed_idx:
        fixed_app[ai] += 1
        fixed_exp[ei] += 1
    for ai in np.flatnonzero(fixed_app > k):
        raise AssignmentError(f"申报 {app_ids[ai]} 固定了{fixed_app[ai]}位专家，"
                              f"超过每件所需的{k}位")
    max_load = np.array([np.iinfo(np.int64).max if e.max_load is None else e.max_load
                         for e in problem.experts], dtype=np.int64)
    min_load = np.array([e.min_load for e in problem.experts], dtype=np.int64)
    for ei in np.flatnonzero(fixed_exp > max_load):
        raise AssignmentError(f"专家 {exp_ids[ei]} 固定了{fixed_exp[ei]}件申报，"
                              f"超过其最高工作量{max_load[ei]}件")
    available = max_load > 0  # an expert with max_load 0 takes nothing new

    banned = _unique(np.concatenate([_codes(problem.forbidden, apps, exps, n_exp),
                                     _codes(problem.excluded, apps, exps, n_exp)]))
    fixed_codes = np.array([ai * n_exp + ei for ai, ei in fixed_idx], dtype=np.int64)
    no_arc = _unique(np.concatenate([banned, fixed_codes]))

    # Matching arcs, bucketed by (specialty, group).
    by_key: dict[str, list[int]] = {}
    for ei, e in enumerate(problem.experts):
        if available[ei]:
            for s in e.specialties:
                by_key.setdefault(s, []).append(ei)
    buckets: dict[tuple[str, str | None], list[int]] = {}
    for ai, a in enumerate(problem.applications):
        buckets.setdefault((a.specialty, a.group), []).append(ai)
    tails_parts, heads_parts = [], []
    for (specialty, group), members in buckets.items():
        cands = by_key.get(specialty, [])
        if group is not None and group in by_key:
            cands = cands + by_key[group]
        if not cands:
            continue
        experts_arr = _unique(np.array(cands, dtype=np.int64))
        members_arr = np.array(members, dtype=np.int64)
        tails_parts.append(np.repeat(members_arr, len(experts_arr)))
        heads_parts.append(np.tile(experts_arr, len(members_arr)))
    empty = np.zeros(0, dtype=np.int64)
    m_app = np.concatenate(tails_parts) if tails_parts else empty
    m_exp = np.concatenate(heads_parts) if heads_parts else empty
    m_code = m_app * n_exp + m_exp
    keep = ~_member(m_code, no_arc)
    m_app, m_exp, m_code = m_app[keep], m_exp[keep], m_code[keep]

    # Cross-specialty arcs when a match is only preferred.
    cross_mode = None
    c_app = c_exp = empty
    if not problem.require_specialty:
        avail_idx = np.flatnonzero(available).astype(np.int64)
        if n_app * n_exp <= FULL_GRAPH_PAIRS:
            cross_mode = "all"
            c_app = np.repeat(np.arange(n_app, dtype=np.int64), len(avail_idx))
            c_exp = np.tile(avail_idx, n_app)
        else:
            cross_mode = "rotation"
            c = min(problem.cross_candidates, len(avail_idx))
            order = avail_idx[_cross_order(len(avail_idx))]
            c_app = np.repeat(np.arange(n_app, dtype=np.int64), c)
            slot = (np.arange(n_app, dtype=np.int64)[:, None] * c
                    + np.arange(c, dtype=np.int64)[None, :]).ravel()
            c_exp = order[slot % max(len(order), 1)] if c else empty
        c_code = c_app * n_exp + c_exp
        # Drop cross arcs that duplicate a matching arc (m_code is sorted only per bucket).
        keep = ~(_member(c_code, no_arc) | _member(c_code, np.sort(m_code)))
        c_app, c_exp = c_app[keep], c_exp[keep]
        # Anyone allowed and available is eligible when a match is only preferred.
        banned_avail = banned[available[banned % n_exp]] if n_exp else banned
        eligible_app = (int(available.sum())
                        - np.bincount(banned_avail // max(n_exp, 1), minlength=n_app))
        eligible_exp = np.full(n_exp, n_app, dtype=np.int64) - np.bincount(
            banned % max(n_exp, 1), minlength=n_exp)
    else:  # matching, allowed and available, plus the fixed pairs (the office may mismatch)
        eligible_app = np.bincount(m_app, minlength=n_app) + fixed_app
        eligible_exp = np.bincount(m_exp, minlength=n_exp) + fixed_exp

    arc_app = np.concatenate([m_app, c_app])
    arc_exp = np.concatenate([m_exp, c_exp])
    mismatch = np.concatenate([np.zeros(len(m_app), dtype=bool), np.ones(len(c_app), dtype=bool)])

    # Units per expert: no more than the applications it has arcs to.
    arcs_per_exp = np.bincount(arc_exp, minlength=n_exp)
    cap = np.minimum(max_load, fixed_exp + arcs_per_exp)
    units = np.maximum(cap - fixed_exp, 0)
    top = int(cap.max()) if n_exp else 0  # L: the largest load considered
    penalty = top + 1
    bonus = (2 * n_exp * penalty + top + 1) if cross_mode else (top + 1)

    demand = k - fixed_app
    source, sink = 0, 1
    app_node = np.arange(n_app, dtype=np.int64) + 2
    exp_node = np.arange(n_exp, dtype=np.int64) + 2 + n_app
    total_units = int(units.sum())
    start = np.repeat(np.cumsum(units) - units, units)
    unit_j = np.arange(total_units, dtype=np.int64) - start + np.repeat(fixed_exp + 1, units)
    unit_exp = np.repeat(np.arange(n_exp, dtype=np.int64), units)
    unit_cost = unit_j - bonus * (unit_j <= min_load[unit_exp])

    smcf = min_cost_flow.SimpleMinCostFlow()
    i32 = np.int32
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.full(n_app, source, dtype=i32), app_node.astype(i32), demand, np.zeros(n_app, np.int64))
    pair_arcs = smcf.add_arcs_with_capacity_and_unit_cost(
        app_node[arc_app].astype(i32), exp_node[arc_exp].astype(i32),
        np.ones(len(arc_app), dtype=np.int64), np.where(mismatch, penalty, 0).astype(np.int64))
    smcf.add_arcs_with_capacity_and_unit_cost(
        exp_node[unit_exp].astype(i32), np.full(total_units, sink, dtype=i32),
        np.ones(total_units, dtype=np.int64), unit_cost.astype(np.int64))
    required = int(demand.sum())
    if smcf.num_nodes() < 2:  # nothing added at all: make the two ends exist
        smcf.add_arc_with_capacity_and_unit_cost(source, sink, 0, 0)
    smcf.set_nodes_supplies(np.array([source, sink], dtype=i32),
                            np.array([required, -required], dtype=np.int64))
    build = time.perf_counter() - t0

    t1 = time.perf_counter()
    status = smcf.solve_max_flow_with_min_cost()
    solve_seconds = time.perf_counter() - t1
    if status != smcf.OPTIMAL:
        raise AssignmentError(f"求解器未能给出最优解（状态 {status.name}）")
    flows = smcf.flows(pair_arcs) if len(pair_arcs) else np.zeros(0, dtype=np.int64)
    used = flows > 0
    new_app, new_exp = arc_app[used], arc_exp[used]

    got_app = fixed_app + np.bincount(new_app, minlength=n_app)
    load = fixed_exp + np.bincount(new_exp, minlength=n_exp)
    all_app = np.concatenate([np.array([p[0] for p in fixed_idx], dtype=np.int64), new_app])
    all_exp = np.concatenate([np.array([p[1] for p in fixed_idx], dtype=np.int64), new_exp])
    order = np.lexsort((all_exp, all_app))
    pairs = [(app_ids[a], exp_ids[e])
             for a, e in zip(all_app[order].tolist(), all_exp[order].tolist(), strict=True)]

    unassigned = []
    for ai in np.flatnonzero(got_app < k).tolist():
        n_ok, got = int(eligible_app[ai]), int(got_app[ai])
        if n_ok < k:
            what = ("专业匹配且无回避关系的专家" if problem.require_specialty
                    else "无回避关系的可用专家")
            reason = f"{what}不足：需要{k}位，只有{n_ok}位"
        else:
            reason = f"符合条件的专家工作量已满：需要{k}位，只分到{got}位"
            if cross_mode == "rotation":
                reason += f"（跨专业只考虑了{problem.cross_candidates}位候选专家）"
        unassigned.append(Shortfall(app_ids[ai], k, got, reason))
    below = []
    for ei in np.flatnonzero(load < min_load).tolist():
        n_ok, got, need = int(eligible_exp[ei]), int(load[ei]), int(min_load[ei])
        if n_ok < need:
            what = "专业匹配且无回避关系的申报" if problem.require_specialty else "无回避关系的申报"
            reason = f"{what}不足：最低{need}件，只有{n_ok}件"
        else:
            reason = f"可评申报的评审名额已被占满：最低{need}件，实际分到{got}件"
        below.append(Underload(exp_ids[ei], got, need, reason))

    match_sets = [e.specialties for e in problem.experts]
    mismatched = sum(
        1 for a, e in zip(all_app.tolist(), all_exp.tolist(), strict=True)
        if problem.applications[a].specialty not in match_sets[e]
        and problem.applications[a].group not in match_sets[e])
    parameters = {
        "engine": ENGINE,
        "reviews_per_application": k,
        "require_specialty": problem.require_specialty,
        "cross_specialty": cross_mode,  # None (required), "all" or "rotation"
        "cross_candidates": problem.cross_candidates if cross_mode == "rotation" else None,
        "full_graph_pairs": FULL_GRAPH_PAIRS,
        "balance": "j-th review of an expert costs j",
        "mismatch_penalty": penalty if cross_mode else None,
        "min_load_bonus": bonus,
        "priorities": ["coverage", "min_load", "specialty_match", "balance"],
    }
    stats = {
        "applications": n_app,
        "experts": n_exp,
        "nodes": int(smcf.num_nodes()),
        "arcs": int(smcf.num_arcs()),
        "candidate_arcs": len(arc_app),
        "cross_arcs": len(c_app),
        "required": n_app * k,
        "assigned": len(pairs),
        "fixed": len(fixed_idx),
        "mismatched": mismatched,
        "max_load": int(load.max()) if n_exp else 0,
        "min_load": int(load.min()) if n_exp else 0,
    }
    return Proposal(
        pairs=pairs,
        loads=dict(zip(exp_ids, load.tolist(), strict=True)),
        unassigned=unassigned,
        below_minimum=below,
        total_cost=int(smcf.optimal_cost()),
        solve_seconds=solve_seconds,
        build_seconds=build,
        parameters=parameters,
        stats=stats,
    )


def assign(applications: Iterable[Application], experts: Iterable[Expert],
           reviews_per_application: int = 5, *, forbidden: Iterable[Pair] = (),
           fixed: Iterable[Pair] = (), excluded: Iterable[Pair] = (),
           require_specialty: bool = True, cross_candidates: int = 30) -> Proposal:
    """``solve(Problem(...))`` in one call."""
    return solve(Problem(tuple(applications), tuple(experts), reviews_per_application,
                         frozenset(forbidden), frozenset(fixed), frozenset(excluded),
                         require_specialty, cross_candidates))


def adjust(problem: Problem, proposal: Proposal | None = None, *, add: Iterable[Pair] = (),
           remove: Iterable[Pair] = ()) -> Problem:
    """The problem to re-solve after the office adds or removes pairs by hand.

    ``add`` pairs become fixed (and are no longer excluded); ``remove`` pairs become excluded
    (and are no longer fixed). With ``proposal``, its other pairs are fixed too, except on the
    applications that receive an addition (the solver then chooses which of their earlier
    experts to let go), so a removal is refilled without reshuffling the rest. Without it the
    whole round is solved again. Run :func:`solve` on the result.
    """
    add_set, remove_set = _pairs(add), _pairs(remove)
    fixed = (set(problem.fixed) | add_set) - remove_set
    excluded = (set(problem.excluded) | remove_set) - add_set
    if proposal is not None:
        touched = {a for a, _ in add_set}
        fixed |= {p for p in proposal.pairs if p[0] not in touched and p not in remove_set}
    return Problem(problem.applications, problem.experts, problem.reviews_per_application,
                   problem.forbidden, frozenset(fixed), frozenset(excluded),
                   problem.require_specialty, problem.cross_candidates)
