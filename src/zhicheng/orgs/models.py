"""Organisations (employer units, departments / acceptance points, committees) and roles."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.core.uploads import safe_suffix


class OrgKind(models.TextChoices):
    EMPLOYER = "employer", _("用人单位")
    DEPARTMENT = "department", _("主管部门/受理点")
    COMMITTEE = "committee", _("评审委员会")


class OrgStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


class Ownership(models.TextChoices):
    PRIVATE = "private", _("民营企业")
    STATE_OWNED = "state_owned", _("国有企业")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    FOREIGN = "foreign", _("外资企业")
    GOVERNMENT = "government", _("机关")


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报人")
    UNIT_ADMIN = "unit_admin", _("用人单位经办人")
    DEPARTMENT = "department", _("主管部门/受理点经办人")
    COMMITTEE_OFFICE = "committee_office", _("评委会办公室")
    EXPERT = "expert", _("评审专家")


ROLE_ORG_KIND = {
    Role.UNIT_ADMIN: OrgKind.EMPLOYER,
    Role.DEPARTMENT: OrgKind.DEPARTMENT,
    Role.COMMITTEE_OFFICE: OrgKind.COMMITTEE,
    Role.EXPERT: OrgKind.COMMITTEE,
}


def letter_path(instance: Organisation, filename: str) -> str:
    # The uploaded name is never trusted: the form renames the file by its sniffed content.
    return f"orgs/letters/{timezone.now():%Y%m}/{uuid.uuid4().hex}{safe_suffix(filename)}"


class Organisation(models.Model):
    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, null=True, blank=True,
                                   unique=True,
                                   error_messages={"unique": "该统一社会信用代码已注册"})
    region = models.CharField(_("所在地区"), max_length=100, blank=True)
    ownership = models.CharField(_("单位性质"), max_length=30, choices=Ownership.choices,
                                 blank=True)
    parent = models.ForeignKey("self", verbose_name=_("上级机构（受理点或评委会）"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="children")
    status = models.CharField(_("状态"), max_length=20, choices=OrgStatus.choices,
                              default=OrgStatus.APPROVED)
    authorisation_letter = models.FileField(_("授权委托书"), upload_to=letter_path, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_mobile = models.CharField(_("联系电话"), max_length=20, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_reason = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("机构")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "status"]),
                   # conflicts are declared by a unit's name; plan files name their committee
                   models.Index(fields=["name"], name="org_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == OrgStatus.APPROVED

    def audit_data(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "credit_code": self.credit_code,
                "region": self.region, "ownership": self.ownership,
                "parent": self.parent_id, "status": self.status}


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def active(self) -> RoleGrantQuerySet:
        return self.filter(revoked_at__isnull=True)


class RoleGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"),
                             on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, verbose_name=_("机构"),
                                     on_delete=models.PROTECT, related_name="role_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("角色授权")
        indexes = [models.Index(fields=["organisation", "role"], name="grant_org_role")]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organisation"],
                                    condition=Q(revoked_at__isnull=True),
                                    name="one_active_grant"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.organisation}"
