"""Export of one's archive as the contract's profile JSON, and import of one."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhicheng.audit.domain import Who, record
from zhicheng.core.access import acting_as
from zhicheng.core.uploads import attachment
from zhicheng.eligibility.profile import ProfileError, loads_profile
from zhicheng.orgs.models import Role
from zhicheng.plans.screening import profile_from_user

from .profile import import_sections

MAX_PROFILE_BYTES = 2 * 1024 * 1024


@acting_as(Role.APPLICANT)
def export_profile(request: HttpRequest) -> HttpResponse:
    data = profile_from_user(request.user, timezone.localdate())
    record(Who.from_request(request), ("archive.profile", str(request.user.pk)),
           "archive.export")
    body = json.dumps(data, ensure_ascii=False, indent=2)
    return attachment(HttpResponse(body, content_type="application/json; charset=utf-8"),
                      "zhicheng-profile.json")


class ImportForm(forms.Form):
    profile = forms.FileField(label="档案文件（JSON，zhicheng.profile/1）")


@acting_as(Role.APPLICANT)
def import_profile(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["profile"]
        if upload.size > MAX_PROFILE_BYTES:
            form.add_error("profile", "档案文件不能超过 2 MB")
        else:
            try:
                profile = loads_profile(upload.read(), today=timezone.localdate())
                for key in ("work_history", "interruptions"):
                    for row in profile.get(key) or []:
                        row.setdefault("to", None)
                report = import_sections(Who.from_request(request), request.user, profile)
            except ProfileError as exc:
                form.add_error("profile", exc.describe())
            else:
                messages.success(request, "档案已导入，请逐项核对。")
    return render(request, "archive/import.html", {"form": form, "report": report})
