"""The committee meeting, its secret ballot and the tally; results posting and 复查."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    VOTING = "voting", _("表决中")
    CLOSED = "closed", _("表决结束")


class Meeting(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="meetings",
                             verbose_name=_("评审计划"))
    group = models.ForeignKey("experts.DisciplineGroup", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="meetings", verbose_name=_("学科组"))
    title = models.CharField(_("会议名称"), max_length=200)
    held_on = models.DateField(_("会议日期"))
    members = models.ManyToManyField("experts.Expert", related_name="meetings",
                                     verbose_name=_("评委会成员"))
    status = models.CharField(_("状态"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("评审会议")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("出席"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("出席情况")
        constraints = [models.UniqueConstraint(fields=["meeting", "expert"],
                                               name="one_attendance_row_per_expert")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.expert_id} {self.present}"


class VoteCast(models.Model):
    """That an expert voted on an application: recorded, unlike how."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="casts")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="+")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = _("投票记录")
        constraints = [models.UniqueConstraint(fields=["meeting", "application", "expert"],
                                               name="one_vote_per_expert")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.application_id} {self.expert_id}"


class Ballot(models.Model):
    """How: a random key and no voter, no time, so a ballot cannot be tied to a VoteCast."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ballots")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="+")
    choice = models.CharField(_("表决意见"), max_length=10)

    class Meta:
        verbose_name = verbose_name_plural = _("选票")

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.application_id}"


class Decision(models.Model):
    """The tally of one application, with a hash of the ballots it was counted from."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="decisions")
    present = models.PositiveSmallIntegerField(_("参加表决人数"))
    yes = models.PositiveSmallIntegerField(_("同意"))
    no = models.PositiveSmallIntegerField(_("不同意"))
    abstain = models.PositiveSmallIntegerField(_("弃权"))
    passed = models.BooleanField(_("通过"))
    ballots_sha256 = models.CharField(max_length=64)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("表决结果")
        constraints = [models.UniqueConstraint(fields=["meeting", "application"],
                                               name="one_decision_per_application")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.yes}/{self.present}"


class ResultPosting(models.Model):
    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT,
                                related_name="result_posting")
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    proof_from = models.DateField(_("公示期满次日"))
    place = models.CharField(_("公示方式"), max_length=200)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("评审结果公示")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.starts_on}–{self.ends_on}"


class ReexamStatus(models.TextChoices):
    OPEN = "open", _("待复查")
    UPHELD = "upheld", _("维持原结果")
    CHANGED = "changed", _("改变原结果")


class Reexamination(models.Model):
    """复查: asked by the applicant within the results posting; the office records it."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="reexaminations")
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("复查理由"))
    status = models.CharField(_("状态"), max_length=10, choices=ReexamStatus.choices,
                              default=ReexamStatus.OPEN)
    outcome = models.TextField(_("复查结论"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("复查申请")

    def __str__(self) -> str:
        return f"{self.application_id} {self.status}"
