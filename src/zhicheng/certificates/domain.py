"""Issuing, revoking and reissuing certificates; only the committee's own office may."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply, require_office
from zhicheng.applications.workflow import IN_ROUND, State
from zhicheng.audit.domain import Who, record
from zhicheng.identity.idnumber import mask

from .models import Certificate, CertificateCounter, CertificateStatus, Reissue


def office_of(who: Who, committee_id: int) -> None:
    require_office(who, committee_id, "办理证书")


def next_number(committee_id: int, year: int) -> str:
    """Take the committee's next number for the year; the counter row stays locked until
    the transaction ends. Format: committee (4 digits), year, sequence (5 digits)."""
    counter, _ = CertificateCounter.objects.get_or_create(committee_id=committee_id, year=year)
    counter = CertificateCounter.objects.select_for_update().get(pk=counter.pk)
    while True:
        counter.last += 1
        number = f"{committee_id:04d}{year}{counter.last:05d}"
        if not Certificate.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


def approval_date(app: Application) -> date | None:
    """When the expert panel's pass was recorded (None if the history has no such step)."""
    from zhicheng.reviews.models import StateChange

    change = (StateChange.objects.filter(application=app, target=State.APPROVED)
              .order_by("-at", "-pk").first())
    return timezone.localdate(change.at) if change else None


def issue(who: Who, app: Application, approved_on: date | None = None,
          today: date | None = None) -> Certificate:
    """Certify an approved application and create its certificate, in one transaction."""
    office_of(who, app.committee_id)
    made: list[Certificate] = []

    def effect(current: Application) -> None:
        holder = current.applicant
        cert = Certificate.objects.create(
            number=next_number(current.committee_id, current.year), application=current,
            holder=holder, holder_name=holder.name, masked_id=mask(holder.id_number),
            title_level=current.level, specialty=current.specialty,
            committee=current.committee, committee_name=current.committee.name,
            approved_on=approved_on or approval_date(current) or today
            or timezone.localdate(),
            issued_by=who.actor)
        record(who, cert, "certificate.issue", after=cert.audit_data())
        made.append(cert)

    def guard(current: Application, day: date) -> None:
        from zhicheng.meetings.domain import certificate_problem

        problem = certificate_problem(current, day)
        if problem:
            raise Refused(f"暂不能发证：{problem}")

    apply(who, app, Step("certify", guard=guard, effect=effect), today=today)
    return made[0]


def _locked(cert: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=cert.pk)


def revoke(who: Who, cert: Certificate, reason: str) -> Certificate:
    """Mark the certificate revoked; an application still in the round is revoked too."""
    office_of(who, cert.committee_id)
    reason = reason.strip()
    if not reason:
        raise Refused("撤销证书须填写原因")
    with transaction.atomic():
        current = _locked(cert)
        if current.revoked:
            raise Refused("该证书已撤销")
        before = current.audit_data()
        current.status = CertificateStatus.REVOKED
        current.revoked_at = timezone.now()
        current.revoke_reason = reason
        current.save(update_fields=["status", "revoked_at", "revoke_reason"])
        app = current.application
        if app.status in IN_ROUND:
            apply(who, app, Step("revoke", reason=reason))
        record(who, current, "certificate.revoke", before=before,
               after=current.audit_data(), reason=reason)
    return current


def reissue(who: Who, cert: Certificate, reason: str) -> Certificate:
    """补办: the same number on a fresh copy, counted and logged."""
    office_of(who, cert.committee_id)
    reason = reason.strip()
    if not reason:
        raise Refused("补办证书须填写原因")
    with transaction.atomic():
        current = _locked(cert)
        if current.revoked:
            raise Refused("已撤销的证书不能补办")
        before = current.audit_data()
        current.reissues += 1
        current.last_reissued_at = timezone.now()
        current.save(update_fields=["reissues", "last_reissued_at"])
        Reissue.objects.create(certificate=current, at=current.last_reissued_at,
                               by=who.actor, reason=reason)
        record(who, current, "certificate.reissue", before=before,
               after=current.audit_data(), reason=reason)
    return current
