"""The applicant's archive: one index, and list / add / edit / delete per section."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.db.models import Count, Model, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as, signed_in
from zhicheng.core.uploads import attachment
from zhicheng.orgs.models import Role

from . import access
from .domain import StaleEdit, delete_entry, save_entry
from .forms import form_class
from .models import Verification
from .sections import BY_SLUG, SECTIONS, Section


def _section(slug: str) -> Section:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise Http404 from None


@acting_as(Role.APPLICANT)
def index(request: HttpRequest) -> HttpResponse:
    counts = []
    for section in SECTIONS:
        rows = section.model.objects.filter(owner=request.user)
        if section.verifiable:  # one query either way: the total and those still unverified
            found = rows.aggregate(total=Count("pk"), pending=Count(
                "pk", filter=~Q(verification=Verification.VERIFIED)))
            counts.append((section, found["total"], found["pending"]))
        else:
            counts.append((section, rows.count(), 0))
    return render(request, "archive/index.html", {"counts": counts})


@acting_as(Role.APPLICANT)
def section_list(request: HttpRequest, slug: str) -> HttpResponse:
    section = _section(slug)
    rows = section.model.objects.filter(owner=request.user)
    table = [(row, [_cell(row, c) for c in section.columns]) for row in rows]
    headers = [section.model._meta.get_field(c).verbose_name for c in section.columns]
    return render(request, "archive/section_list.html",
                  {"section": section, "table": table, "headers": headers})


def _cell(row: Model, column: str) -> object:
    display = getattr(row, f"get_{column}_display", None)
    value = display() if display else getattr(row, column)
    if value is None:
        return "至今" if column == "end" else "—"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return value


@acting_as(Role.APPLICANT)
def section_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    section = _section(slug)
    instance = (get_object_or_404(section.model, pk=pk, owner=request.user) if pk
                else section.model(owner=request.user))
    Form = form_class(section)
    form = Form(request.POST or None, request.FILES or None, instance=instance,
                owner=request.user)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.owner = request.user
        try:
            save_entry(Who.from_request(request), entry, form.cleaned_data.get("version"))
        except StaleEdit:
            form.add_error(None, "该记录已在其他页面或标签页中修改并保存。为免覆盖对方的修改，"
                                 "本次未保存；您填写的内容仍在下方，请打开最新记录核对后再保存。")
        else:
            messages.success(request, f"已保存：{section.title}")
            return redirect("archive:section", slug=slug)
    return render(request, "archive/section_form.html",
                  {"section": section, "form": form, "instance": instance})


@acting_as(Role.APPLICANT)
def section_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    section = _section(slug)
    entry = get_object_or_404(section.model, pk=pk, owner=request.user)
    if request.method == "POST":
        delete_entry(Who.from_request(request), entry)
        messages.success(request, f"已删除一条{section.title}")
        return redirect("archive:section", slug=slug)
    return render(request, "archive/section_delete.html", {"section": section, "entry": entry})


@signed_in
def file(request: HttpRequest, slug: str, pk: int, field: str) -> HttpResponse:
    """An archive file, to its owner or to the unit the owner works for (and offices later)."""
    section = _section(slug)
    if field not in section.files:
        raise Http404
    entry = get_object_or_404(access.entries_visible_to(request, section.model), pk=pk)
    stored = getattr(entry, field)
    if not stored:
        raise Http404
    kind = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    return attachment(FileResponse(stored.open("rb"), content_type=kind),
                      f"{field}-{pk}{_suffix(stored.name)}")


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""
