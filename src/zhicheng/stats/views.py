"""The committee office's statistics page and the Excel download of each of its tables."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhicheng.core.access import acting_as
from zhicheng.core.uploads import attachment
from zhicheng.orgs.models import Organisation, Role
from zhicheng.plans.lookups import committee_plans
from zhicheng.plans.models import Plan

from .excel import XLSX, workbook
from .queries import Scope
from .tables import TABLES, Stats


@dataclass(frozen=True)
class Filters:
    scope: Scope
    plans: list[Plan]
    years: list[int]
    plan: Plan | None

    @property
    def query(self) -> str:
        """The chosen filters as a query string (kept in the download links)."""
        chosen = {"plan": self.scope.plan_id, "year": self.scope.year}
        return urlencode({k: v for k, v in chosen.items() if v is not None})

    @property
    def label(self) -> str:
        parts = [self.plan.title] if self.plan else []
        if self.scope.year is not None:
            parts.append(f"{self.scope.year}年度")
        return "，".join(parts) or "全部评审计划"


def _committee(request: HttpRequest) -> Organisation:
    return request.acting.organisation  # type: ignore[attr-defined]


def _filters(request: HttpRequest) -> Filters:
    """The plan and year asked for; a plan of another committee is ignored, not looked up."""
    committee = _committee(request)
    plans = committee_plans(committee.pk)
    wanted = request.GET.get("plan", "")
    plan = next((p for p in plans if str(p.pk) == wanted), None)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    scope = Scope(committee.pk, plan.pk if plan else None, year)
    return Filters(scope, plans, sorted({p.year for p in plans}, reverse=True), plan)


@acting_as(Role.COMMITTEE_OFFICE)
def index(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    stats = Stats(filters.scope)
    return render(request, "stats/index.html", {
        "filters": filters, "tables": [build(stats) for build in TABLES.values()]})


@acting_as(Role.COMMITTEE_OFFICE)
def download(request: HttpRequest, table: str) -> HttpResponse:
    build = TABLES.get(table)
    if build is None:
        raise Http404
    filters = _filters(request)
    made = build(Stats(filters.scope))
    title = f"{made.title}（{_committee(request).name}，{filters.label}）"
    name = f"{made.title}-{timezone.localdate():%Y%m%d}.xlsx"
    return attachment(HttpResponse(workbook(made, title), content_type=XLSX), name)
