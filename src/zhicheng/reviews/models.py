"""What the desks between submission and acceptance record: each move, the unit's public
posting and its objections, the office's acceptance numbers, paper copies and fees."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StateChange(models.Model):
    """One move of an application, with its reason: the history the applicant sees."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="changes", verbose_name=_("申报"))
    action = models.CharField(_("操作"), max_length=30)
    source = models.CharField(_("原状态"), max_length=20)
    target = models.CharField(_("新状态"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("经办人"))
    acting_for = models.ForeignKey("orgs.Organisation", null=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("机构"))
    reason = models.TextField(_("意见或原因"), blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("审核记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"

    def get_action_label(self) -> str:
        from zhicheng.applications.workflow import ACTIONS

        act = ACTIONS.get(self.action)
        return act.label if act else self.action


class Posting(models.Model):
    """The unit's public posting (公示) of one application."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE,
                                       related_name="posting", verbose_name=_("申报"))
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    proof_from = models.DateField(_("最早出具公示证明日期"))
    place = models.CharField(_("公示方式或地点"), max_length=200)
    content = models.JSONField(_("公示内容"), default=dict)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", null=True)
    proof_issued_on = models.DateField(_("公示证明出具日期"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("公示")

    def __str__(self) -> str:
        return f"{self.application_id} {self.starts_on}–{self.ends_on}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    DISMISSED = "dismissed", _("经核实不成立")
    UPHELD = "upheld", _("经核实成立")


class Objection(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="objections",
                                verbose_name=_("公示"))
    received_on = models.DateField(_("收到日期"))
    raised_by = models.CharField(_("反映人（可匿名）"), max_length=100, blank=True)
    content = models.TextField(_("反映内容"))
    status = models.CharField(_("处理状态"), max_length=12, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    resolution = models.TextField(_("核实情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("公示异议")
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.posting_id} {self.received_on}"


class AcceptanceCounter(models.Model):
    """The last acceptance number given in a plan (locked while the next one is taken)."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="+")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("受理号序号")

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.last}"


class PaperReceipt(models.Model):
    """The paper copies the plan still asks for: when due, when and how many arrived."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE,
                                       related_name="paper", verbose_name=_("申报"))
    copies_due = models.PositiveSmallIntegerField(_("应交份数"))
    due_on = models.DateField(_("报送截止"))
    received_on = models.DateField(_("收到日期"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("收到份数"), default=0)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("纸质材料")

    def __str__(self) -> str:
        return f"{self.application_id} {self.copies}/{self.copies_due}"

    @property
    def late(self) -> bool:
        return self.received_on is not None and self.received_on > self.due_on


class FeeStatus(models.TextChoices):
    UNPAID = "unpaid", _("未缴费")
    PAID = "paid", _("已缴费")
    WAIVED = "waived", _("免缴")


class Fee(models.Model):
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE,
                                       related_name="fee", verbose_name=_("申报"))
    amount = models.DecimalField(_("金额（元）"), max_digits=8, decimal_places=2)
    status = models.CharField(_("缴费状态"), max_length=10, choices=FeeStatus.choices,
                              default=FeeStatus.UNPAID)
    method = models.CharField(_("缴费方式"), max_length=40, blank=True)
    reference = models.CharField(_("缴费凭证号"), max_length=80, blank=True)
    paid_at = models.DateTimeField(_("缴费时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("评审费")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.application_id} {self.amount} {self.status}"


class ExportKind(models.TextChoices):
    POSTING = "posting", _("公示表")
    ROSTER = "roster", _("受理花名册")
    FEES = "fees", _("缴费名单")
    FORMS = "forms", _("评审表（PDF压缩包）")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


def export_path(instance: Export, filename: str) -> str:
    suffix = "zip" if instance.kind == ExportKind.FORMS else "xlsx"
    return f"exports/{timezone.now():%Y%m}/{instance.pk}-{instance.kind}.{suffix}"


class Export(models.Model):
    """An Excel file an office asked for, built by a background task."""

    kind = models.CharField(_("类型"), max_length=10, choices=ExportKind.choices)
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("机构"))
    role = models.CharField(max_length=30)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=ExportStatus.choices,
                              default=ExportStatus.QUEUED)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    file = models.FileField(_("文件"), upload_to=export_path, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("导出文件")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "role", "created_at"],
                                name="export_org_role_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
