"""Electronic title certificates: one per certified application, checkable by anyone."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.plans.models import Level


def new_token() -> str:
    """The unguessable part of the QR code's link (22 URL-safe characters)."""
    return secrets.token_urlsafe(16)


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REVOKED = "revoked", _("已撤销")


class CertificateCounter(models.Model):
    """The last sequence number given by a committee in a year (locked while taking one)."""

    committee = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE,
                                  related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("证书编号序号")
        constraints = [models.UniqueConstraint(fields=["committee", "year"],
                                               name="one_certificate_counter_per_year")]

    def __str__(self) -> str:
        return f"{self.committee_id}/{self.year}: {self.last}"


class Certificate(models.Model):
    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    token = models.CharField(_("查验令牌"), max_length=32, unique=True, default=new_token,
                             editable=False)
    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT,
                                       related_name="certificate", verbose_name=_("申报"))
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="certificates", verbose_name=_("持证人"))
    holder_name = models.CharField(_("姓名"), max_length=50)
    masked_id = models.CharField(_("证件号码（隐去中间位）"), max_length=40)
    title_level = models.CharField(_("资格名称"), max_length=20, choices=Level.choices)
    specialty = models.CharField(_("专业"), max_length=50, blank=True)
    committee = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("评审委员会"))
    committee_name = models.CharField(_("评审委员会名称"), max_length=200)
    approved_on = models.DateField(_("评审通过日期"))
    issued_at = models.DateTimeField(_("发证时间"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, related_name="+", verbose_name=_("发证人"))
    status = models.CharField(_("状态"), max_length=10, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销原因"), blank=True)
    reissues = models.PositiveSmallIntegerField(_("补发次数"), default=0)
    last_reissued_at = models.DateTimeField(_("最近补发时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("电子证书")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["committee", "status"]),
                   models.Index(fields=["committee", "issued_at"], name="cert_committee_issued")]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"

    @property
    def revoked(self) -> bool:
        return self.status == CertificateStatus.REVOKED

    def audit_data(self) -> dict[str, object]:
        return {"number": self.number, "application": self.application_id,
                "status": self.status, "approved_on": self.approved_on,
                "revoked_at": self.revoked_at, "reissues": self.reissues}


class Reissue(models.Model):
    """One 补办 of a certificate: same number, a fresh copy."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE,
                                    related_name="reissue_log", verbose_name=_("证书"))
    at = models.DateTimeField(_("补发时间"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                           related_name="+", verbose_name=_("经办人"))
    reason = models.TextField(_("补办原因"))

    class Meta:
        verbose_name = verbose_name_plural = _("证书补发记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.at:%Y-%m-%d}"
