"""诚信档案: fraud found at any stage bars the person from applying for three years."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IntegrityRecord(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="integrity_records", verbose_name=_("当事人"))
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("涉及的申报"))
    committee = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("记录机构"))
    found = models.TextField(_("查实的弄虚作假行为"))
    barred_from = models.DateField(_("限制申报开始"))
    barred_until = models.DateField(_("限制申报结束"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("诚信档案记录")
        indexes = [models.Index(fields=["person", "barred_until"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.barred_from}–{self.barred_until}"
