"""Forms of the meeting pages: creating a meeting, posting results, deciding a 复查."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone

from zhicheng.audit.domain import Who, record
from zhicheng.experts.models import DisciplineGroup, Expert
from zhicheng.plans.models import PLAN_HEAVY, Plan

from .models import Meeting, ReexamStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def serving(experts: Any, day: object) -> Any:
    """Experts whose appointment covers `day`."""
    return experts.filter(appointed_from__lte=day, appointed_until__gte=day)


class MeetingForm(forms.Form):
    plan = forms.ModelChoiceField(label="评审计划", queryset=Plan.objects.none())
    group = forms.ModelChoiceField(label="学科组", queryset=DisciplineGroup.objects.none(),
                                   required=False,
                                   help_text="不选则为整个评审计划的会议")
    title = forms.CharField(label="会议名称", max_length=200)
    held_on = forms.DateField(label="会议日期", widget=DATE, initial=timezone.localdate)
    members = forms.ModelMultipleChoiceField(
        label="评委会成员", queryset=Expert.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不勾选时：选了学科组的为该组专家，否则为会议日期在聘期内的本评委会全部专家")

    def __init__(self, *args: Any, committee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.committee = committee
        self.fields["plan"].queryset = Plan.objects.filter(committee=committee)
        self.fields["group"].queryset = (DisciplineGroup.objects
                                         .filter(plan__committee=committee)
                                         .select_related("plan").defer(*PLAN_HEAVY))
        self.fields["group"].label_from_instance = lambda g: f"{g.plan.title} · {g.name}"
        self.fields["members"].queryset = Expert.objects.filter(committee=committee) \
            .order_by("name", "pk")
        self.fields["members"].label_from_instance = lambda e: (
            f"{e.name}（{e.employer_name}，聘期至{e.appointed_until:%Y-%m-%d}）")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        plan, group, day = data.get("plan"), data.get("group"), data.get("held_on")
        if plan is None or day is None:
            return data
        if group is not None and group.plan_id != plan.pk:
            self.add_error("group", "该学科组不属于所选评审计划")
            return data
        chosen = data.get("members")
        if chosen:
            outside = [e.name for e in chosen if not e.serving_on(day)]
            if outside:
                self.add_error("members", f"会议日期不在以下专家的聘期内：{'、'.join(outside)}")
                return data
            members = list(chosen)
        else:
            pool = group.experts.filter(committee=self.committee) if group is not None \
                else Expert.objects.filter(committee=self.committee)
            members = list(serving(pool, day))
        if not members:
            raise forms.ValidationError("没有可参加会议的评委：请勾选成员，或检查学科组和聘期")
        data["members"] = members
        return data

    def save(self, who: Who) -> Meeting:
        data = self.cleaned_data
        with transaction.atomic():
            meeting = Meeting.objects.create(plan=data["plan"], group=data.get("group"),
                                             title=data["title"].strip(),
                                             held_on=data["held_on"])
            meeting.members.set(data["members"])
            record(who, meeting, "meeting.created", after={
                "plan": meeting.plan_id, "group": meeting.group_id, "title": meeting.title,
                "held_on": meeting.held_on,
                "members": sorted(e.pk for e in data["members"])})
        return meeting


class ResultPostingForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=DATE, initial=timezone.localdate)
    place = forms.CharField(label="公示方式或地点", max_length=200,
                            initial="评审委员会网站及办公场所",
                            help_text="公示期为5个工作日，自动计算")


class DecideReexamForm(forms.Form):
    status = forms.ChoiceField(label="复查结论", widget=forms.RadioSelect, choices=[
        (ReexamStatus.UPHELD, ReexamStatus.UPHELD.label),
        (ReexamStatus.CHANGED, ReexamStatus.CHANGED.label)])
    outcome = forms.CharField(label="复查意见", widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)


class ReexamRequestForm(forms.Form):
    reason = forms.CharField(label="复查理由", widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000,
                             help_text="须在评审结果公示期内提出，写明对评审结果的具体异议")

