"""The employer unit verifies its staff's achievements and titles (浙江: 业绩档案须经单位核实)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as
from zhicheng.orgs.models import Role

from .domain import StaleEdit, verify_entry
from .models import Verification
from .sections import BY_SLUG, SECTIONS

VERIFIABLE = [s for s in SECTIONS if s.verifiable]


@acting_as(Role.UNIT_ADMIN)
def pending(request: HttpRequest) -> HttpResponse:
    unit = request.acting.organisation
    groups = [(s, s.model.objects.filter(owner__employer=unit,
                                         verification=Verification.UNVERIFIED)
               .select_related("owner")) for s in VERIFIABLE]
    return render(request, "archive/verify_list.html", {"groups": groups})


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="核实结果", choices=[("approve", "核实无误"),
                                                        ("return", "退回修改")],
                                 widget=forms.RadioSelect)
    note = forms.CharField(label="意见", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("decision") == "return" and not data.get("note"):
            self.add_error("note", "退回时须说明原因")
        return data


@acting_as(Role.UNIT_ADMIN)
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    section = BY_SLUG.get(slug)
    if section is None or not section.verifiable:
        raise Http404
    entry = get_object_or_404(section.model.objects.select_related("owner"), pk=pk,
                              owner__employer=request.acting.organisation)
    form = DecisionForm(request.POST or None, initial={"version": entry.version})
    if request.method == "POST" and form.is_valid():
        try:
            verify_entry(Who.from_request(request), entry,
                         form.cleaned_data["decision"] == "approve",
                         form.cleaned_data["note"], form.cleaned_data["version"])
        except StaleEdit:
            form.add_error(None, "申报人已修改该记录，请查看最新内容后再核实。")
        else:
            messages.success(request, "已记录核实结果")
            return redirect("archive:verify_list")
    return render(request, "archive/verify_form.html", {
        "section": section, "entry": entry, "form": form, "fields": shown_fields(section, entry),
        "files": [(section.model._meta.get_field(f).verbose_name, f)
                  for f in section.files if getattr(entry, f)]})


def shown_fields(section: Any, entry: Any) -> list[tuple[str, object]]:
    """Each field as a person reads it: choices by their label, yes/no in words, dates in
    Chinese, nothing for an empty optional field."""
    out = []
    for name in section.fields:
        if name in section.files:
            continue
        field = section.model._meta.get_field(name)
        value = getattr(entry, name)
        if field.choices:
            value = getattr(entry, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, date):
            value = f"{value.year}年{value.month}月{value.day}日"
        if value in (None, ""):
            continue
        out.append((field.verbose_name, value))
    return out
