"""The append-only audit trail: one row per state change, chained by hashes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    pass


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField("序号", unique=True)
    created_at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True,
                              blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField("操作人（记录时）", max_length=200, blank=True)
    acting_for = models.ForeignKey("orgs.Organisation", verbose_name="代表机构", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    acting_role = models.CharField("角色", max_length=40, blank=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    object_type = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    action = models.CharField("操作", max_length=100)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    reason = models.TextField("理由", blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = verbose_name_plural = "审计记录"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("审计记录只能追加，不能删除")

    def hashed_fields(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "acting_for_id": self.acting_for_id,
            "acting_role": self.acting_role,
            "ip": self.ip,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
        }


class AuditHead(models.Model):
    """One row: the last sequence number and hash, locked while a row is appended."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
