"""The application's CPU per request, by kind of request, without the stack around it.

    .venv/bin/python bench/request_cpu.py [--applicants 60] [--desk-rounds 40] [--profile 40]

The deadline bench (bench/deadline.py) measures the whole stack under load; this replays
the same requests one at a time through Django's test client in this one process, with the
production settings on PostgreSQL and Redis (database zhicheng_cpu, Redis 9/10), and
prints for each kind of request the CPU milliseconds the Django process spent and the
number of queries it made. The last line weighs them by the mix of the deadline bench's
last run (var/bench/deadline.json) when there is one: the figure to bring down, since
gunicorn's CPU per request is what limits throughput on this machine.

--profile N prints the N functions with the most own time over the whole replay
(cProfile), which says where to look. Figures vary by a few per cent from run to run;
run on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("ZHICHENG_PROD_DIR", str(ROOT / "var" / "bench-cpu"))
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT / "bench"))
import flow  # noqa: E402
import serve_prod  # noqa: E402 - deploy/ is not a package

ENV = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zhicheng_cpu",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "ZHICHENG_QUEUE_URL": "redis://127.0.0.1:6379/10",
    "ZHICHENG_ACCESS_LOG": "1",
}
HEADERS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "127.0.0.1",
           "HTTP_USER_AGENT": "zhicheng-request-cpu"}


class Replay:
    """Runs requests through one test client, timing each by this process's CPU clock."""

    # --sql KIND: the statements of the first request of that kind are printed
    show: str | None = None
    # --profile-kind KIND: only the requests of that kind are profiled
    profiler: Any = None
    profiled: str | None = None
    # --tally: how often each statement ran, by kind of request
    tally: dict[tuple[str, str], int] | None = None

    def __init__(self, cpu: dict[str, list[float]], queries: dict[str, list[int]]) -> None:
        from django.test import Client

        self.client = Client(**HEADERS)
        self.cpu = cpu
        self.queries = queries

    def __call__(self, kind: str, method: str, path: str, expect: int = 200,
                 data: Any = None) -> bytes:
        from django.db import connection

        counted = [0]

        show = kind == Replay.show

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            counted[0] += 1
            if Replay.tally is not None:
                Replay.tally[kind, sql] = Replay.tally.get((kind, sql), 0) + 1
            if show:
                print(f"  {counted[0]:>2}. {sql[:240]}")
            return execute(sql, params, many, context)

        profiling = Replay.profiler is not None and kind == Replay.profiled
        if profiling:
            Replay.profiler.enable()
        with connection.execute_wrapper(count):
            started = time.process_time()
            if method == "GET":
                response = self.client.get(path)
            else:
                response = self.client.post(path, data or {})
            spent = time.process_time() - started
        if profiling:
            Replay.profiler.disable()
        if response.status_code != expect:
            raise SystemExit(f"{kind}: {method} {path} answered {response.status_code}, "
                             f"not {expect}: {response.content[-400:]!r}")
        if show:
            print(f"^ {kind}: {method} {path}")
            Replay.show = None
        self.cpu[kind].append(spent * 1000)
        self.queries[kind].append(counted[0])
        return response.content


def replay(run: Replay, steps: flow.Flow) -> None:
    """Run a person's requests (bench/flow.py), one after the other."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    try:
        req = next(steps)
        while True:
            body = b""
            if req is not flow.PAUSE:
                data = dict(req.data or {})
                if req.photo is not None:
                    data["photo"] = SimpleUploadedFile("photo.jpg", req.photo,
                                                       content_type="image/jpeg")
                body = run(req.kind, req.method, req.path, req.expect, data)
            req = steps.send(body)
    except StopIteration:
        pass


def prepare(applicants: int, reviewers: int) -> dict[str, Any]:
    """A fresh database and cache, migrated, with the plans and the bench's people."""
    import redis

    serve_prod.drop_database(ENV["DATABASE_URL"])
    serve_prod.ensure_database(ENV["DATABASE_URL"])
    for url in (ENV["REDIS_URL"], ENV["ZHICHENG_QUEUE_URL"]):
        redis.Redis.from_url(url).flushdb()
    env = serve_prod.environment(None)
    env.update(ENV)
    for sub in ("media", "static"):
        (serve_prod.VAR / sub).mkdir(parents=True, exist_ok=True)
    serve_prod.manage(env, "migrate", "--noinput", "-v", "0")
    serve_prod.manage(env, "collectstatic", "--noinput", "-v", "0")
    serve_prod.manage(env, "load_plans")
    os.environ.update(env)
    import deadline_data

    return deadline_data.seed(applicants, reviewers)


def weights() -> dict[str, int]:
    """Requests of each kind in the deadline bench's last run, if it left its figures."""
    path = ROOT / "var" / "bench" / "deadline.json"
    if not path.exists():
        return {}
    return {k: v["n"] for k, v in json.loads(path.read_text())["mixed"]["kinds"].items()}


def print_tally(tally: dict[tuple[str, str], int], cpu: dict[str, list[float]],
                mix: dict[str, int], top: int) -> None:
    """Statements by how many times they run per 1,000 requests of the bench's mix."""
    total = sum(mix.values()) or 1
    per: dict[str, float] = defaultdict(float)
    kinds: dict[str, set[str]] = defaultdict(set)
    for (kind, sql), n in tally.items():
        per[sql] += n / len(cpu[kind]) * mix.get(kind, len(cpu[kind])) / total * 1000
        kinds[sql].add(kind)
    print(f"\n{'per 1,000':>10}  statement (kinds of request)")
    for sql, n in sorted(per.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{n:>10.1f}  {sql[:300]}  ({', '.join(sorted(kinds[sql]))})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=60)
    parser.add_argument("--reviewers", type=int, default=16)
    parser.add_argument("--desk-rounds", type=int, default=40,
                        help="list + application rounds per reviewer")
    parser.add_argument("--profile", type=int, default=0,
                        help="print this many functions by own time (cProfile)")
    parser.add_argument("--profile-kind", metavar="KIND",
                        help="profile only the requests of this kind (with --profile)")
    parser.add_argument("--sort", default="tottime", help="profile order (pstats key)")
    parser.add_argument("--dump", metavar="FILE",
                        help="also write the profile to FILE (for pstats or snakeviz)")
    parser.add_argument("--tally", type=int, default=0, metavar="N",
                        help="print the N statements run most often, weighted by the mix")
    parser.add_argument("--sql", metavar="KIND",
                        help="print the statements of one request of this kind")
    options = parser.parse_args()

    seed = prepare(options.applicants, options.reviewers)
    from deadline import photo_bytes

    photo = photo_bytes()
    cpu: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    rng = random.Random(7)
    # warm-up: imports, template compilation and cached look-ups happen once per worker
    warm, people = seed["applicants"][:3], seed["applicants"][3:]
    for person in warm:
        replay(Replay(defaultdict(list), defaultdict(list)),
               flow.applicant(person, seed["plan"], seed["password"], photo))
    profiler = None
    if options.profile:
        import cProfile

        profiler = cProfile.Profile()
        if options.profile_kind:
            Replay.profiler, Replay.profiled = profiler, options.profile_kind
        else:
            profiler.enable()
    Replay.show = options.sql
    if options.tally:
        Replay.tally = {}
    started = time.process_time()
    for person in people:
        replay(Replay(cpu, queries), flow.applicant(person, seed["plan"], seed["password"],
                                                    photo))
    for desk in seed["reviewers"]:
        replay(Replay(cpu, queries), flow.reviewer(desk, seed["password"],
                                                   random.Random(rng.random()),
                                                   options.desk_rounds))
    total = time.process_time() - started
    if profiler and not options.profile_kind:
        profiler.disable()

    print(f"\n{'kind':<20}{'n':>6}{'CPU ms':>9}{'p95 ms':>9}{'queries':>9}")
    for kind in sorted(cpu, key=lambda k: -sum(cpu[k])):
        values = sorted(cpu[kind])
        print(f"{kind:<20}{len(values):>6}{sum(values) / len(values):>9.2f}"
              f"{values[int(0.95 * (len(values) - 1))]:>9.2f}"
              f"{sum(queries[kind]) / len(queries[kind]):>9.1f}")
    n = sum(len(v) for v in cpu.values())
    print(f"\nall {n} requests: {total * 1000 / n:.2f} CPU ms per request "
          f"(test client included)")
    mix = weights()
    if mix:
        known = {k: w for k, w in mix.items() if k in cpu}
        weighted = sum(w * sum(cpu[k]) / len(cpu[k]) for k, w in known.items())
        print(f"weighted by the deadline bench's mix ({sum(known.values())} requests): "
              f"{weighted / sum(known.values()):.2f} CPU ms per request")
    if Replay.tally:
        print_tally(Replay.tally, cpu, mix, options.tally)
    if profiler:
        import pstats

        stats = pstats.Stats(profiler)
        if options.dump:
            stats.dump_stats(options.dump)
        stats.sort_stats(options.sort).print_stats(options.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
