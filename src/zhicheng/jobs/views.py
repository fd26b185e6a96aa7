"""我的任务: the jobs (and exports) one person started in the role they act in, and one job's
progress page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from zhicheng.core.access import signed_in

from .models import WAITING, Job, percent

SHOWN = 50


def _mine(request: HttpRequest) -> QuerySet[Job]:
    acting = getattr(request, "acting", None)
    if acting is None:
        return Job.objects.none()
    return Job.objects.filter(requested_by=request.user, role=acting.role,
                              organisation=acting.organisation)


@dataclass(frozen=True)
class Entry:
    kind: str
    title: str
    created_at: datetime
    status: str
    label: str
    done: int
    total: int
    url: str

    @property
    def waiting(self) -> bool:
        return self.status in WAITING

    @property
    def percent(self) -> int:
        return percent(self.done, self.total)


def _exports(request: HttpRequest) -> list[Entry]:
    """The exports the person asked for here (they keep their own model and page)."""
    from zhicheng.reviews.models import Export

    acting = request.acting  # type: ignore[attr-defined]
    if acting is None or acting.organisation is None:
        return []
    rows = Export.objects.filter(requested_by=request.user, role=acting.role,
                                 organisation=acting.organisation).defer("filters", "error")
    return [Entry("导出", e.get_kind_display(), e.created_at, e.status, e.get_status_display(),
                  e.rows, e.total, reverse("reviews:export", args=[e.pk]))
            for e in rows[:SHOWN]]


@signed_in
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = _mine(request).defer("params", "result", "error")[:SHOWN]
    entries = [Entry(j.get_kind_display(), j.title, j.created_at, j.status,
                     j.get_status_display(), j.done, j.total,
                     reverse("jobs:detail", args=[j.pk])) for j in jobs]
    entries += _exports(request)
    entries.sort(key=lambda e: e.created_at, reverse=True)
    entries = entries[:SHOWN]
    return render(request, "jobs/list.html", {
        "entries": entries, "waiting": any(e.waiting for e in entries)})


@signed_in
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(_mine(request), pk=pk)
    return render(request, "jobs/detail.html", {"job": job})
