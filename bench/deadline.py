"""Deadline day against the production stack (nginx + gunicorn + PostgreSQL + Redis).

    .venv/bin/python bench/deadline.py [--applicants 900] [--reviewers 16] [--users 48]

Starts the stack of deploy/serve_prod.py on a fresh database of its own (zhicheng_bench)
and ports of its own, seeds applicants whose archives fit a plan, then:

1. the empty view: /healthz (a Django view that touches nothing) as fast as the same
   number of clients can ask for it, for --baseline seconds;
2. the mixed load: each applicant signs in, opens the dashboard and the list of their
   applications, starts one, saves the six wizard steps (with a JPEG photo), submits and
   opens the list again; reviewers sign in and work their desks at the same time (list,
   filters, a search by name, an application's page; unit operators pass submissions).
   The --users applicants at work at once start at random moments over the first --ramp
   seconds and pause up to --pause seconds before the next applicant's turn: started
   together, they stayed in step for the whole run, signing in 48 at a time every few
   seconds, which no deadline day does. --ramp 0 --pause 0 gives the lock-step load.

It prints requests per second, p50/p95/p99 per kind of request, errors, the ratio of the
mixed load's throughput to the empty view's, and checks in the database that every
submission answered with success is there exactly once. The figures go to
var/bench/deadline.json as well.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import ssl
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# serve_prod reads its directory when imported: the bench's own, unless one is given
os.environ.setdefault("ZHICHENG_PROD_DIR", str(ROOT / "var" / "bench"))
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT / "bench"))
import flow  # noqa: E402
import serve_prod  # noqa: E402 - deploy/ is not a package
from httpclient import Browser, Connection, HttpError, Upload  # noqa: E402

VAR = serve_prod.VAR
PY = sys.executable
ENV = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/zhicheng_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/11",
    "ZHICHENG_QUEUE_URL": "redis://127.0.0.1:6379/12",
    "ZHICHENG_PROD_DIR": str(VAR),
    "HTTPS_PORT": "8543",
    "HTTP_PORT": "8180",
    "GUNICORN_BIND": f"unix:{VAR / 'run' / 'gunicorn.sock'}",
}


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    submitted: list[str] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())


class Failed(Exception):
    pass


class Client:
    """One person's browser: own cookies, CSRF token sent back as the form field."""

    def __init__(self, base: str, connection: Connection, stats: Stats, who: str = "") -> None:
        self.stats = stats
        self.who = who
        self.browser = Browser(connection, base, "zhicheng-deadline-bench")

    async def request(self, kind: str, method: str, path: str, expect: int = 200,
                      data: dict[str, Any] | None = None, location: str | None = None,
                      upload: Upload | None = None) -> bytes:
        if method == "POST":
            data = {**(data or {}),
                    "csrfmiddlewaretoken": self.browser.cookies.get("csrftoken", "")}
        started = time.perf_counter()
        try:
            r = await self.browser.request(method, path, data, upload)
        except HttpError as exc:
            self.stats.errors[kind].append(str(exc))
            raise Failed(kind) from None
        self.stats.latencies[kind].append(time.perf_counter() - started)
        where = r.headers.get("location", "")
        if r.status != expect or (location is not None and not where.startswith(location)):
            self.stats.errors[kind].append(f"{r.status} {where} {r.body[-300:]!r}")
            raise Failed(kind)
        return r.body


async def drive(client: Client, steps: flow.Flow, until: asyncio.Event | None = None) -> None:
    """Run a person's requests (bench/flow.py) until they end or `until` is set."""
    try:
        req = next(steps)
        while until is None or not until.is_set():
            body = b""
            if req is flow.PAUSE:
                await asyncio.sleep(0.2)
            else:
                upload = (Upload("photo", "photo.jpg", "image/jpeg", req.photo)
                          if req.photo is not None else None)
                try:
                    body = await client.request(req.kind, req.method, req.path, req.expect,
                                                req.data, req.location, upload)
                except Failed:
                    if not req.may_fail:  # may_fail: another operator got there first
                        raise
                if req.kind == "submit":
                    client.stats.submitted.append(client.who)
            req = steps.send(body)
    except StopIteration:
        pass
    except flow.FlowError as exc:
        raise Failed(str(exc)) from None


def _stack_processes() -> dict[int, tuple[str, list[int]]]:
    """Each process of the stack: its part, and utime, stime, cutime, cstime in ticks."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        part = next((name for key, name in (
            ("gunicorn", "gunicorn"), ("deadline.py", "load generator"), ("nginx", "nginx"),
            ("rqworker", "rq worker"), ("postgres", "postgresql"), ("redis-server", "redis"))
            if key in command), None)
        if part:
            found[int(pid)] = (part, [int(f) for f in stat.rsplit(")", 1)[1].split()[11:15]])
    return found


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far by each part of the stack on this machine (from /proc),
    children that ended included (so PostgreSQL backends that closed still count).

    A child reaped while /proc is read (a gunicorn worker recycled by max_requests) would
    be missed, or counted twice: the reading is taken again until no parent's count of its
    ended children moved from before it to after it."""
    tick = os.sysconf("SC_CLK_TCK")
    for _ in range(10):
        before, reading, after = _stack_processes(), _stack_processes(), _stack_processes()
        if all(pid in after and after[pid][1][2:] == times[2:]
               for pid, (_, times) in before.items()):
            break
    parts: dict[str, float] = defaultdict(float)
    for part, times in reading.values():
        parts[part] += sum(times) / tick
    return parts


def per_request_cpu(result: dict[str, Any], before: dict[str, float],
                    after: dict[str, float]) -> None:
    """CPU seconds of each part of the stack over a phase, and per request of the phase."""
    result["cpu_seconds"] = {k: round(after[k] - before.get(k, 0), 1) for k in after}
    result["cpu_ms_per_request"] = {k: round(v * 1000 / result["requests"], 2)
                                    for k, v in result["cpu_seconds"].items()}


def capacity(result: dict[str, Any], cores: int, target: float = 300) -> dict[str, float]:
    """What the CPU per request says: the load's ceiling on this machine's cores (the load
    generator shares them), and the cores the server side needs for `target` req/s."""
    per = result["cpu_ms_per_request"]
    total = sum(per.values())
    server = total - per.get("load generator", 0)
    return {"cores": cores, "cpu_ms_per_request": round(total, 2),
            "server_cpu_ms_per_request": round(server, 2),
            "ceiling_rps": round(cores * 1000 / total, 1) if total else 0,
            "target_rps": target,
            "server_cores_for_target": round(target * server / 1000, 2)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


async def empty_view(base: str, ctx: ssl.SSLContext, clients: int,
                     seconds: float) -> dict[str, Any]:
    stats = Stats()
    stop = time.perf_counter() + seconds

    async def loop() -> None:
        connection = Connection(base, ctx)
        client = Client(base, connection, stats)
        try:
            while time.perf_counter() < stop:
                try:
                    await client.request("empty view", "GET", "/healthz")
                except Failed:
                    pass
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return {"stats": stats, "elapsed": elapsed}


async def mixed(base: str, ctx: ssl.SSLContext, seed: dict[str, Any], users: int,
                photo: bytes, ramp: float = 0, pause: float = 0) -> dict[str, Any]:
    stats = Stats()
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for person in seed["applicants"]:
        queue.put_nowait(person)
    done = asyncio.Event()
    rng = random.Random(7)

    async def applicant_loop(delay: float, slot: random.Random) -> None:
        # one connection per slot, kept alive from one applicant to the next (a new
        # browser, with no cookies, for each applicant)
        connection = Connection(base, ctx)
        await asyncio.sleep(delay)
        try:
            while not queue.empty():
                person = queue.get_nowait()
                try:
                    await drive(Client(base, connection, stats, person["mobile"]),
                                flow.applicant(person, seed["plan"], seed["password"], photo))
                except Failed:
                    pass
                await asyncio.sleep(slot.uniform(0, pause))
        finally:
            await connection.close()

    async def reviewer_loop(desk: dict[str, str]) -> None:
        connection = Connection(base, ctx)
        try:
            await drive(Client(base, connection, stats),
                        flow.reviewer(desk, seed["password"], random.Random(rng.random())),
                        until=done)
        except Failed:
            pass
        finally:
            await connection.close()

    started = time.perf_counter()
    reviewers = [asyncio.create_task(reviewer_loop(d)) for d in seed["reviewers"]]
    await asyncio.gather(*(applicant_loop(rng.uniform(0, ramp), random.Random(rng.random()))
                           for _ in range(users)))
    elapsed = time.perf_counter() - started
    done.set()
    await asyncio.gather(*reviewers)
    return {"stats": stats, "elapsed": elapsed}


def summary(stats: Stats, elapsed: float) -> dict[str, Any]:
    kinds = {}
    for kind, values in sorted(stats.latencies.items()):
        kinds[kind] = {"n": len(values), "p50_ms": round(percentile(values, 50), 1),
                       "p95_ms": round(percentile(values, 95), 1),
                       "p99_ms": round(percentile(values, 99), 1),
                       "errors": len(stats.errors.get(kind, []))}
    every = [v for values in stats.latencies.values() for v in values]
    return {"requests": len(every), "seconds": round(elapsed, 2),
            "rps": round(len(every) / elapsed, 1),
            "p50_ms": round(percentile(every, 50), 1), "p95_ms": round(percentile(every, 95), 1),
            "p99_ms": round(percentile(every, 99), 1),
            "errors": sum(len(v) for v in stats.errors.values()), "kinds": kinds,
            "error_samples": {k: v[:3] for k, v in stats.errors.items()}}


def photo_bytes() -> bytes:
    import io

    from PIL import Image

    img = Image.new("RGB", (300, 420), "white")
    rng = random.Random(1)
    pixels = img.load()
    for _ in range(60_000):
        pixels[rng.randrange(300), rng.randrange(420)] = (
            rng.randrange(256), rng.randrange(256), rng.randrange(256))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


def fresh_database(env: dict[str, str]) -> None:
    import redis

    serve_prod.drop_database(env["DATABASE_URL"])
    for url in (env["REDIS_URL"], env["ZHICHENG_QUEUE_URL"]):
        redis.Redis.from_url(url).flushdb()


def show(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title}: {result['requests']} requests in {result['seconds']} s = "
          f"{result['rps']} req/s; p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"p99 {result['p99_ms']} ms; errors {result['errors']}")
    if len(result["kinds"]) > 1:
        print(f"  {'kind':<20}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for kind, k in result["kinds"].items():
            print(f"  {kind:<20}{k['n']:>7}{k['p50_ms']:>9}{k['p95_ms']:>9}{k['p99_ms']:>9}"
                  f"{k['errors']:>8}")
    if "cpu_ms_per_request" in result:
        print("  CPU per request (ms): " + ", ".join(
            f"{k} {v}" for k, v in sorted(result["cpu_ms_per_request"].items(),
                                          key=lambda kv: -kv[1])))
    for kind, samples in result["error_samples"].items():
        print(f"  errors in {kind}: {samples}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=900)
    parser.add_argument("--reviewers", type=int, default=16)
    parser.add_argument("--users", type=int, default=48,
                        help="applicants at work at the same time")
    parser.add_argument("--baseline", type=float, default=15, help="seconds of empty view")
    parser.add_argument("--ramp", type=float, default=5,
                        help="applicants start at random moments over this many seconds")
    parser.add_argument("--pause", type=float, default=0.2,
                        help="at most this many seconds between one applicant and the next")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default cores + 1)")
    options = parser.parse_args()

    os.environ.update({k: os.environ.get(k, v) for k, v in ENV.items()})
    env = dict(os.environ)
    fresh_database(env)
    VAR.mkdir(parents=True, exist_ok=True)
    try:
        stack = serve_prod.start(env, VAR / "stack.log", ("--workers", str(options.workers))
                                 if options.workers else ())
    except RuntimeError as exc:
        print(exc)
        return 2
    try:
        seeded = subprocess.run(
            [PY, str(ROOT / "bench" / "deadline_data.py"), "seed", str(options.applicants),
             str(options.reviewers)], env=django_env(),
            check=True, capture_output=True, cwd=ROOT)
        seed = json.loads(seeded.stdout.decode().strip().splitlines()[-1])
        print(f"seeded {len(seed['applicants'])} applicants, {len(seed['reviewers'])} reviewers")
        ctx = ssl.create_default_context(cafile=str(VAR / "tls" / "cert.pem"))
        base = f"https://127.0.0.1:{ENV['HTTPS_PORT']}"
        clients = options.users + options.reviewers
        before = cpu_seconds()
        baseline = asyncio.run(empty_view(base, ctx, clients, options.baseline))
        empty = summary(baseline["stats"], baseline["elapsed"])
        per_request_cpu(empty, before, cpu_seconds())
        show("empty view (/healthz)", empty)
        before = cpu_seconds()
        run = asyncio.run(mixed(base, ctx, seed, options.users, photo_bytes(), options.ramp,
                                options.pause))
        after = cpu_seconds()
        load = summary(run["stats"], run["elapsed"])
        per_request_cpu(load, before, after)
        show(f"mixed load ({options.users} applicants at once, {options.reviewers} reviewers)",
             load)
        load["capacity"] = fit = capacity(load, os.cpu_count() or 1)
        print(f"  CPU-bound: {fit['cpu_ms_per_request']} ms of CPU per request in all "
              f"caps this load at {fit['ceiling_rps']} req/s on {fit['cores']} cores; "
              f"{fit['target_rps']:.0f} req/s needs {fit['server_cores_for_target']} cores "
              f"for the server side alone ({fit['server_cpu_ms_per_request']} ms per request)")
        submitted = VAR / "submitted.json"
        submitted.write_text(json.dumps({"submitted": run["stats"].submitted}))
        checked = subprocess.run(
            [PY, str(ROOT / "bench" / "deadline_data.py"), "verify", str(submitted)],
            env=django_env(), check=True, capture_output=True, cwd=ROOT)
        verdict = json.loads(checked.stdout.decode().strip().splitlines()[-1])
        ratio = load["rps"] / empty["rps"] if empty["rps"] else 0
        print(f"\nsubmissions answered with success: {verdict['succeeded']}; in the database: "
              f"{verdict['in_database']} applications, {verdict['submit_history_rows']} "
              f"submit rows; lost {len(verdict['lost'])}, duplicated "
              f"{len(verdict['duplicated'])}, submitted without a success answer "
              f"{len(verdict['submitted_without_success_answer'])}")
        print(f"throughput ratio mixed / empty view: {ratio:.3f} "
              f"({load['rps']} / {empty['rps']} req/s)")
        (VAR / "deadline.json").write_text(json.dumps(
            {"empty_view": empty, "mixed": load, "ratio": round(ratio, 3),
             "verify": verdict, "options": vars(options)}, ensure_ascii=False, indent=1))
        ok = (load["errors"] == 0 and not verdict["lost"] and not verdict["duplicated"]
              and load["rps"] >= 300 and load["p95_ms"] < 300)
        print("bar (≥300 req/s, p95 < 300 ms, no errors, none lost or duplicated):",
              "met" if ok else "NOT met")
        return 0 if ok else 1
    finally:
        serve_prod.stop(stack)


def django_env() -> dict[str, str]:
    """The environment the stack's processes run with (settings, keys, paths)."""
    return serve_prod.environment(None)


if __name__ == "__main__":
    sys.exit(main())
