"""Loading plan files (TOML) shipped with the package or written by a committee office."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from zhicheng.audit.domain import SYSTEM, Who, record
from zhicheng.eligibility.plan import Plan as EnginePlan
from zhicheng.eligibility.plan import PlanError, parse_plan
from zhicheng.orgs.models import Organisation, OrgKind, OrgStatus

from .models import Plan, PlanStatus

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
REQUIRED = ("key", "title", "level", "year", "committee")


class PlanFileError(ValueError):
    """A plan file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class PlanFile:
    path: Path
    document: dict[str, Any]
    sha256: str
    text: str
    parsed: EnginePlan


def read(path: Path) -> PlanFile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanFileError(f"{path.name}：无法读取：{exc}") from None
    return read_bytes(raw, path.name, path)


def read_bytes(raw: bytes, name: str, path: Path | None = None) -> PlanFile:
    """Check a plan file completely (rules included); errors name the file and the line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PlanFileError(f"{name}：文件应为 UTF-8 编码") from None
    try:
        parsed = parse_plan(text, name)
    except PlanError as exc:
        raise PlanFileError(str(exc)) from None
    meta = tomllib.loads(text)["plan"]
    for field in REQUIRED:
        if field not in meta:
            raise PlanFileError(f"{name}：[plan] 缺少字段 {field}")
    for field in ("apply_opens", "apply_closes", "unit_closes", "department_closes"):
        if field in meta and not isinstance(meta[field], date):
            raise PlanFileError(f"{name}：[plan] {field} 应为日期，如 2023-07-31")
    doc = tomllib.loads(text)
    return PlanFile(path or Path(name), doc, hashlib.sha256(raw).hexdigest(), text, parsed)


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.toml"))


def load(pf: PlanFile, status: str = PlanStatus.OPEN, who: Who = SYSTEM) -> tuple[Plan, bool]:
    """Create or update the plan from a file; audit the change. Returns (plan, changed)."""
    meta = pf.document["plan"]
    with transaction.atomic():
        committee, _ = Organisation.objects.get_or_create(
            kind=OrgKind.COMMITTEE, name=meta["committee"],
            defaults={"status": OrgStatus.APPROVED, "region": meta.get("region", "")})
        plan = Plan.objects.filter(key=meta["key"]).first()
        if plan is not None and plan.document_sha256 == pf.sha256:
            return plan, False
        before = {"sha256": plan.document_sha256} if plan else None
        plan = plan or Plan(key=meta["key"], status=status)
        plan.title = meta["title"]
        plan.level = meta["level"]
        plan.year = int(meta["year"])
        plan.committee = committee
        plan.notice = meta.get("notice", "")
        plan.region = meta.get("region", "")
        plan.specialties = list(meta.get("specialties", []))
        plan.apply_opens = meta.get("apply_opens")
        plan.apply_closes = meta.get("apply_closes")
        plan.unit_closes = meta.get("unit_closes")
        plan.department_closes = meta.get("department_closes")
        plan.fee = meta.get("fee")
        plan.paper_copies = int(meta.get("paper_copies", 0))
        plan.paper_workdays = int(meta.get("paper_workdays", 5))
        plan.document = _jsonable(pf.document)
        plan.source = pf.text
        plan.document_sha256 = pf.sha256
        plan.save()
        record(who, plan, "plan.loaded", before=before,
               after={"key": plan.key, "sha256": pf.sha256, "file": pf.path.name})
    return plan, True


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
