"""The office's statistics as plain rows: one aggregate query per table, whatever the number
of applications, always filtered by the office's committee in the query itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zhicheng.applications.models import Application, Reached
from zhicheng.applications.workflow import LABELS, State
from zhicheng.experts.models import Assignment, DisciplineGroup
from zhicheng.overlapcheck.models import Material
from zhicheng.overlapcheck.models import Status as MaterialStatus

# The panel's result as the application's state says it now (a re-examination moves it);
# a revoked application is left out: it is no longer a result of the round.
PASSED = (State.APPROVED, State.CERTIFIED)
FAILED = (State.NOT_APPROVED,)


@dataclass(frozen=True)
class Scope:
    """Whose applications: one committee's, optionally one of its plans and one year."""

    committee_id: int
    plan_id: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class Tally:
    """Applications of one unit, specialty or plan."""

    name: str
    extra: str  # the unit's department, the plan's year; "" where there is none
    total: int  # submitted (drafts are not counted)
    at_committee: int  # reached the committee office
    passed: int
    failed: int

    @property
    def decided(self) -> int:
        return self.passed + self.failed


@dataclass(frozen=True)
class Progress:
    """An expert's or a discipline group's scoring."""

    name: str
    extra: str
    assigned: int
    scored: int

    @property
    def remaining(self) -> int:
        return self.assigned - self.scored


def rate(part: int, whole: int) -> float | None:
    """part / whole as a percentage with one decimal; None when nothing is counted."""
    return round(100 * part / whole, 1) if whole else None


def submitted(scope: Scope) -> QuerySet[Application]:
    """Every application of the scope that was submitted at least once (not the drafts,
    nor those withdrawn before they were ever sent)."""
    qs = Application.objects.filter(committee_id=scope.committee_id,
                                    reached__gte=Reached.UNIT).exclude(status=State.DRAFT)
    if scope.plan_id is not None:
        qs = qs.filter(plan_id=scope.plan_id)
    if scope.year is not None:
        qs = qs.filter(year=scope.year)
    return qs.order_by()


def by_stage(scope: Scope) -> list[tuple[str, int]]:
    """(stage label, applications) in the workflow's order, stages with none left out."""
    counts = dict(submitted(scope).values_list("status").annotate(n=Count("pk")))
    return [(LABELS[s], counts[s.value]) for s in State if counts.get(s.value)]


def _tallies(scope: Scope, name: str, extra: str | None = None, key: str | None = None
             ) -> list[Tally]:
    """Grouped by `key` where two groups may share a name (two units of the same name)."""
    fields = [f for f in (key, name, extra) if f]
    rows = submitted(scope).values(*fields).annotate(
        total=Count("pk"),
        at_committee=Count("pk", filter=Q(reached__gte=Reached.COMMITTEE)),
        passed=Count("pk", filter=Q(status__in=PASSED)),
        failed=Count("pk", filter=Q(status__in=FAILED)),
    ).order_by("-total", name)
    return [Tally(str(r[name] or ""), str(r[extra] or "") if extra else "", r["total"],
                  r["at_committee"], r["passed"], r["failed"]) for r in rows]


def by_unit(scope: Scope) -> list[Tally]:
    return _tallies(scope, "employer__name", "employer__parent__name", key="employer_id")


def by_specialty(scope: Scope) -> list[Tally]:
    return _tallies(scope, "specialty")


def by_plan(scope: Scope) -> list[Tally]:
    # the title names the year too, but two plans may share a title
    rows = submitted(scope).values("plan_id", "plan__title", "plan__year").annotate(
        total=Count("pk"),
        at_committee=Count("pk", filter=Q(reached__gte=Reached.COMMITTEE)),
        passed=Count("pk", filter=Q(status__in=PASSED)),
        failed=Count("pk", filter=Q(status__in=FAILED)),
    ).order_by("-plan__year", "plan__title", "plan_id")
    return [Tally(r["plan__title"], str(r["plan__year"]), r["total"], r["at_committee"],
                  r["passed"], r["failed"]) for r in rows]


# Similarity bands of the total copy ratio (总文字复制比, a fraction in the report).
LOW, HIGH = 0.10, 0.30
BANDS = (
    ("low", "复制比 < 10%"),
    ("middle", "复制比 10%–30%"),
    ("high", "复制比 ≥ 30%"),
    ("pending", "抽中待检查"),
    ("unsampled", "未抽中"),
    ("unreadable", "无法提取文字"),
    ("resubmission", "其中：疑似原样重复提交"),
)


def overlap_bands(scope: Scope) -> list[tuple[str, int]]:
    """Materials (papers, technical summaries) of the scope's applications by result."""
    qs = Material.objects.filter(application__committee_id=scope.committee_id)
    if scope.plan_id is not None:
        qs = qs.filter(application__plan_id=scope.plan_id)
    if scope.year is not None:
        qs = qs.filter(application__year=scope.year)
    readable = ~Q(status=MaterialStatus.UNREADABLE)
    checked = readable & Q(report__isnull=False)
    waiting = readable & Q(report__isnull=True)
    counts = qs.aggregate(
        low=Count("pk", filter=checked & Q(report__overlap_ratio__lt=LOW)),
        middle=Count("pk", filter=checked & Q(report__overlap_ratio__gte=LOW,
                                              report__overlap_ratio__lt=HIGH)),
        high=Count("pk", filter=checked & Q(report__overlap_ratio__gte=HIGH)),
        pending=Count("pk", filter=waiting & Q(sampled=True)),
        unsampled=Count("pk", filter=waiting & Q(sampled=False)),
        unreadable=Count("pk", filter=Q(status=MaterialStatus.UNREADABLE)),
        resubmission=Count("pk", filter=Q(report__resubmission=True)),
    )
    return [(label, counts[key]) for key, label in BANDS]


def _assignments(scope: Scope) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(application__committee_id=scope.committee_id)
    if scope.plan_id is not None:
        qs = qs.filter(application__plan_id=scope.plan_id)
    if scope.year is not None:
        qs = qs.filter(application__year=scope.year)
    return qs.order_by()


def by_expert(scope: Scope) -> list[Progress]:
    rows = _assignments(scope).values("expert_id", "expert__name", "expert__employer_name") \
        .annotate(assigned=Count("pk"), scored=Count("score")) \
        .order_by("expert__name", "expert_id")
    return [Progress(r["expert__name"], r["expert__employer_name"], r["assigned"],
                     r["scored"]) for r in rows]


def by_group(scope: Scope) -> list[Progress]:
    """A discipline group's applications are its plan's in the group's specialties; the
    assignments are counted per plan and specialty, then summed per group."""
    groups = DisciplineGroup.objects.filter(plan__committee_id=scope.committee_id)
    if scope.plan_id is not None:
        groups = groups.filter(plan_id=scope.plan_id)
    if scope.year is not None:
        groups = groups.filter(plan__year=scope.year)
    cells = {(r["application__plan_id"], r["application__specialty"]): r
             for r in _assignments(scope).values("application__plan_id", "application__specialty")
             .annotate(assigned=Count("pk"), scored=Count("score"))}
    out = []
    for g in groups.values("name", "plan_id", "plan__title", "specialties").order_by(
            "plan__title", "name"):
        mine = [cells[(g["plan_id"], s)] for s in dict.fromkeys(g["specialties"])
                if (g["plan_id"], s) in cells]
        out.append(Progress(g["name"], g["plan__title"], sum(c["assigned"] for c in mine),
                            sum(c["scored"] for c in mine)))
    return out
