"""Forms of the eligibility pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Plan, PlanStatus

MAX_UPLOAD = 20 * 1024 * 1024


def _read(upload: Any, label: str) -> bytes:
    if upload.size > MAX_UPLOAD:
        raise ValidationError(f"{label}不能超过 {MAX_UPLOAD // 1048576} MB")
    return upload.read()


class PrecheckForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("评审计划"), queryset=Plan.objects.none(),
                                  empty_label=_("请选择评审计划"))
    profile = forms.FileField(label=_("档案文件（可选）"), required=False,
                              help_text=_("不上传则使用平台中的本人信息；也可上传导出的档案 JSON"
                                          "（zhicheng.profile/1）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(status=PlanStatus.OPEN) \
            .order_by("-year", "key")

    def clean_profile(self) -> bytes | None:
        upload = self.cleaned_data.get("profile")
        if not upload:
            return None
        raw = _read(upload, "档案文件")
        if not raw.lstrip().startswith(b"{"):
            raise ValidationError(_("档案文件应为 JSON 对象（以 { 开头）"))
        return raw


class ScreeningForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("评审计划"), queryset=Plan.objects.none(),
                                  empty_label=_("请选择评审计划"))
    sheet = forms.FileField(label=_("档案表"),
                            help_text=_("Excel（.xlsx，按模板填写）或 JSON Lines（每行一份档案）"))

    def __init__(self, *args: Any, committee: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(committee=committee) \
            .order_by("-year", "key")

    def clean_sheet(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["sheet"]
        return upload.name, _read(upload, "档案表")


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("计划文件（.toml）"),
                           help_text=_("格式见 docs/plan-format.md；"
                                       "保存前逐项校验，出错时指出行号"))
    status = forms.ChoiceField(label=_("状态"), choices=PlanStatus.choices,
                               initial=PlanStatus.DRAFT)

    def clean_file(self) -> tuple[str, bytes]:
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(_("计划文件过大"))
        return upload.name, upload.read()
