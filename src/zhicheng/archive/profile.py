"""The archive as the contract's profile (zhicheng.profile/1), and back."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from zhicheng.audit.domain import Who, record
from zhicheng.core import cached
from zhicheng.core.prepared import Prepared
from zhicheng.eligibility.profile import ProfileError

from . import models as m
from . import signals


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def archive_sections(user: Any, verified_only: bool = False) -> dict[str, Any]:
    """The profile's archive parts; verified_only keeps unverified titles and achievements
    out (an application may only use what the unit has verified).

    The rows are kept in the cache per person, read with their verification so that both
    readings come from one copy: the eligibility step reads all of them, the submission the
    verified ones, ten queries each time otherwise (archive/signals.py drops the copy on any
    change)."""
    if user.pk is None:
        found = _read_rows(user)
    else:
        found = cached.get(signals.scope(user.pk), "rows", lambda: _read_rows(user))
    return _sections(found, verified_only)


# section -> (model, the columns the profile uses)
COLUMNS: dict[str, tuple[type[m.Entry], tuple[str, ...]]] = {
    "ce": (m.CeRecord, ("year", "category", "hours")),
    "awards": (m.Award, ("honour_kind", "level", "year", "specialty_related")),
    "education": (m.Education, ("level", "field", "related", "awarded", "mode", "foreign")),
    "work": (m.WorkPeriod, ("start", "end", "employer", "technical", "related")),
    "interruptions": (m.Interruption, ("start", "end", "reason")),
    "titles": (m.TitleHeld, ("level", "series", "obtained", "verification")),
    "skills": (m.SkillCertificate, ("level", "obtained")),
    "appraisals": (m.Appraisal, ("year", "result")),
    "outputs": (m.Output, ("kind", "chars", "authors", "rank", "published", "written")),
}


def _section(model: type[m.Entry], fields: tuple[str, ...]) -> Prepared[tuple[Any, ...]]:
    return Prepared(lambda owner: model.objects.filter(owner_id=owner).values_list(*fields), int)


# only the columns the profile uses, without building model instances, by SQL compiled once
# (core/prepared.py): ten statements for one person's archive
_READS = {key: (fields, _section(model, fields)) for key, (model, fields) in COLUMNS.items()}
_PROJECTS_LED = Prepared(lambda owner: m.Achievement.objects.filter(
    owner_id=owner, role__in=[m.Role.SOLE, m.Role.LEAD]).values_list("verification", flat=True),
    int)


def _read_rows(user: Any) -> dict[str, list[Any]]:
    if user.pk is None:  # a person not saved has no archive
        return {**{key: [] for key in COLUMNS}, "projects_led": []}
    found: dict[str, list[Any]] = {
        key: [SimpleNamespace(**dict(zip(fields, row, strict=True)))
              for row in read.all(user.pk)]
        for key, (fields, read) in _READS.items()}
    found["projects_led"] = _PROJECTS_LED.all(user.pk)
    return found


def _sections(found: dict[str, list[Any]], verified_only: bool) -> dict[str, Any]:
    def kept(verification: str) -> bool:
        return not verified_only or verification == m.Verification.VERIFIED

    ce: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for r in found["ce"]:
        ce[(r.year, r.category)] += r.hours
    awards = found["awards"]
    return {
        "education": [_clean({"level": e.level, "field": e.field, "related": e.related,
                              "awarded": _d(e.awarded), "mode": e.mode, "foreign": e.foreign})
                      for e in found["education"]],
        "work_history": [_clean({"from": _d(w.start), "employer": w.employer,
                                 "technical": w.technical, "related": w.related})
                         | {"to": _d(w.end)} for w in found["work"]],
        "interruptions": [{"from": _d(i.start), "to": _d(i.end), "reason": i.reason}
                          for i in found["interruptions"]],
        "titles": [{"level": t.level, "series": t.series, "obtained": _d(t.obtained)}
                   for t in found["titles"] if kept(t.verification)],
        "skills": [{"level": s.level, "obtained": _d(s.obtained)} for s in found["skills"]],
        "honours": [{"kind": a.honour_kind, "year": a.year} for a in awards if a.honour_kind],
        "awards": [{"level": a.level, "year": a.year, "specialty_related": a.specialty_related}
                   for a in awards],
        "continuing_education": [{"year": y, "category": c, "hours": float(h)}
                                 for (y, c), h in sorted(ce.items())],
        "annual_appraisals": [{"year": a.year, "result": a.result}
                              for a in found["appraisals"]],
        "outputs": [_clean({"kind": o.kind, "chars": o.chars, "authors": o.authors,
                            "first_author": o.rank == 1, "published": o.published,
                            "written": _d(o.written)})
                    for o in found["outputs"]],
        "achievements": {"projects_led": sum(1 for v in found["projects_led"] if kept(v))},
    }


IMPORTERS: dict[str, Any] = {
    "education": lambda u, r: m.Education(
        owner=u, level=r["level"], field=r.get("field") or "other", major=r.get("major", ""),
        related=r.get("related"), school=r.get("school", ""),
        mode=r.get("mode") or "full_time", awarded=r["awarded"],
        foreign=bool(r.get("foreign"))),
    "work_history": lambda u, r: m.WorkPeriod(
        owner=u, start=r["from"], end=r.get("to"), employer=r.get("employer") or "",
        post=r.get("post", ""), technical=bool(r.get("technical")), related=r.get("related")),
    "interruptions": lambda u, r: m.Interruption(owner=u, start=r["from"], end=r["to"],
                                                 reason=r["reason"]),
    "titles": lambda u, r: m.TitleHeld(
        owner=u, level=r["level"], series=r.get("series") or "engineering",
        name=r.get("name", ""), obtained=r["obtained"], issuer=r.get("issuer", "")),
    "skills": lambda u, r: m.SkillCertificate(owner=u, level=r["level"],
                                              occupation=r.get("occupation", ""),
                                              obtained=r["obtained"]),
    "awards": lambda u, r: m.Award(owner=u, name=r.get("name", ""), level=r["level"],
                                   year=r["year"],
                                   specialty_related=r.get("specialty_related", True)),
    "continuing_education": lambda u, r: m.CeRecord(owner=u, year=r["year"],
                                                    category=r["category"],
                                                    hours=Decimal(str(r["hours"]))),
    "annual_appraisals": lambda u, r: m.Appraisal(owner=u, year=r["year"], result=r["result"]),
    "outputs": lambda u, r: m.Output(
        owner=u, kind=r["kind"] if r["kind"] in m.OutputKind.values else "paper",
        title=r.get("title", ""), chars=r.get("chars") or 0, authors=r.get("authors") or 1,
        rank=1 if r.get("first_author", True) else 2, published=bool(r.get("published")),
        written=r["written"]),
}
REQUIRED = {"education": ("level", "awarded"), "work_history": ("from",),
            "interruptions": ("from", "to", "reason"), "titles": ("level", "obtained"),
            "skills": ("level", "obtained"), "awards": ("level", "year"),
            "continuing_education": ("year", "category", "hours"),
            "annual_appraisals": ("year", "result"), "outputs": ("kind", "written")}
MODEL_OF = {"education": m.Education, "work_history": m.WorkPeriod,
            "interruptions": m.Interruption, "titles": m.TitleHeld,
            "skills": m.SkillCertificate, "awards": m.Award,
            "continuing_education": m.CeRecord, "annual_appraisals": m.Appraisal,
            "outputs": m.Output}


# The profile's names of the model fields the importers rename.
PROFILE_NAME = {"start": "from", "end": "to", "rank": "first_author"}


def _unstorable(obj: models.Model) -> tuple[str, str] | None:
    """The first value of a built row that its column cannot hold: (field, why)."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if value is None or field.is_relation:
            continue
        if isinstance(value, str) and "\x00" in value:
            return field.name, "不能含有空字符"
        if isinstance(field, models.DecimalField):
            whole = 10 ** (field.max_digits - field.decimal_places)
            if not value.is_finite() or abs(value) >= whole:
                return field.name, f"应小于 {whole}"
            continue
        try:
            field.run_validators(value)
        except ValidationError as exc:
            return field.name, "；".join(exc.messages)
    return None


def check_storable(profile: dict[str, Any]) -> None:
    """Refuse, naming the field, a value the archive cannot keep (a negative year, a name
    longer than its column); the contract's checks let some through."""
    for key, build in IMPORTERS.items():
        for i, row in enumerate(profile.get(key) or []):
            if not all(row.get(f) is not None for f in REQUIRED[key]):
                continue
            problem = _unstorable(build(None, row))
            if problem:
                name, why = problem
                raise ProfileError(f"{key}[{i}].{PROFILE_NAME.get(name, name)}", why)


def import_sections(who: Who, user: Any, profile: dict[str, Any]) -> dict[str, str]:
    """Add a checked profile's rows to the sections of the archive that are still empty.

    Returns section → what happened (imported n rows, or kept as it was). Rows the profile
    cannot fill completely (missing a required value) are skipped and counted. A value the
    archive cannot keep raises ProfileError naming it, before anything is written.
    """
    check_storable(profile)
    report: dict[str, str] = {}
    with transaction.atomic():
        for key, build in IMPORTERS.items():
            rows = profile.get(key) or []
            if not rows:
                continue
            model = MODEL_OF[key]
            name = str(model._meta.verbose_name)
            if model.objects.filter(owner=user).exists():
                report[name] = "档案中已有记录，未导入（避免重复）"
                continue
            made = [build(user, r) for r in rows
                    if all(r.get(f) is not None for f in REQUIRED[key])]
            if key == "annual_appraisals":
                made = list({a.year: a for a in made}.values())
            model.objects.bulk_create(made)
            signals.changed(user.pk)  # bulk_create sends no signal
            skipped = len(rows) - len(made)
            report[name] = f"导入{len(made)}条" + (f"，{skipped}条缺少必填项未导入" if skipped
                                                  else "")
        record(who, ("archive.profile", str(user.pk)), "archive.import", after=report)
    return report
