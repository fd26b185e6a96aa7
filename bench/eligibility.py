"""Batch eligibility throughput: 100,000 generated profiles, JSON parsing included.

    .venv/bin/python bench/eligibility.py [--count N] [--plan KEY]

Prints, for each shipped plan (or one): profiles per second parsed, checked and evaluated,
with the ratio against a baseline run in the same process that only runs json.loads; then
the same profiles through the command's batch path (a JSON Lines file in, verdict lines
out). The last line gives the slowest plan of each against the bar of 20,000 per second.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from zhicheng.eligibility import evaluate, shipped_plan
from zhicheng.eligibility.cli import batch
from zhicheng.eligibility.plan import shipped_keys
from zhicheng.eligibility.profile import loads_profile
from zhicheng.identity.idnumber import check_digit

SPECIALTIES = ["computer_application", "computer_systems", "technology_development",
               "information_technology", "engineering", "petrochemical", "materials", "transport"]
REGIONS = ["上海市浦东新区", "浙江省嘉兴市南湖区", "江苏省无锡市锡山区", "浙江省绍兴市上虞区",
           "浙江省杭州市西湖区"]


def make_profile(rng: random.Random, as_of: date) -> dict:
    born = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
    male = rng.random() < 0.6
    sex_digit = rng.choice("13579" if male else "02468")
    first17 = f"330402{born:%Y%m%d}{rng.randrange(10, 99)}{sex_digit}"
    level = rng.choice(["bachelor", "bachelor", "master", "associate", "secondary_vocational"])
    awarded = date(born.year + 22, 7, 1)
    start = awarded + timedelta(days=rng.randrange(0, 200))
    return {
        "schema": "zhicheng.profile/1",
        "as_of": as_of.isoformat(),
        "person": {"name": "测试", "id_type": "resident_id",
                   "id_number": first17 + check_digit(first17),
                   "sex": "male" if male else "female", "birth_date": born.isoformat(),
                   "female_retirement_baseline": 55},
        "employment": {"status": "employed", "civil_servant": False, "has_contract": True,
                       "employer": {"name": "某公司", "region": rng.choice(REGIONS),
                                    "zone": "杭州湾上虞经济技术开发区", "ownership": "private",
                                    "civil_service_managed": False}},
        "residency": {"hukou_region": rng.choice(["上海市", "浙江省"])},
        "education": [{"level": level, "field": "science_engineering",
                       "related": rng.random() < 0.9, "awarded": awarded.isoformat(),
                       "mode": rng.choice(["full_time", "part_time"])}],
        "work_history": [{"from": start.isoformat(), "to": None, "employer": "某公司",
                          "technical": True, "related": True}],
        "titles": ([{"level": "assistant", "series": "engineering",
                     "obtained": (start + timedelta(days=400)).isoformat()}]
                   if rng.random() < 0.5 else []),
        "continuing_education": [{"year": y, "category": c, "hours": rng.choice([20, 30, 60, 90])}
                                 for y in range(as_of.year - 3, as_of.year + 1)
                                 for c in ("public", "professional")],
        "annual_appraisals": [{"year": y, "result": "competent"}
                              for y in range(as_of.year - 3, as_of.year)],
        "outputs": [{"kind": "technical_summary", "chars": rng.randrange(1500, 6000), "authors": 1,
                     "first_author": True, "published": False,
                     "written": (as_of - timedelta(days=90)).isoformat(), "thesis": False}],
        "application": {"specialty": rng.choice(SPECIALTIES)},
    }


def run_command(key: str, lines: list[bytes]) -> float:
    """The command's own batch path: a JSON Lines file in, one verdict line out per profile."""
    plan = shipped_plan(key)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profiles.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        sink = io.BytesIO()
        t0 = time.perf_counter()
        done, bad = batch(plan, path, sink)
        took = time.perf_counter() - t0
    assert done == len(lines) and bad == 0, (done, bad)
    rate = done / took
    print(f"{'':28s} {rate:10,.0f} profiles/s  through `zhicheng eligibility --batch` "
          f"(file read, parse, evaluate, JSON line written)")
    return rate


def run(key: str, lines: list[bytes]) -> float:
    plan = shipped_plan(key)
    t0 = time.perf_counter()
    for line in lines:
        json.loads(line)
    base = time.perf_counter() - t0
    counts: dict[str, int] = {}
    t0 = time.perf_counter()
    for line in lines:
        v = evaluate(plan, loads_profile(line))
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    took = time.perf_counter() - t0
    n = len(lines)
    print(f"{key:28s} {n / took:10,.0f} profiles/s  ({took:.2f} s for {n:,}; "
          f"json.loads alone {n / base:,.0f}/s, ratio {took / base:.1f}×)  {counts}")
    return n / took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--plan", default=None)
    args = parser.parse_args()
    rng = random.Random(20261123)
    keys = [args.plan] if args.plan else shipped_keys()
    screening = command = float("inf")
    for key in keys:
        as_of = date(shipped_plan(key).year, 8, 20)
        lines = [json.dumps(make_profile(rng, as_of), ensure_ascii=False).encode()
                 for _ in range(args.count)]
        screening = min(screening, run(key, lines))
        command = min(command, run_command(key, lines))
    verdict = "meets" if screening >= 20_000 else "MISSES"
    print(f"slowest plan, parse + evaluate: {screening:,.0f} profiles/s on one core "
          f"({verdict} the bar of 20,000); through the command with output: {command:,.0f}/s")


if __name__ == "__main__":
    main()
