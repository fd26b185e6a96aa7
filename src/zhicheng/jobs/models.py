"""One piece of long work someone started: what, for whom, how far it has got, what came of it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    SCREENING = "screening", _("批量预审")
    BULK_REVIEW = "bulk_review", _("批量审核")
    ASSIGNMENT = "assignment", _("专家分配")
    OVERLAP_INDEX = "overlap_index", _("查重索引")
    OVERLAP_CHECK = "overlap_check", _("查重检查")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


WAITING = (JobStatus.QUEUED, JobStatus.RUNNING)


def percent(done: int, total: int) -> int:
    """Rounded, but 100 only when all is done (199 of 200 is 99 %, not finished)."""
    if not total:
        return 0
    if done >= total:
        return 100
    return min(99, round(done * 100 / total))


def upload_path(instance: Job, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1][:10] if "." in filename else ""
    suffix = suffix if suffix.isascii() and suffix.isalnum() else "bin"
    return f"jobs/{timezone.now():%Y%m}/{uuid.uuid4().hex}.{suffix}"


class Job(models.Model):
    kind = models.CharField(_("类型"), max_length=20, choices=JobKind.choices)
    title = models.CharField(_("内容"), max_length=200)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("发起人"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("机构"))
    role = models.CharField(_("角色"), max_length=30)
    ip = models.GenericIPAddressField(null=True, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    # an uploaded input (a sheet of profiles); removed once the job has read it
    upload = models.FileField(upload_to=upload_path, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    note = models.CharField(_("当前步骤"), max_length=200, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "role", "organisation", "created_at"],
                                name="job_owner_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"

    @property
    def waiting(self) -> bool:
        return self.status in WAITING
