"""An application: one person, one plan; a draft until submitted, then frozen."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import LABELS, State

STATEMENT_MAX = 1000


# The choices are the workflow's states; `transition.apply` is the only way to move between
# them (save() refuses a changed status that did not come through it).
Status = models.TextChoices(  # type: ignore[misc]
    "Status", [(s.name, (s.value, LABELS[s])) for s in State])


class Reached(models.IntegerChoices):
    """The furthest desk an application has reached; each desk's lists filter on it."""

    APPLICANT = 0, _("申报人")
    UNIT = 1, _("用人单位")
    DEPARTMENT = 2, _("主管部门")
    COMMITTEE = 3, _("评委会")


def photo_path(instance: Application, filename: str) -> str:
    return f"applications/{instance.applicant_id}/{uuid.uuid4().hex}.jpg"


# Columns a list of applications never shows: the frozen archive, the verdict and the
# statement are several KB each to read and decode per row.
LIST_DEFERRED = ("snapshot", "verdict", "statement")


class Application(models.Model):
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="applications", verbose_name=_("申报人"))
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT,
                             related_name="applications", verbose_name=_("评审计划"))
    level = models.CharField(_("申报级别"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    committee = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("评审委员会"))
    employer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True,
                                 related_name="+", verbose_name=_("用人单位"))
    specialty = models.CharField(_("申报专业"), max_length=50, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    reached = models.PositiveSmallIntegerField(_("已到达"), choices=Reached.choices,
                                               default=Reached.APPLICANT)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    # NULL until accepted: unique per committee, and many rows may still have none
    acceptance_no = models.CharField(_("受理号"), max_length=40, null=True,  # noqa: DJ001
                                     blank=True)
    photo = models.FileField(_("照片"), upload_to=photo_path, blank=True)
    pledge_name = models.CharField(_("承诺人姓名"), max_length=50, blank=True)
    pledged_at = models.DateTimeField(_("承诺时间"), null=True, blank=True)
    statement = models.TextField(_("本人述职"), blank=True)
    achievements = models.ManyToManyField("archive.Achievement", blank=True,
                                          verbose_name=_("代表性业绩"))
    outputs = models.ManyToManyField("archive.Output", blank=True,
                                     verbose_name=_("论文、技术总结"))
    verdict = models.JSONField(_("资格预检结论"), default=dict, blank=True,
                               encoder=DjangoJSONEncoder)
    snapshot = models.JSONField(_("提交时的档案"), default=dict, blank=True,
                                encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("职称申报")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "level", "year"], condition=~Q(status="withdrawn"),
                name="one_application_per_level_and_year",
                violation_error_message=_("同一年度同一级别只能申报一次")),
            models.UniqueConstraint(fields=["committee", "acceptance_no"],
                                    name="acceptance_no_unique_per_committee"),
        ]
        indexes = [
            models.Index(fields=["employer", "reached", "status"]),
            models.Index(fields=["committee", "reached", "status"]),
            models.Index(fields=["plan", "status"]),
            # the committee office's desk and certificate list: by status, specialty and
            # year, newest change first (an applicant's name is matched with LIKE '%…%',
            # which no B-tree serves: it runs on the rows the committee's index found)
            models.Index(fields=["committee", "status"], name="app_committee_status"),
            models.Index(fields=["committee", "specialty"], name="app_committee_specialty"),
            models.Index(fields=["committee", "year"], name="app_committee_year"),
            models.Index(fields=["committee", "status_changed_at"], name="app_committee_changed"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.applicant}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        saved = getattr(self, "_saved_status", None)
        if saved is not None and self.status != saved and not getattr(
                self, "_in_transition", False):
            raise RuntimeError("申报状态只能通过 transition.apply 变更")
        super().save(*args, **kwargs)
        self._saved_status = self.status

    def get_absolute_url(self) -> str:
        """The applicant's progress page (the link in every message about the application)."""
        return reverse("applications:progress", args=[self.pk])

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._saved_status = self.status

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Application:
        obj = super().from_db(db, field_names, values)
        obj._saved_status = obj.__dict__.get("status")
        return obj

    @property
    def state(self) -> State:
        return State(self.status)

    @property
    def return_reason(self) -> str:
        """Why the application was last sent back (shown at the top of the wizard)."""
        change = self.changes.filter(target=State.RETURNED).order_by("-at", "-pk").first()
        return change.reason if change else ""

    @property
    def editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    def audit_data(self) -> dict[str, object]:
        return {"plan": self.plan_id, "status": self.status, "version": self.version,
                "specialty": self.specialty, "photo": self.photo.name or None,
                "pledged_at": self.pledged_at, "statement_chars": len(self.statement),
                "submitted_at": self.submitted_at,
                "acceptance_no": self.acceptance_no}
