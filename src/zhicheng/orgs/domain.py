"""Organisation and role state changes, each in one transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhicheng.accounts.models import User
from zhicheng.audit.domain import Who, record

from .models import Organisation, OrgKind, OrgStatus, Role, RoleGrant


class DomainError(Exception):
    """A refused action; the message is Chinese and says why."""


def register_employer(data: dict[str, Any], user: User, who: Who) -> Organisation:
    """Register a unit for review; a unit rejected before is submitted again, not duplicated."""
    with transaction.atomic():
        org = (Organisation.objects.select_for_update()
               .filter(kind=OrgKind.EMPLOYER, credit_code=data["credit_code"],
                       status=OrgStatus.REJECTED).first())
        before = org.audit_data() if org else None
        if org is None:
            org = Organisation(kind=OrgKind.EMPLOYER)
        for field, value in data.items():
            setattr(org, field, value)
        org.status = OrgStatus.PENDING
        org.reviewed_by, org.reviewed_at, org.review_reason = None, None, ""
        org.save()
        record(who, org, "employer.resubmitted" if before else "employer.registered",
               before=before, after=org.audit_data())
        if not RoleGrant.objects.active().filter(user=user, role=Role.UNIT_ADMIN,
                                                 organisation=org).exists():
            grant = RoleGrant.objects.create(user=user, role=Role.UNIT_ADMIN, organisation=org,
                                             granted_by=user)
            record(who, grant, "role.granted", after=_grant_data(grant))
    return org


def review_employer(org: Organisation, approve: bool, reason: str, who: Who) -> None:
    if not approve and not reason.strip():
        raise DomainError(_("不通过时必须填写审核意见"))
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=org.pk)
        if locked.status != OrgStatus.PENDING:
            raise DomainError(_("该单位已审核，不能重复审核"))
        before = locked.audit_data()
        locked.status = OrgStatus.APPROVED if approve else OrgStatus.REJECTED
        locked.review_reason = reason.strip()
        locked.reviewed_by = who.actor
        locked.reviewed_at = timezone.now()
        locked.save()
        record(who, locked, "employer.approved" if approve else "employer.rejected",
               before=before, after=locked.audit_data(), reason=reason.strip())
    org.refresh_from_db()


def create_department(committee: Organisation, name: str, region: str, operator_name: str,
                      operator_mobile: str, who: Who) -> tuple[Organisation, User, bool]:
    """Create an acceptance point under the committee and its operator's account.

    Returns the organisation, the operator and whether the account is new (a new account
    has no password: the operator sets one by SMS through password reset).
    """
    with transaction.atomic():
        dept = Organisation.objects.create(kind=OrgKind.DEPARTMENT, name=name, region=region,
                                           parent=committee, status=OrgStatus.APPROVED,
                                           contact_name=operator_name,
                                           contact_mobile=operator_mobile)
        record(who, dept, "department.created", after=dept.audit_data())
        operator = User.objects.by_mobile(operator_mobile).first()
        created = operator is None
        if operator is None:
            operator = User(mobile=operator_mobile, name=operator_name)
            operator.set_unusable_password()
            operator.save()
            record(who, operator, "account.created_by_office", after=operator.audit_data())
        grant_role(operator, Role.DEPARTMENT, dept, who)
    return dept, operator, created


def grant_role(user: User, role: str, org: Organisation, who: Who) -> RoleGrant:
    if RoleGrant.objects.active().filter(user=user, role=role, organisation=org).exists():
        raise DomainError(f"{user.name} 已拥有该角色")
    with transaction.atomic():
        grant = RoleGrant.objects.create(user=user, role=role, organisation=org,
                                         granted_by=who.actor)
        record(who, grant, "role.granted", after=_grant_data(grant))
    return grant


def revoke_role(grant: RoleGrant, who: Who, reason: str = "") -> None:
    if grant.revoked_at is not None:
        raise DomainError(_("该角色授权已撤销"))
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        record(who, grant, "role.revoked", before=_grant_data(grant), reason=reason)


def set_employer(user: User, employer: Organisation | None, who: Who) -> None:
    if employer is not None and (employer.kind != OrgKind.EMPLOYER or not employer.is_approved):
        raise DomainError(_("只能选择已通过审核的用人单位"))
    with transaction.atomic():
        before = {"employer": user.employer_id}
        user.employer = employer
        user.save(update_fields=["employer"])
        record(who, user, "account.employer_set", before=before,
               after={"employer": user.employer_id})


def _grant_data(grant: RoleGrant) -> dict[str, Any]:
    return {"user": grant.user_id, "role": grant.role, "organisation": grant.organisation_id}
