"""The review desks: lists with filters and counts, bulk actions with preview, one page per
application with the actions the acting desk may take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone
from django.views.decorators.http import require_POST

from zhicheng.applications import materials, workflow
from zhicheng.applications.models import Application, Status
from zhicheng.applications.transition import Refused, Step, apply, may_act
from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as, recent_auth
from zhicheng.core.prepared import Prepared
from zhicheng.identity.idnumber import mask
from zhicheng.orgs.models import Role

from . import bulk, jobs, office, posting
from .access import DESK_OF_ROLE, DeskQuery, applications_visible_to, visible_application
from .forms import FeeForm, ObjectionForm, PaperForm, PostingForm, ReasonForm, ResolveForm
from .models import Objection, StateChange

DESKS = (Role.UNIT_ADMIN, Role.DEPARTMENT, Role.COMMITTEE_OFFICE)
# moves that have their own procedure: the meeting's tally, 复查, certificates, 诚信档案
VOTED = "评审结果只能由评审会议表决产生"
ELSEWHERE = {"record_pass": VOTED, "record_fail": VOTED,
             "reexam_pass": "请在复查申请中处理", "reexam_fail": "请在复查申请中处理",
             "certify": "请在“电子证书”中发证", "revoke": "请用“查实弄虚作假”记入诚信档案"}
FILTERS = ("status", "plan", "employer", "specialty")
# what every desk page reads besides its rows, compiled once per desk (access.DeskQuery):
# how many applications are at each status, and the plans, units and specialties to filter by
STATUS_COUNTS = DeskQuery(lambda qs: qs.order_by().values_list("status").annotate(n=Count("pk"))
                          .order_by("status"))
CHOICES = DeskQuery(lambda qs: qs.order_by().values_list(
    "plan_id", "plan__title", "employer_id", "employer__name", "specialty").distinct())
# an application's moves, oldest first, with who made them (core/prepared.py)
HISTORY: Prepared[StateChange] = Prepared(
    lambda pk: StateChange.objects.filter(application_id=pk).select_related("by", "acting_for"),
    int)
# what a row of the desk shows, read as plain values: the four models' 80 columns read and
# set on four model instances per row took most of a page of 50 rows' time
DESK_COLUMNS = ("pk", "applicant__name", "applicant__id_number", "employer__name",
                "plan__title", "specialty", "status", "acceptance_no", "status_changed_at")


def _visible(request: HttpRequest) -> QuerySet[Application]:
    return applications_visible_to(request.acting, request.user)  # type: ignore[attr-defined]


def _filtered(request: HttpRequest) -> tuple[QuerySet[Application], dict[str, str]]:
    qs = _visible(request)
    # NUL never reaches the database (PostgreSQL refuses it in text: a 500, not a filter)
    chosen = {k: request.GET.get(k, "").replace("\x00", "").strip() for k in (*FILTERS, "q")}
    if chosen["status"]:
        qs = qs.filter(status=chosen["status"])
    if chosen["plan"].isdigit():
        qs = qs.filter(plan_id=int(chosen["plan"]))
    if chosen["employer"].isdigit():
        qs = qs.filter(employer_id=int(chosen["employer"]))
    if chosen["specialty"]:
        qs = qs.filter(specialty=chosen["specialty"])
    if chosen["q"]:
        qs = qs.filter(applicant__name__contains=chosen["q"])
    return qs, chosen


@acting_as(*DESKS)
def desk(request: HttpRequest) -> HttpResponse:
    """The desk's applications, filterable by stage, unit, specialty, plan and status."""
    qs, chosen = _filtered(request)
    labels = dict(Status.choices)
    counts = [(status, labels.get(status, status), n)
              for status, n in STATUS_COUNTS(request.acting, request.user)]  # type: ignore[attr-defined]
    rows: Any = qs.order_by("-status_changed_at", "-pk").values_list(*DESK_COLUMNS)
    known = None
    if not any(chosen[k] for k in ("plan", "employer", "specialty", "q")):
        # filtered by status at most: the counts above already say how many rows there are
        known = sum(n for value, _, n in counts
                    if not chosen["status"] or value == chosen["status"])
    paginator = Paginator(rows if known != 0 else [], 50)
    if known is not None:
        paginator.count = known
    page = paginator.get_page(request.GET.get("page"))
    actor = DESK_OF_ROLE[request.acting.role]  # type: ignore[attr-defined]
    plans, employers, specialties = _choices(CHOICES(request.acting, request.user))  # type: ignore[attr-defined]
    full_id = request.acting.role == Role.COMMITTEE_OFFICE  # type: ignore[attr-defined]
    return render(request, "reviews/desk.html", {
        "page": page, "rows": [desk_row(a, labels, full_id) for a in page],
        "chosen": chosen, "counts": counts, "total": sum(c[2] for c in counts),
        "plans": plans, "employers": employers, "specialties": specialties,
        "bulk_actions": [(k, v) for k, v in bulk.BULK_ACTIONS.items()
                         if workflow.ACTIONS[k].actor == actor],
        "query": request.GET.urlencode(),
    })


@dataclass(frozen=True, slots=True)
class DeskRow:
    """One row of the desk as the page prints it, formatted here: the template engine's
    look-ups and filters cost more per row than the rest of the page."""

    pk: int
    name: str
    id_number: str
    employer: str
    plan: str
    specialty: str
    status: str
    acceptance_no: str
    changed: str


def desk_row(values: tuple[Any, ...], labels: dict[str, str], full_id: bool) -> DeskRow:
    """A row from the values of DESK_COLUMNS."""
    pk, name, id_number, employer, plan, specialty, status, acceptance_no, changed = values
    return DeskRow(
        pk=pk, name=name, id_number=id_number if full_id else mask(id_number),
        employer=employer or "", plan=plan, specialty=specialty,
        status=labels.get(status, status), acceptance_no=acceptance_no or "—",
        changed=dateformat.format(timezone.localtime(changed), "Y-m-d H:i") if changed
        else "—")


def _choices(rows: list[tuple[Any, ...]]) -> tuple[list[tuple[int, str]],
                                                   list[tuple[int, str]], list[str]]:
    """The filter's plans, units and specialties, from one pass over the desk's rows."""
    plans: dict[int, str] = {}
    employers: dict[int, str] = {}
    specialties: set[str] = set()
    for plan_id, title, employer_id, name, specialty in rows:
        plans[plan_id] = title
        if employer_id is not None:
            employers[employer_id] = name
        if specialty:
            specialties.add(specialty)
    return (sorted(plans.items(), key=lambda kv: kv[1]),
            sorted(employers.items(), key=lambda kv: kv[1]), sorted(specialties))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _picked(request: HttpRequest) -> list[Application]:
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    return list(_visible(request).filter(pk__in=ids).order_by("pk"))


@require_POST
@acting_as(*DESKS)
def bulk_preview(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    apps = _picked(request)
    if action not in bulk.BULK_ACTIONS or not apps:
        messages.error(request, "请勾选申报并选择批量操作")
        return redirect("reviews:desk")
    lines = bulk.preview(Who.from_request(request), apps, action, reason)
    return render(request, "reviews/bulk.html", {
        "lines": lines, "action": action, "label": bulk.BULK_ACTIONS[action],
        "reason": reason, "ok": sum(1 for line in lines if line.ok)})


@require_POST
@acting_as(*DESKS)
def bulk_apply(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if action not in bulk.BULK_ACTIONS:
        messages.error(request, "没有这项批量操作")
        return redirect("reviews:desk")
    apps = _picked(request)
    if not apps:
        messages.error(request, "请勾选申报并选择批量操作")
        return redirect("reviews:desk")
    versions = {a.pk: _int(request.POST.get(f"v{a.pk}")) or 0 for a in apps}
    job = jobs.start_bulk(Who.from_request(request), apps, action,
                          request.POST.get("reason", ""), versions)
    return redirect("jobs:detail", pk=job.pk)


def _app(request: HttpRequest, pk: int) -> Application:
    try:
        return visible_application(request.acting, request.user, pk)  # type: ignore[attr-defined]
    except Application.DoesNotExist:
        raise Http404 from None


@acting_as(*DESKS)
def detail(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    app = _app(request, pk)
    who = Who.from_request(request)
    actor = DESK_OF_ROLE[request.acting.role]  # type: ignore[attr-defined]
    actions = [a for a in workflow.available(app.status, actor)
               if a.name not in ELSEWHERE and may_act(who, actor, app)]
    post_record = getattr(app, "posting", None)
    role = request.acting.role  # type: ignore[attr-defined]
    return render(request, "reviews/detail.html", {
        "app": app, "actions": actions, "posting": post_record,
        "objections": post_record.objections.all() if post_record else [],
        "history": HISTORY.all(app.pk),
        "paper": getattr(app, "paper", None), "fee": getattr(app, "fee", None),
        "show_full_id": role == Role.COMMITTEE_OFFICE,
        "is_unit": role == Role.UNIT_ADMIN, "is_office": role == Role.COMMITTEE_OFFICE,
        "not_ready": office.ready_for_evaluation(app) if app.status == "accepted" else [],
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "posting_form": forms.get("posting_form") or PostingForm(),
        "objection_form": forms.get("objection_form") or ObjectionForm(),
        "resolve_form": ResolveForm(), "paper_form": forms.get("paper_form") or PaperForm(),
        "fee_form": forms.get("fee_form") or FeeForm(),
        "dossier": materials.dossier(app),
    })


@acting_as(*DESKS)
def material(request: HttpRequest, pk: int, part: str, index: int) -> HttpResponse:
    """The application's photo, 评审表 or a chosen file, to the desks that see it (the ID
    number in full only for the office)."""
    app = _app(request, pk)
    return materials.response(app, part, index, show_id=request.acting.role  # type: ignore[attr-defined]
                              == Role.COMMITTEE_OFFICE)


@require_POST
@acting_as(*DESKS)
def act(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one action on one application, over the version the reviewer saw."""
    app = _app(request, pk)
    who = Who.from_request(request)
    name = request.POST.get("action", "")
    version = _int(request.POST.get("version"))
    reason_form = ReasonForm(request.POST)
    reason = reason_form.data.get("reason", "")
    posting_form = PostingForm(request.POST) if name == "unit_post" else None
    try:
        if name in ELSEWHERE:
            raise Refused(ELSEWHERE[name])
        if name == "unit_post":
            if not posting_form.is_valid():
                raise Refused("请填写公示开始日期和公示方式")
            posting.post(who, app, posting_form.cleaned_data["starts_on"],
                         posting_form.cleaned_data["place"], version)
        elif name == "unit_recommend":
            posting.recommend(who, app, version)
        elif name == "office_accept":
            office.accept(who, app, version)
        elif name == "start_evaluation":
            office.start_evaluation(who, app, version)
        else:
            apply(who, app, Step(name, reason=reason, version=version))
    except Refused as exc:
        messages.error(request, str(exc))
        return detail(request, pk, reason_form=reason_form, posting_form=posting_form)
    label = workflow.ACTIONS[name].label if name in workflow.ACTIONS else name
    messages.success(request, f"已{label}")
    return redirect("reviews:detail", pk=pk)


@require_POST
@acting_as(Role.UNIT_ADMIN)
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    form = ObjectionForm(request.POST)
    if form.is_valid() and hasattr(app, "posting"):
        try:
            posting.record_objection(Who.from_request(request), app.posting,
                                     **form.cleaned_data)
            messages.success(request, "已记录异议；处理完毕前不能推荐报送")
            return redirect("reviews:detail", pk=pk)
        except Refused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "请填写收到日期和反映内容")
    return detail(request, pk, objection_form=form)


@require_POST
@acting_as(Role.UNIT_ADMIN)
def objection_resolve(request: HttpRequest, pk: int, objection_pk: int) -> HttpResponse:
    app = _app(request, pk)
    objection = get_object_or_404(Objection, pk=objection_pk, posting__application=app)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核实结论并填写核实情况")
        return redirect("reviews:detail", pk=pk)
    try:
        posting.resolve_objection(Who.from_request(request), objection,
                                  form.cleaned_data["outcome"],
                                  form.cleaned_data["resolution"])
        messages.success(request, "异议已处理")
    except Refused as exc:
        messages.error(request, str(exc))
    return redirect("reviews:detail", pk=pk)


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
@recent_auth()
def fraud(request: HttpRequest, pk: int) -> HttpResponse:
    """Fraud found: revoke the application or title and record the person for 3 years."""
    from zhicheng.integrity.domain import record_fraud

    app = _app(request, pk)
    try:
        rec = record_fraud(Who.from_request(request), app, request.POST.get("found", ""))
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已撤销并记入诚信档案，{rec.barred_until:%Y年%m月%d日}前"
                                  "不得申报")
    return redirect("reviews:detail", pk=pk)


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    form = PaperForm(request.POST)
    if form.is_valid():
        try:
            office.record_paper(Who.from_request(request), app, **form.cleaned_data)
            messages.success(request, "已登记纸质材料")
            return redirect("reviews:detail", pk=pk)
        except Refused as exc:
            messages.error(request, str(exc))
    return detail(request, pk, paper_form=form)


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def fee(request: HttpRequest, pk: int) -> HttpResponse:
    app = _app(request, pk)
    form = FeeForm(request.POST)
    if form.is_valid():
        try:
            office.record_payment(Who.from_request(request), app,
                                  form.cleaned_data["method"], form.cleaned_data["reference"],
                                  status=form.cleaned_data["status"])
            messages.success(request, "已登记缴费")
            return redirect("reviews:detail", pk=pk)
        except Refused as exc:
            messages.error(request, str(exc))
    return detail(request, pk, fee_form=form)

