from __future__ import annotations

from django import forms
from django.utils import timezone

from zhicheng.plans.models import Plan

from . import numbers
from .models import FeeStatus, ObjectionStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReasonForm(forms.Form):
    reason = forms.CharField(label="意见或原因", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="退回和不通过须写明原因，申报人会看到")


class PostingForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=DATE,
                                initial=timezone.localdate)
    place = forms.CharField(label="公示方式或地点", max_length=200,
                            initial="单位内部公告栏及内网",
                            help_text="公示表可在本单位导出后张贴")


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="收到日期", widget=DATE, initial=timezone.localdate)
    raised_by = forms.CharField(label="反映人（可匿名）", max_length=100, required=False)
    content = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label="核实结论", choices=[
        (ObjectionStatus.DISMISSED, ObjectionStatus.DISMISSED.label),
        (ObjectionStatus.UPHELD, ObjectionStatus.UPHELD.label)], widget=forms.RadioSelect)
    resolution = forms.CharField(label="核实情况", widget=forms.Textarea(attrs={"rows": 3}))


class PaperForm(forms.Form):
    received_on = forms.DateField(label="收到日期", widget=DATE, initial=timezone.localdate)
    copies = forms.IntegerField(label="收到份数", min_value=1, max_value=20)
    note = forms.CharField(label="备注", max_length=200, required=False)


class FeeForm(forms.Form):
    status = forms.ChoiceField(label="缴费状态", choices=FeeStatus.choices,
                               initial=FeeStatus.PAID)
    method = forms.CharField(label="缴费方式", max_length=40, required=False,
                             initial="银行转账")
    reference = forms.CharField(label="缴费凭证号", max_length=80, required=False)


class PlanDeskForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["unit_closes", "department_closes", "posting_workdays", "fee",
                  "paper_copies", "paper_workdays", "acceptance_format"]
        widgets = {"unit_closes": DATE, "department_closes": DATE}

    def clean_acceptance_format(self) -> str:
        fmt = self.cleaned_data["acceptance_format"].strip()
        try:
            numbers.check_format(fmt)
        except numbers.FormatError as exc:
            raise forms.ValidationError(str(exc)) from None
        return fmt

    def clean_posting_workdays(self) -> int:
        days = self.cleaned_data["posting_workdays"]
        if days < 5:
            raise forms.ValidationError("公示期不得少于5个工作日（人社部令第40号）")
        return days
