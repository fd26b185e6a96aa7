"""One form per wizard step; each carries the draft version it was opened on."""

from __future__ import annotations

from typing import Any

from django import forms

from zhicheng.archive.models import Achievement, Output, Verification
from zhicheng.archive.photo import PhotoError, check_photo

from .models import STATEMENT_MAX

MAX_PHOTO_READ = 2 * 1024 * 1024


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SpecialtyForm(StepForm):
    specialty = forms.ChoiceField(label="申报专业")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = [("", "请选择"), *choices]


class PhotoForm(StepForm):
    photo = forms.FileField(label="近期免冠证件照（JPG）",
                            help_text="JPG 格式，大于 30 KB、小于 1 MB，至少 215×300 像素，"
                                      "宽高比 0.65～0.8")

    def clean_photo(self) -> Any:
        upload = self.cleaned_data["photo"]
        if upload.size is not None and upload.size > MAX_PHOTO_READ:  # not read at all
            raise forms.ValidationError(f"照片大小为 {upload.size / 1048576:.1f} MB，"
                                        "须大于 30 KB 且小于 1 MB")
        data = upload.read(MAX_PHOTO_READ + 1)
        upload.seek(0)
        try:
            check_photo(data)
        except PhotoError as exc:
            raise forms.ValidationError(str(exc)) from None
        upload.name = "photo.jpg"
        return upload


class PledgeForm(StepForm):
    name = forms.CharField(label="签名（输入本人姓名）", max_length=50)
    id_number = forms.CharField(label="证件号码", max_length=30)
    agree = forms.BooleanField(label="本人承诺所填信息和所交材料真实、准确，如有弄虚作假，"
                                     "自愿承担相应责任")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("name") and data["name"].strip() != self.user.name:
            self.add_error("name", "签名须与实名注册的姓名一致")
        number = (data.get("id_number") or "").strip().upper()
        if number and number != (self.user.id_number or ""):
            self.add_error("id_number", "证件号码与实名注册的不一致")
        return data


class StatementForm(StepForm):
    statement = forms.CharField(
        label="本人述职", widget=forms.Textarea(attrs={"rows": 14, "data-max": STATEMENT_MAX}),
        help_text=f"不超过{STATEMENT_MAX}字：任现职以来的主要工作、业绩和能力")

    def clean_statement(self) -> str:
        text = self.cleaned_data["statement"].replace("\r\n", "\n")
        if len(text) > STATEMENT_MAX:
            raise forms.ValidationError(f"本人述职为{len(text)}字，超过{STATEMENT_MAX}字的上限，"
                                        f"请删减{len(text) - STATEMENT_MAX}字")
        return text


class SelectionForm(StepForm):
    achievements = forms.ModelMultipleChoiceField(
        label="代表性业绩（须经单位核实）", queryset=Achievement.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    outputs = forms.ModelMultipleChoiceField(
        label="论文、著作与技术总结", queryset=Output.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["achievements"].queryset = Achievement.objects.filter(
            owner=user, verification=Verification.VERIFIED)
        self.fields["outputs"].queryset = Output.objects.filter(owner=user)


class SubmitForm(StepForm):
    pass


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200)
