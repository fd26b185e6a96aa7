"""The deadline bench's people (bench/flow.py) still fit the pages: their requests, replayed
through Django against the bench's own seed, end with every applicant's submission in the
database and the unit operators' passes done. A form field the bench reads (the version, a
specialty, the chosen items) that a page stops printing fails here, not in a bench run."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
import deadline_data  # noqa: E402
import flow  # noqa: E402

from tests.applications.helpers import load_shipped_plans, photo_bytes  # noqa: E402
from zhicheng.applications.models import Application, Status  # noqa: E402

pytestmark = pytest.mark.django_db


def replay(client: Client, steps: flow.Flow) -> list[tuple[str, int]]:
    """(kind, status) of each request, every one asserted to answer as the bench expects."""
    seen = []
    try:
        req = next(steps)
        while True:
            body = b""
            if req is not flow.PAUSE:
                data: dict[str, Any] = dict(req.data or {})
                if req.photo is not None:
                    data["photo"] = SimpleUploadedFile("p.jpg", req.photo,
                                                       content_type="image/jpeg")
                r = (client.get(req.path) if req.method == "GET"
                     else client.post(req.path, data))
                assert r.status_code == req.expect, (req.kind, r.status_code)
                if req.location is not None:
                    assert r["Location"].startswith(req.location), (req.kind, r["Location"])
                seen.append((req.kind, r.status_code))
                body = r.content
            req = steps.send(body)
    except StopIteration:
        return seen


def test_the_bench_applicants_and_reviewers_go_through() -> None:
    load_shipped_plans()
    seed = deadline_data.seed(3, 4)
    photo = photo_bytes()
    for person in seed["applicants"]:
        kinds = replay(Client(), flow.applicant(person, seed["plan"], seed["password"],
                                                photo))
        assert ("submit", 302) in kinds and len(kinds) == 20
    assert Application.objects.filter(status=Status.SUBMITTED).count() == 3
    rng = random.Random(1)
    units = [d for d in seed["reviewers"] if d["kind"] == "unit"]
    assert units
    for desk in seed["reviewers"]:
        replay(Client(), flow.reviewer(desk, seed["password"], rng, rounds=6))
    assert Application.objects.filter(status=Status.SUBMITTED).count() < 3  # units passed
