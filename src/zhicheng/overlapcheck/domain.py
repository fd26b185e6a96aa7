"""Fingerprint an application's papers and technical summaries on submission, sample them
by the office's policy, check them, and flag materials an applicant sends in again."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import transaction

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, require_office
from zhicheng.audit.domain import SYSTEM, Who, record
from zhicheng.notifications.domain import notify
from zhicheng.orgs.models import Role, RoleGrant
from zhicheng.overlap import Checker, ExtractError, extract, normalize

from .backend import open_index
from .highlight import merge
from .models import Material, Policy, Report, Status


def policy_for(committee: Any) -> Policy:
    return Policy.objects.get_or_create(committee=committee)[0]


def material_name(app: Application, output_id: int) -> str:
    """The owner comes first so every source can be told apart as the applicant's own."""
    return f"u{app.applicant_id}/a{app.pk}/o{output_id}"


def sampled(policy: Policy, app_id: int, output_id: int) -> bool:
    if policy.check_all:
        return True
    digest = hashlib.sha256(f"{app_id}:{output_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < policy.sample_percent


def fingerprint_application(app_id: int) -> int:
    """Index every chosen output of the application; check the sampled ones."""
    app = Application.objects.select_related("committee").get(pk=app_id)
    policy = policy_for(app.committee)
    done = 0
    index = open_index()
    try:
        for output in app.outputs.all():
            material, text = _index_one(index, app, output, policy)
            done += 1
            if material.sampled and text is not None:
                check(material, index, text)
    finally:
        index.close()
    return done


def applications_to_index(committee_id: int) -> list[int]:
    """The committee's submitted applications with papers or technical summaries."""
    return list(Application.objects.filter(
        committee_id=committee_id, submitted_at__isnull=False, outputs__isnull=False)
        .order_by("pk").values_list("pk", flat=True).distinct())


def reindex(app_ids: list[int], progress: Callable[[int], None] | None = None) -> int:
    """Fingerprint each application again (what is in the index already is not added
    twice) and check the sampled materials; `progress` is told the applications done."""
    materials = 0
    for done, app_id in enumerate(app_ids, start=1):
        materials += fingerprint_application(app_id)
        if progress is not None:
            progress(done)
    return materials


def _read(output: Any) -> bytes:
    """The stored full text's bytes, through the storage (local disk or S3), closed after."""
    with output.file.open("rb") as fh:
        return fh.read()


def _file_text(output: Any, raw: bytes | None = None) -> str:
    raw = _read(output) if raw is None else raw
    return extract((output.file.name.rsplit("/", 1)[-1], raw))


def _index_one(index: Any, app: Application, output: Any,
               policy: Policy) -> tuple[Material, str | None]:
    """The material row, and its text when it could be read (checked without reading the
    file a second time)."""
    name = material_name(app, output.pk)
    material = Material.objects.filter(name=name).first() or Material(
        application=app, output=output, owner=app.applicant, name=name)
    material.title = output.title
    material.sampled = sampled(policy, app.pk, output.pk)
    if not output.file:
        material.status, material.problem = Status.UNREADABLE, "未上传全文"
        material.save()
        return material, None
    raw = _read(output)
    material.sha256 = hashlib.sha256(raw).hexdigest()
    try:
        text = _file_text(output, raw)
    except ExtractError as exc:
        material.status, material.problem = Status.UNREADABLE, str(exc)[:300]
        material.save()
        return material, None
    if not index.contains(name, material.sha256):
        index.add(name, material.sha256, text)
        if hasattr(index, "flush"):
            index.flush()
    material.status, material.problem = Status.INDEXED, ""
    material.chars = len(normalize(text))
    material.save()
    record(SYSTEM, material, "overlap.indexed", after={
        "application": app.pk, "output": output.pk, "sha256": material.sha256})
    return material, text


def check(material: Material, index: Any = None, text: str | None = None) -> Report:
    """Run the check and store the report with the three ratios and the resubmission flag."""
    own_index = index is None
    index = index or open_index()
    try:
        policy = policy_for(material.application.committee)
        output = material.output
        if text is None:
            if output is None or not output.file:
                raise Refused("材料全文已不存在，无法检查")
            text = _file_text(output)
        result = Checker(index, min_len=policy.min_run).check(material.name, text)
    finally:
        if own_index:
            index.close()
    data = result.as_dict()
    own = f"u{material.owner_id}/"
    this_app = f"{own}a{material.application_id}/"
    counted = int(data["chars"])
    excluding_own = _share(text, data, counted, lambda n: not n.startswith(own))
    own_earlier = _share(text, data, counted,
                         lambda n: n.startswith(own) and not n.startswith(this_app))
    policy_limit = policy.resubmission_percent / 100
    with transaction.atomic():
        report, _ = Report.objects.update_or_create(material=material, defaults={
            "chars": data["chars"], "overlap_ratio": data["overlap_ratio"],
            "max_source_ratio": data["max_source_ratio"],
            "excluding_own_ratio": excluding_own, "own_ratio": own_earlier,
            "resubmission": own_earlier >= policy_limit, "data": data | {"text": text}})
        material.status = Status.CHECKED
        material.save(update_fields=["status"])
        record(SYSTEM, report, "overlap.checked", after={
            "material": material.pk, "overlap_ratio": report.overlap_ratio,
            "excluding_own_ratio": excluding_own, "own_ratio": own_earlier})
        if report.resubmission:
            _flag(material, report)
    return report


def _share(text: str, data: dict[str, Any], counted: int, keep: Any) -> float:
    """Share of counted characters covered by the kept sources' passages."""
    if not counted:
        return 0.0
    offsets = normalize(text).offsets
    covered = 0
    for start, end in merge((p["start"], p["end"]) for s in data["sources"]
                            if keep(s["source"]) for p in s["passages"]):
        covered += int(np.count_nonzero((offsets >= start) & (offsets < end)))
    return round(min(covered, counted) / counted, 4)


def _flag(material: Material, report: Report) -> None:
    app = material.application
    grants = RoleGrant.objects.active().filter(role=Role.COMMITTEE_OFFICE,
                                               organisation_id=app.committee_id)
    for grant in grants.select_related("user"):
        notify(grant.user, "overlap_flag", {
            "plan": app.plan.title, "applicant": app.applicant.name,
            "title": material.title, "ratio": f"{report.own_ratio:.0%}",
            "url": f"/overlap/reports/{report.pk}/"},
            obj=app, channels=("site",), dedupe=f"overlapflag{report.pk}:{grant.pk}")


def set_policy(who: Who, committee: Any, **values: Any) -> Policy:
    require_office(who, committee.pk, "设置重合度检查")
    with transaction.atomic():
        policy = policy_for(committee)
        before = {k: getattr(policy, k) for k in values}
        for key, value in values.items():
            setattr(policy, key, value)
        policy.save()
        record(who, policy, "overlap.policy", before=before, after=values)
    return policy

