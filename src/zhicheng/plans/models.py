"""A plan: one committee's round for one level, with its rules as data."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.eligibility.plan import Plan as EnginePlan
from zhicheng.eligibility.plan import parse_plan


class Level(models.TextChoices):
    TECHNICIAN = "technician", _("技术员")
    ASSISTANT = "assistant", _("助理工程师")
    ENGINEER = "engineer", _("工程师")
    SENIOR = "senior", _("高级工程师")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("申报中")
    CLOSED = "closed", _("已截止")


# The plan's file and its parsed form are 7-15 KB per row and read only when rules are
# parsed or the plan is reloaded: left out of every query unless asked for by name.
HEAVY_FIELDS = ("document", "source")
# for select_related("plan") on other models
PLAN_HEAVY = tuple(f"plan__{name}" for name in HEAVY_FIELDS)


class PlanManager(models.Manager["Plan"]):
    def get_queryset(self) -> models.QuerySet[Plan]:
        return super().get_queryset().defer(*HEAVY_FIELDS)


class Plan(models.Model):
    key = models.SlugField(_("计划代码"), max_length=80, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    level = models.CharField(_("申报级别"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    committee = models.ForeignKey("orgs.Organisation", verbose_name=_("评审委员会"),
                                  on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    notice = models.CharField(_("依据文件"), max_length=200, blank=True)
    region = models.CharField(_("适用地区"), max_length=100, blank=True)
    specialties = models.JSONField(_("评审专业"), default=list, blank=True)
    apply_opens = models.DateField(_("申报开始"), null=True, blank=True)
    apply_closes = models.DateField(_("申报截止"), null=True, blank=True)
    unit_closes = models.DateField(_("单位推荐截止"), null=True, blank=True)
    department_closes = models.DateField(_("主管部门推荐截止"), null=True, blank=True)
    posting_workdays = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    fee = models.DecimalField(_("评审费（元）"), max_digits=8, decimal_places=2, null=True,
                              blank=True, help_text=_("为空时不收费或尚未确定"))
    paper_copies = models.PositiveSmallIntegerField(
        _("纸质评审表份数"), default=0, help_text=_("0 表示不需报送纸质材料"))
    paper_workdays = models.PositiveSmallIntegerField(
        _("纸质材料报送期限（收到短信后工作日）"), default=5)
    acceptance_format = models.CharField(
        _("受理号格式"), max_length=60, default="{year}-{seq:04d}",
        help_text=_("可用 {year} 年度、{plan} 计划代码、{level} 级别、{seq} 序号"
                    "（{seq:05d} 补零）"))
    assess_on = models.DateField(
        _("资格审查基准日"), null=True, blank=True,
        help_text=_("为空时按审查当天；演示或补录往年评审时填通知申报期内的日期"))
    document = models.JSONField(_("计划全文（规则数据）"), default=dict, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    source = models.TextField(_("计划文件（TOML）"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    objects = PlanManager()

    class Meta:
        verbose_name = verbose_name_plural = _("评审计划")
        ordering = ["-year", "key"]
        # `application.plan` and the like go through this manager too (no big columns)
        base_manager_name = "objects"
        indexes = [models.Index(fields=["status", "year"], name="plan_status_year")]

    def __str__(self) -> str:
        return self.title

    def closes(self, stage: str) -> date | None:
        """The deadline of a workflow stage (apply, unit, department); None if open-ended."""
        return {"apply": self.apply_closes, "unit": self.unit_closes or self.apply_closes,
                "department": self.department_closes}.get(stage)

    def engine_plan(self) -> EnginePlan:
        """The rules as the eligibility engine reads them, parsed once per process for each
        plan and version of its file (the key is the file's digest, or the digest of the text
        itself where none is recorded, so no plan is served another's rules). The text is
        read from the database only when this process has not parsed that version yet."""
        digest = self.document_sha256 or hashlib.sha256(self.source.encode()).hexdigest()
        key = (self.pk, digest)
        with _ENGINE_LOCK:
            found = _ENGINE_CACHE.get(key)
            if found is not None:
                _ENGINE_CACHE.move_to_end(key)
                return found
        found = parse_plan(self.source, f"{self.key}.toml")
        with _ENGINE_LOCK:
            _ENGINE_CACHE[key] = found
            while len(_ENGINE_CACHE) > ENGINE_CACHE_SIZE:
                _ENGINE_CACHE.popitem(last=False)
        return found


# Parsed rules are plain Python objects, cheaper to keep per process than to unpickle from a
# shared cache; least recently used first out.
ENGINE_CACHE_SIZE = 64
_ENGINE_CACHE: OrderedDict[tuple[int | None, str], EnginePlan] = OrderedDict()
_ENGINE_LOCK = threading.Lock()


def forget_engine_plan(plan_id: int | None) -> None:
    """Drop this process's parsed rules of a plan (plans/signals.py, on save and delete)."""
    with _ENGINE_LOCK:
        for key in [k for k in _ENGINE_CACHE if k[0] == plan_id]:
            del _ENGINE_CACHE[key]


def results_path(instance: ScreeningRun, filename: str) -> str:
    return f"screening/{timezone.now():%Y%m}/{uuid.uuid4().hex}.xlsx"


class ScreeningRun(models.Model):
    """A committee office's bulk pre-screen: who ran it, on what, and the results file."""

    plan = models.ForeignKey(Plan, verbose_name=_("评审计划"), on_delete=models.PROTECT)
    committee = models.ForeignKey("orgs.Organisation", verbose_name=_("评审委员会"),
                                  on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    source_name = models.CharField(_("上传文件"), max_length=200)
    total = models.PositiveIntegerField(_("档案数"), default=0)
    eligible = models.PositiveIntegerField(_("符合"), default=0)
    ineligible = models.PositiveIntegerField(_("不符合"), default=0)
    needs_review = models.PositiveIntegerField(_("需审核"), default=0)
    errors = models.PositiveIntegerField(_("无法读取"), default=0)
    results = models.FileField(_("结果文件"), upload_to=results_path)

    class Meta:
        verbose_name = verbose_name_plural = _("资格批量预检")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan.key} {self.created_at:%Y-%m-%d %H:%M}"
