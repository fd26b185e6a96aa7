"""Section forms: field checks by content, cross-field rules, and the draft version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from zhicheng.core.uploads import check_document

from . import models as m
from .checks import work_problems
from .sections import Section

KIND_NAMES = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "docx": "DOCX", "doc": "DOC"}


class SectionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    section: Section
    owner: Any

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if "achievement" in self.fields:
            self.fields["achievement"].queryset = m.Achievement.objects.filter(owner=owner)
        for name, f in self.fields.items():
            if isinstance(f.widget, forms.DateInput):
                f.widget.input_type = "date"
                f.widget.format = "%Y-%m-%d"
            if isinstance(f, forms.NullBooleanField):
                f.widget = forms.Select(choices=[("unknown", "未说明"), ("true", "是"),
                                                 ("false", "否")])
            if name in self.section.files:
                kinds = "、".join(KIND_NAMES[k] for k in self.section.files[name])
                f.help_text = f"{f.help_text or ''} 格式：{kinds}".strip()

    def _check_files(self) -> None:
        for name, kinds in self.section.files.items():
            upload = self.cleaned_data.get(name)
            if isinstance(upload, UploadedFile):
                try:
                    check_document(upload, kinds, str(self.fields[name].label))
                except ValidationError as exc:
                    self.add_error(name, exc)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_files()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "结束时间不能早于开始时间")
        return data


class EducationForm(SectionForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        awarded, foreign = data.get("awarded"), data.get("foreign")
        old = awarded is not None and awarded < m.FOREIGN_OR_OLD_BEFORE
        why = "境外学历" if foreign else "2001年以前取得的学历"
        for name, what in (("certificate", "学历证书"), ("certification_report", "学历认证报告")):
            if (old or foreign) and not (data.get(name) or getattr(self.instance, name)):
                self.add_error(name, f"{why}须上传{what}")
        return data


class TitleForm(SectionForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("other_region") and not (data.get("approval_document")
                                             or self.instance.approval_document):
            self.add_error("approval_document", "外省（市）取得的职称须上传评审表或批准文件")
        return data


class WorkForm(SectionForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is None or self.errors:
            return data
        others = m.WorkPeriod.objects.filter(owner=self.owner).exclude(pk=self.instance.pk)
        problems = work_problems(start, end, bool(data.get("gap_reason")),
                                 [(o.start, o.end, o.employer) for o in others])
        for field, message in problems:
            self.add_error(field, message)
        return data


class OutputForm(SectionForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        authors, rank = data.get("authors"), data.get("rank")
        if authors and rank and rank > authors:
            self.add_error("rank", f"本人排名（第{rank}）不能大于作者人数（{authors}人）")
        if data.get("published") and not data.get("journal"):
            self.add_error("journal", "已发表的请填写期刊（出版社）")
        return data


class AppraisalForm(SectionForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year = data.get("year")
        if year and m.Appraisal.objects.filter(owner=self.owner, year=year).exclude(
                pk=self.instance.pk).exists():
            self.add_error("year", f"{year}年度已有考核结果，请修改该条记录")
        return data


FORM_BASES: dict[str, type[SectionForm]] = {
    "education": EducationForm, "titles": TitleForm, "work": WorkForm, "outputs": OutputForm,
    "appraisals": AppraisalForm,
}


def form_class(section: Section) -> type[SectionForm]:
    base = FORM_BASES.get(section.slug, SectionForm)
    meta = type("Meta", (), {"model": section.model, "fields": list(section.fields)})
    return type(f"{section.model.__name__}Form", (base,), {"Meta": meta, "section": section})
