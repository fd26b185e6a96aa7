"""The outbox: one row per message and channel, and a log of every delivery attempt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.core.encryption import EncryptedCharField


class Channel(models.TextChoices):
    SITE = "site", _("站内消息")
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")


class Status(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")
    SKIPPED = "skipped", _("无地址，未发送")


class Message(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="messages", verbose_name=_("收件人"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    address = EncryptedCharField(_("地址"), max_length=254, blank=True,
                               help_text=_("手机号码或电子邮箱，入队时复制"))
    event = models.CharField(_("事件"), max_length=40)
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("正文"))
    url = models.CharField(_("链接"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notify_msg_inbox"),
            models.Index(fields=["status", "next_attempt_at"], name="notify_msg_due"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], condition=~Q(dedupe_key=""),
                                    name="notify_msg_unique_dedupe_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject or self.event} · {self.recipient_id}"


class DeliveryAttempt(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries",
                                verbose_name=_("消息"))
    attempted_at = models.DateTimeField(_("尝试时间"), default=timezone.now)
    ok = models.BooleanField(_("成功"))
    error = models.TextField(_("错误"), blank=True)
    backend = models.CharField(_("发送后端"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("发送记录")
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.message_id} · {'成功' if self.ok else '失败'}"
