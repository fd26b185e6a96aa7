"""The office's own entries on top of the State Council arrangements in chinese_calendar."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DayOverride(models.Model):
    """One day declared a working day (上班) or a day off (放假), e.g. a new year's 调休."""

    day = models.DateField("日期", unique=True)
    workday = models.BooleanField("上班", help_text="勾选为上班（调休上班），不勾选为放假")
    note = models.CharField("说明", max_length=200, blank=True,
                            help_text="例如：2027年春节调休")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        ordering = ["day"]
        verbose_name = verbose_name_plural = "工作日调整"

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {'上班' if self.workday else '放假'}"

    def audit_data(self) -> dict[str, object]:
        return {"day": self.day, "workday": self.workday, "note": self.note}


class CoveredYear(models.Model):
    """A year whose holidays and make-up days the office has entered completely."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        ordering = ["year"]
        verbose_name = verbose_name_plural = "已录入年度"

    def __str__(self) -> str:
        return f"{self.year}年"

    def audit_data(self) -> dict[str, object]:
        return {"year": self.year, "note": self.note}
