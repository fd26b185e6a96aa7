from __future__ import annotations

import re
from typing import Any

from django import forms

from zhicheng.accounts.models import User

from .models import ConflictKind, TitleLevel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SPLIT = re.compile(r"[,，、;；\s]+")


def split_list(text: str) -> list[str]:
    return [s for s in SPLIT.split(text.strip()) if s]


class ExpertForm(forms.Form):
    mobile = forms.CharField(label="专家的平台账号（手机号）", max_length=20)
    title_level = forms.ChoiceField(label="职称", choices=TitleLevel.choices)
    specialties = forms.CharField(label="专业", help_text="多个专业用顿号或逗号分隔")
    employer_name = forms.CharField(label="工作单位", max_length=200)
    region = forms.CharField(label="所在地区", max_length=100, required=False)
    appointed_from = forms.DateField(label="聘期开始", widget=DATE)
    appointed_until = forms.DateField(label="聘期结束", widget=DATE,
                                      help_text="每届不超过3年")
    min_load = forms.IntegerField(label="最少评审件数", min_value=0, initial=0)
    max_load = forms.IntegerField(label="最多评审件数", min_value=1, initial=30)

    def clean_mobile(self) -> User:
        user = User.objects.by_mobile(self.cleaned_data["mobile"].strip()).first()
        if user is None:
            raise forms.ValidationError("没有使用该手机号注册的账号，请专家先注册")
        return user

    def clean_specialties(self) -> list[str]:
        values = split_list(self.cleaned_data["specialties"])
        if not values:
            raise forms.ValidationError("至少填写一个专业")
        return values


class GroupForm(forms.Form):
    name = forms.CharField(label="学科组名称", max_length=100)
    specialties = forms.CharField(label="负责的申报专业", help_text="用顿号或逗号分隔")
    members = forms.ModelMultipleChoiceField(label="成员", queryset=None,
                                             widget=forms.CheckboxSelectMultiple,
                                             required=False)

    def __init__(self, *args: Any, experts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = experts

    def clean_specialties(self) -> list[str]:
        return split_list(self.cleaned_data["specialties"])


class ProposeForm(forms.Form):
    group = forms.ModelChoiceField(label="学科组", queryset=None, required=False,
                                   empty_label="全部（不分学科组）")
    reviews = forms.IntegerField(label="每件申报的评审专家人数", min_value=1, max_value=15,
                                 initial=5)
    require_specialty = forms.BooleanField(label="必须专业对口", required=False,
                                           initial=True)

    def __init__(self, *args: Any, groups: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(label="关系", choices=ConflictKind.choices)
    id_number = forms.CharField(label="申报人身份证号", max_length=18, required=False)
    organisation = forms.CharField(label="或：单位全称", max_length=200, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("id_number") and not data.get("organisation"):
            raise forms.ValidationError("请填写申报人身份证号或单位全称")
        return data


class SheetForm(forms.Form):
    lines = forms.CharField(
        label="评分项", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一项：代码|名称|权重|满分|必填(是/否)，如 achievement|业绩成果|40|100|是")

    def clean_lines(self) -> list[dict[str, Any]]:
        out = []
        for number, line in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 5:
                raise forms.ValidationError(f"第{number}行应有5项，用“|”分隔")
            key, label, weight, top, required = parts
            try:
                w, m = float(weight), float(top)
            except ValueError:
                raise forms.ValidationError(f"第{number}行的权重和满分应为数字") from None
            if w <= 0 or m <= 0:
                raise forms.ValidationError(f"第{number}行的权重和满分应大于0")
            out.append({"key": key, "label": label, "weight": w, "max": m,
                        "required": required in ("是", "必填", "yes", "1")})
        if not out:
            raise forms.ValidationError("至少一项")
        if len({c["key"] for c in out}) != len(out):
            raise forms.ValidationError("评分项代码不能重复")
        return out


class InterviewForm(forms.Form):
    application = forms.ModelChoiceField(label="申报人", queryset=None)
    starts_at = forms.DateTimeField(label="答辩时间",
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                           format="%Y-%m-%dT%H:%M"))
    place = forms.CharField(label="答辩地点", max_length=200)

    def __init__(self, *args: Any, apps: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = apps
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.applicant.name}（{a.specialty}）")
