"""What the deadline bench's people do, request by request, written once.

`applicant` and `reviewer` are generators: each yields the next request (a `Req`) and is
sent back the page it got. bench/deadline.py drives them over HTTP against the whole stack,
bench/request_cpu.py through Django's test client in one process; both replay the same
requests.
"""

from __future__ import annotations

import random
import re
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

VERSION = re.compile(rb'name="version" value="(\d+)"')
FILTERS = ["", "?status=submitted", "?status=committee_review", "?q=压测申报人1", "?page=2"]
STATEMENT = "任现职以来，主持智能制造执行系统的设计与实施。" * 20


class FlowError(Exception):
    """A page lacked what the next request needs (a version field, a link)."""


@dataclass(frozen=True)
class Req:
    kind: str
    method: str
    path: str
    expect: int = 200
    data: dict[str, Any] | None = None
    location: str | None = None  # where a redirect must point (its start)
    photo: bytes | None = None  # a JPEG for the form's "photo" field
    may_fail: bool = False  # another operator may have done it first


Flow = Generator[Req, bytes, None]
# nothing to do for a moment (a desk with nothing on it): the caller waits, and sends b""
PAUSE = Req("pause", "PAUSE", "")


def version_of(page: bytes) -> str:
    found = VERSION.search(page)
    if not found:
        raise FlowError("no version field")
    return found.group(1).decode()


def sign_in(mobile: str, password: str) -> Flow:
    yield Req("login page", "GET", "/accounts/login/")
    yield Req("login", "POST", "/accounts/login/", 302,
              {"identifier": mobile, "password": password}, "/dashboard/")


def applicant(person: dict[str, str], plan: int, password: str, photo: bytes) -> Flow:
    """Sign in, open the dashboard and the list, start, fill the six steps, submit."""
    yield from sign_in(person["mobile"], password)
    yield Req("dashboard", "GET", "/dashboard/")
    yield Req("my applications", "GET", "/applications/")
    yield Req("start", "POST", f"/applications/start/{plan}/", 302, {}, "/applications/")
    apps = yield Req("my applications", "GET", "/applications/")
    pk = re.search(rb'/applications/(\d+)/', apps)
    if not pk:
        raise FlowError("no application link")
    base = f"/applications/{pk.group(1).decode()}"

    def save(name: str, page: bytes, fields: dict[str, Any],
             upload: bytes | None = None) -> Req:
        return Req(f"save {name}", "POST", f"{base}/{name}/", 302,
                   {"version": version_of(page), **fields}, base, upload)

    page = yield Req("step eligibility", "GET", f"{base}/eligibility/")
    select = re.search(rb'name="specialty".*?</select>', page, re.S)
    choice = re.search(rb'<option value="([^"]+)"', select.group(0)) if select else None
    if not choice:
        raise FlowError("no specialty")
    yield save("eligibility", page, {"specialty": choice.group(1).decode()})
    yield Req("step eligibility", "GET", f"{base}/eligibility/")  # the verdict, now
    page = yield Req("step photo", "GET", f"{base}/photo/")
    yield save("photo", page, {}, photo)
    page = yield Req("step pledge", "GET", f"{base}/pledge/")
    yield save("pledge", page, {"name": person["name"], "id_number": person["id_number"],
                                "agree": "on"})
    page = yield Req("step statement", "GET", f"{base}/statement/")
    yield save("statement", page, {"statement": STATEMENT})
    page = yield Req("step selection", "GET", f"{base}/selection/")
    achievements = re.findall(rb'name="achievements" value="(\d+)"', page)
    if not achievements:
        raise FlowError("no achievement to choose")
    yield save("selection", page, {
        "achievements": achievements[0].decode(),
        "outputs": [v.decode() for v in re.findall(rb'name="outputs" value="(\d+)"', page)]})
    page = yield Req("step preview", "GET", f"{base}/preview/")
    yield Req("submit", "POST", f"{base}/preview/", 302, {"version": version_of(page)},
              "/applications/")
    yield Req("my applications", "GET", "/applications/")


def reviewer(desk: dict[str, str], password: str, rng: random.Random,
             rounds: int | None = None) -> Flow:
    """Sign in, take the desk's role, then list, open and (a unit's operator) pass
    applications: `rounds` times, or until the caller stops asking."""
    yield from sign_in(desk["mobile"], password)
    yield Req("switch role", "POST", "/orgs/switch-role/", 302, {"role": desk["grant"]},
              "/dashboard/")
    done = 0
    while rounds is None or done < rounds:
        done += 1
        page = yield Req("desk list", "GET", "/reviews/" + rng.choice(FILTERS))
        ids = re.findall(rb'/reviews/app/(\d+)/"', page)
        if not ids:
            yield PAUSE
            continue
        pk = rng.choice(ids).decode()
        detail = yield Req("desk application", "GET", f"/reviews/app/{pk}/")
        if desk["kind"] == "unit" and b'value="unit_pass"' in detail:
            yield Req("unit pass", "POST", f"/reviews/app/{pk}/act/", 302,
                      {"action": "unit_pass", "version": version_of(detail), "reason": ""},
                      may_fail=True)
