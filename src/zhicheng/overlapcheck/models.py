"""Papers and technical summaries fingerprinted on submission, the office's sampling policy,
and the reports it reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    committee = models.OneToOneField("orgs.Organisation", on_delete=models.CASCADE,
                                     related_name="overlap_policy")
    check_all = models.BooleanField(_("全部检查"), default=False)
    sample_percent = models.PositiveSmallIntegerField(
        _("抽检比例（%）"), default=30, help_text=_("不全部检查时，按此比例随机抽检"))
    resubmission_percent = models.PositiveSmallIntegerField(
        _("重复提交提示阈值（%）"), default=80,
        help_text=_("与本人往年提交的材料重合超过此比例时提示评委会办公室"))
    min_run = models.PositiveSmallIntegerField(_("最短重合字数"), default=13)

    class Meta:
        verbose_name = verbose_name_plural = _("重合度检查设置")

    def __str__(self) -> str:
        return str(self.committee)


class Status(models.TextChoices):
    INDEXED = "indexed", _("已入库")
    CHECKED = "checked", _("已检查")
    UNREADABLE = "unreadable", _("无法提取文字")


class Material(models.Model):
    """One submitted paper or technical summary, as fingerprinted into the index."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="overlap_materials")
    output = models.ForeignKey("archive.Output", on_delete=models.SET_NULL, null=True,
                               related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    name = models.CharField(_("索引中的名称"), max_length=200, unique=True)
    title = models.CharField(_("标题"), max_length=300)
    sha256 = models.CharField(max_length=64)
    chars = models.PositiveIntegerField(_("文字数"), default=0)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices,
                              default=Status.INDEXED)
    problem = models.CharField(_("问题"), max_length=300, blank=True)
    sampled = models.BooleanField(_("抽中检查"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("检查材料")
        indexes = [models.Index(fields=["owner"]),
                   models.Index(fields=["created_at"], name="material_created")]

    def __str__(self) -> str:
        return self.title


class Report(models.Model):
    material = models.OneToOneField(Material, on_delete=models.CASCADE, related_name="report")
    chars = models.PositiveIntegerField(_("文字数"))
    overlap_ratio = models.FloatField(_("总文字复制比"))
    max_source_ratio = models.FloatField(_("单篇最大文字复制比"))
    excluding_own_ratio = models.FloatField(_("去除本人已发表文献复制比"))
    own_ratio = models.FloatField(_("与本人往年材料的重合比"), default=0)
    resubmission = models.BooleanField(_("疑似原样重复提交"), default=False)
    data = models.JSONField(_("报告"), default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("重合度检查报告")
        ordering = ["-overlap_ratio"]
        # the office's "疑似重复提交" filter: a partial index of the few flagged reports
        indexes = [models.Index(fields=["material"], condition=models.Q(resubmission=True),
                                name="report_resubmission")]

    def __str__(self) -> str:
        return f"{self.material} {self.overlap_ratio:.1%}"
