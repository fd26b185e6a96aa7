"""The expert pool, discipline groups, conflicts of interest, assignments and scores."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DisciplineGroup(models.Model):
    """学科组: the experts of one plan who judge one set of specialties."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="groups",
                             verbose_name=_("评审计划"))
    name = models.CharField(_("学科组名称"), max_length=100)
    specialties = models.JSONField(_("负责的申报专业"), default=list)
    experts = models.ManyToManyField("Expert", blank=True, related_name="groups",
                                     verbose_name=_("成员"))

    class Meta:
        verbose_name = verbose_name_plural = _("学科组")
        constraints = [models.UniqueConstraint(fields=["plan", "name"],
                                               name="group_name_unique_in_plan")]

    def __str__(self) -> str:
        return self.name


class TitleLevel(models.TextChoices):
    SENIOR = "senior", _("高级工程师")
    PROFESSOR = "professor", _("正高级工程师")


class Expert(models.Model):
    committee = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                                  related_name="experts", verbose_name=_("评审委员会"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="expert_posts", verbose_name=_("平台账号"))
    name = models.CharField(_("姓名"), max_length=50)
    title_level = models.CharField(_("职称"), max_length=20, choices=TitleLevel.choices)
    specialties = models.JSONField(_("专业"), default=list)
    employer = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("工作单位"))
    employer_name = models.CharField(_("工作单位名称"), max_length=200)
    region = models.CharField(_("所在地区"), max_length=100, blank=True)
    appointed_from = models.DateField(_("聘期开始"))
    appointed_until = models.DateField(_("聘期结束"))
    min_load = models.PositiveSmallIntegerField(_("最少评审件数"), default=0)
    max_load = models.PositiveSmallIntegerField(_("最多评审件数"), default=30)

    class Meta:
        verbose_name = verbose_name_plural = _("评审专家")
        indexes = [models.Index(fields=["committee", "name"], name="expert_committee_name")]
        constraints = [models.UniqueConstraint(fields=["committee", "user"],
                                               name="one_expert_post_per_committee")]

    def __str__(self) -> str:
        return self.name

    def serving_on(self, day: object) -> bool:
        return self.appointed_from <= day <= self.appointed_until  # type: ignore[operator]


class ConflictKind(models.TextChoices):
    EMPLOYER = "employer", _("同一单位")
    RELATIVE = "relative", _("亲属关系")
    MENTOR = "mentor", _("师生关系")
    COLLEAGUE = "colleague", _("合作或曾同事")
    OTHER = "other", _("其他利害关系")


class Conflict(models.Model):
    """A declared relationship: with a person (an applicant) or with an organisation.
    The shared employer needs no row; it is found from the data every time."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                               blank=True, related_name="+", verbose_name=_("申报人"))
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("单位"))
    kind = models.CharField(_("关系"), max_length=20, choices=ConflictKind.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("回避关系")
        constraints = [models.CheckConstraint(
            condition=models.Q(person__isnull=False) | models.Q(organisation__isnull=False),
            name="conflict_names_person_or_org")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_kind_display()}"


class AssignmentRun(models.Model):
    """One solve: the inputs, the parameters and the proposal, kept as the office saw them."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(DisciplineGroup, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    parameters = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    inputs = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    result = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("专家分配方案")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.created_at:%Y-%m-%d %H:%M}"


class Assignment(models.Model):
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    run = models.ForeignKey(AssignmentRun, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("评审分配")
        constraints = [models.UniqueConstraint(fields=["application", "expert"],
                                               name="one_assignment_per_pair")]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.expert_id}"


class ScoreSheet(models.Model):
    """The categories experts score in a plan: [{key, label, weight, max, required}]."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="sheet")
    categories = models.JSONField(_("评分项"), default=list)

    class Meta:
        verbose_name = verbose_name_plural = _("评分表")

    def __str__(self) -> str:
        return f"{self.plan_id}"


class Score(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE,
                                      related_name="score")
    values = models.JSONField(_("各项得分"), default=dict)
    total = models.DecimalField(_("加权总分"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("评审意见"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("专家评分")

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.total}"


class Interview(models.Model):
    """答辩: one applicant's slot before a discipline group."""

    group = models.ForeignKey(DisciplineGroup, on_delete=models.CASCADE,
                              related_name="interviews")
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE,
                                       related_name="interview")
    starts_at = models.DateTimeField(_("答辩时间"))
    place = models.CharField(_("答辩地点"), max_length=200)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("答辩安排")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.starts_at:%Y-%m-%d %H:%M}"
