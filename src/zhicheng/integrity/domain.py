"""Fraud found at any stage: the application (or the title) is revoked, the person is
recorded for three years, and applications in that time are refused."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply, require_office
from zhicheng.applications.workflow import IN_ROUND
from zhicheng.audit.domain import Who, record
from zhicheng.core import cached

from .models import IntegrityRecord

BAR_YEARS = 3


def bar_ends(found_on: date) -> date:
    try:
        end = found_on.replace(year=found_on.year + BAR_YEARS)
    except ValueError:  # 29 February
        end = found_on.replace(year=found_on.year + BAR_YEARS, day=28)
    return date.fromordinal(end.toordinal() - 1)


def scope(person_id: int) -> str:
    return f"integrity:{person_id}"


def bars(person_id: int) -> list[tuple[date, date]]:
    """The person's bars, (from, until), from the cache: starting an application, the
    eligibility step and the submission each ask (integrity/apps.py drops them when a
    record is saved or deleted; records are never changed by a queryset update)."""
    return cached.get(scope(person_id), "bars", lambda: list(
        IntegrityRecord.objects.filter(person_id=person_id).order_by("barred_from", "pk")
        .values_list("barred_from", "barred_until")))


def active(person_id: int, on: date) -> tuple[date, date] | None:
    """The bar in force on `on` that lasts longest, if any."""
    return max(((start, end) for start, end in bars(person_id) if start <= on <= end),
               key=lambda bar: bar[1], default=None)


def refusal(person_id: int, on: date) -> str | None:
    bar = active(person_id, on)
    if bar is None:
        return None
    return (f"诚信档案记录：因弄虚作假，{bar[0]:%Y年%m月%d日}至"
            f"{bar[1]:%Y年%m月%d日}不得申报职称评审")


def record_fraud(who: Who, app: Application, found: str,
                 today: date | None = None) -> IntegrityRecord:
    """Revoke the application (and its certificate) and bar the person for three years."""
    require_office(who, app.committee_id, "记入诚信档案")
    org = who.acting_for
    if not found.strip():
        raise Refused("请写明查实的弄虚作假行为")
    today = today or timezone.localdate()
    with transaction.atomic():
        rec = IntegrityRecord.objects.create(
            person_id=app.applicant_id, application=app, committee=org, found=found.strip(),
            barred_from=today, barred_until=bar_ends(today), recorded_by=who.actor)
        record(who, rec, "integrity.recorded", after={
            "person": app.applicant_id, "application": app.pk, "found": rec.found,
            "barred": [rec.barred_from, rec.barred_until]})
        cert = getattr(app, "certificate", None)
        if cert is not None and cert.status != "revoked":
            from zhicheng.certificates.domain import revoke

            revoke(who, cert, f"弄虚作假：{rec.found}")
        elif app.status in IN_ROUND:
            apply(who, app, Step("revoke", reason=f"弄虚作假：{rec.found}"))
    return rec


def profile_records(person_id: int) -> list[dict[str, str]]:
    """The person's records in the eligibility profile's `integrity_records` shape."""
    return [{"from": start.isoformat(), "until": end.isoformat()}
            for start, end in bars(person_id)]
