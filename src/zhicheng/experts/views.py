"""Office pages (pool, groups, assignment, score sheet, progress, interviews) and the
expert's own pages (assigned applications, scoring, declaring conflicts)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import User
from zhicheng.applications import materials
from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused
from zhicheng.audit.domain import Who, record
from zhicheng.core.access import acting_as, recent_auth
from zhicheng.identity.idnumber import normalise
from zhicheng.orgs.models import Organisation, Role
from zhicheng.plans.lookups import committee_plans
from zhicheng.plans.models import Plan

from . import assign, domain, jobs
from .access import applications_for_expert, expert_of
from .forms import ConflictForm, ExpertForm, GroupForm, InterviewForm, ProposeForm, SheetForm
from .models import Assignment, AssignmentRun, DisciplineGroup, Expert, Interview, Score, ScoreSheet

OFFICE = Role.COMMITTEE_OFFICE


def _committee(request: HttpRequest) -> Organisation:
    return request.acting.organisation  # type: ignore[attr-defined]


def _plan(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(Plan, pk=pk, committee=_committee(request))


@acting_as(OFFICE)
def pool(request: HttpRequest) -> HttpResponse:
    committee = _committee(request)
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = data.pop("mobile")
        expert = Expert(committee=committee, user=user, name=user.name, **data)
        try:
            domain.save_expert(Who.from_request(request), expert)
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已将{user.name}加入专家库")
            return redirect("experts:pool")
    experts = Expert.objects.filter(committee=committee).order_by("name")
    return render(request, "experts/pool.html", {
        "experts": experts, "form": form,
        "plans": committee_plans(committee.pk)})


@acting_as(OFFICE)
def plan_desk(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan's expert review: groups, assignment runs, score sheet, progress."""
    plan = _plan(request, pk)
    experts = Expert.objects.filter(committee=plan.committee_id).order_by("name")
    group_form = GroupForm(request.POST or None, experts=experts, prefix="g")
    if request.method == "POST" and group_form.is_valid():
        group = DisciplineGroup.objects.create(plan=plan, name=group_form.cleaned_data["name"],
                                               specialties=group_form.cleaned_data["specialties"])
        group.experts.set(group_form.cleaned_data["members"])
        record(Who.from_request(request), group, "group.created", after={
            "name": group.name, "specialties": group.specialties,
            "members": [e.pk for e in group_form.cleaned_data["members"]]})
        messages.success(request, "学科组已建立")
        return redirect("experts:plan", pk=plan.pk)
    groups = DisciplineGroup.objects.filter(plan=plan).prefetch_related("experts")
    apps = (Application.objects.filter(plan=plan, status__in=(
        "expert_review", "approved", "not_approved", "certified"))
        .select_related("applicant").order_by("pk"))
    apps = list(apps[:500])
    summaries = domain.aggregates([a.pk for a in apps])
    rows = [(a, summaries[a.pk]) for a in apps]
    return render(request, "experts/plan.html", {
        "plan": plan, "groups": groups, "group_form": group_form, "rows": rows,
        "propose_form": ProposeForm(groups=groups),
        "runs": AssignmentRun.objects.filter(plan=plan)[:10],
        "sheet": ScoreSheet.objects.filter(plan=plan).first(),
        "waiting": Application.objects.filter(plan=plan, status="expert_review").count()})


@require_POST
@acting_as(OFFICE)
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = ProposeForm(request.POST, groups=DisciplineGroup.objects.filter(plan=plan))
    if not form.is_valid():
        messages.error(request, "请检查分配参数")
        return redirect("experts:plan", pk=plan.pk)
    job = jobs.start_propose(Who.from_request(request), plan, form.cleaned_data["group"],
                             form.cleaned_data["reviews"],
                             form.cleaned_data["require_specialty"])
    return redirect("jobs:detail", pk=job.pk)


def _run(request: HttpRequest, pk: int) -> AssignmentRun:
    return get_object_or_404(AssignmentRun, pk=pk, plan__committee=_committee(request))


@acting_as(OFFICE)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    pairs = [tuple(p) for p in run.result.get("pairs", [])]
    apps = {a.pk: a for a in Application.objects.filter(
        pk__in={a for a, _ in pairs} | {x["id"] for x in run.inputs.get("applications", [])})
        .select_related("applicant")}
    experts = {e.pk: e for e in Expert.objects.filter(committee=run.plan.committee_id)}
    by_app: dict[int, list[Expert]] = {}
    for a, e in pairs:
        by_app.setdefault(a, []).append(experts[e])
    return render(request, "experts/run.html", {
        "run": run, "summary": assign.summary(run),
        "rows": [(apps[a], by_app.get(a, [])) for a in sorted(apps)],
        "experts": experts.values(),
        "loads": [(experts[x["expert"]], x["load"]) for x in run.result.get("loads", [])
                  if x["expert"] in experts]})


@require_POST
@acting_as(OFFICE)
def run_revise(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)

    def pairs(name: str) -> list[tuple[int, int]]:
        out = []
        for value in request.POST.getlist(name):
            a, _, e = value.partition(":")
            if a.isdigit() and e.isdigit():
                out.append((int(a), int(e)))
        return out

    try:
        new = assign.revise(Who.from_request(request), run, pairs("add"), pairs("remove"))
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("experts:run", pk=run.pk)
    messages.success(request, "已按调整重新生成方案")
    return redirect("experts:run", pk=new.pk)


@require_POST
@acting_as(OFFICE)
@recent_auth()
def run_apply(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        made = assign.apply_run(Who.from_request(request), run)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("experts:run", pk=run.pk)
    messages.success(request, f"已执行分配方案，新增{made}条评审分配")
    return redirect("experts:plan", pk=run.plan_id)


@acting_as(OFFICE)
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    current = ScoreSheet.objects.filter(plan=plan).first()
    initial = "\n".join(f"{c['key']}|{c['label']}|{c['weight']:g}|{c['max']:g}|"
                        f"{'是' if c['required'] else '否'}"
                        for c in (current.categories if current else [])) or (
        "achievement|业绩成果|40|100|是\nability|专业能力|30|100|是\n"
        "outputs|论文与技术总结|20|100|是\nethics|职业道德|10|100|否")
    form = SheetForm(request.POST or None, initial={"lines": initial})
    if request.method == "POST" and form.is_valid():
        row, _ = ScoreSheet.objects.update_or_create(plan=plan, defaults={
            "categories": form.cleaned_data["lines"]})
        record(Who.from_request(request), row, "sheet.saved",
               after={"categories": row.categories})
        messages.success(request, "评分表已保存")
        return redirect("experts:plan", pk=plan.pk)
    return render(request, "experts/sheet.html", {"plan": plan, "form": form})


@acting_as(OFFICE)
def interviews(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(DisciplineGroup, pk=pk, plan__committee=_committee(request))
    apps = Application.objects.filter(plan=group.plan, status="expert_review",
                                      specialty__in=group.specialties).select_related(
        "applicant")
    form = InterviewForm(request.POST or None, apps=apps)
    if request.method == "POST" and form.is_valid():
        try:
            domain.schedule_interview(Who.from_request(request), group,
                                      form.cleaned_data["application"],
                                      form.cleaned_data["starts_at"],
                                      form.cleaned_data["place"])
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已安排答辩并通知申报人")
            return redirect("experts:interviews", pk=group.pk)
    return render(request, "experts/interviews.html", {
        "group": group, "form": form,
        "interviews": Interview.objects.filter(group=group).select_related(
            "application__applicant")})


def _conflict(request: HttpRequest, expert: Expert, form: ConflictForm) -> bool:
    data = form.cleaned_data
    person = User.objects.by_id_number(normalise(data["id_number"])).order_by("pk").first() \
        if data["id_number"] else None
    org = Organisation.objects.filter(name=data["organisation"].strip()).first() \
        if data["organisation"] else None
    if person is None and org is None:
        form.add_error(None, "平台中没有该身份证号或单位，无需登记回避")
        return False
    try:
        domain.declare_conflict(Who.from_request(request), expert, data["kind"], data["note"],
                                person=person, organisation=org)
    except Refused as exc:
        form.add_error(None, str(exc))
        return False
    return True


@acting_as(OFFICE)
def office_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(Expert, pk=pk, committee=_committee(request))
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _conflict(request, expert, form):
        messages.success(request, "已登记回避关系，相关评审分配已撤回")
        return redirect("experts:pool")
    return render(request, "experts/conflict.html", {"expert": expert, "form": form,
                                                     "conflicts": expert.conflicts.all()})


# --- the expert's own pages -------------------------------------------------------------

def _me(request: HttpRequest) -> Expert:
    expert = expert_of(request)
    if expert is None:
        raise Http404
    return expert


@acting_as(Role.EXPERT)
def mine(request: HttpRequest) -> HttpResponse:
    expert = _me(request)
    qs = applications_for_expert(expert)
    q = request.GET.get("q", "").replace("\x00", "").strip()
    if q:
        qs = qs.filter(applicant__name__contains=q)
    scored = set(Score.objects.filter(assignment__expert=expert).values_list(
        "assignment__application_id", flat=True))
    return render(request, "experts/mine.html", {
        "expert": expert, "apps": qs.order_by("pk"), "scored": scored, "q": q})


@acting_as(Role.EXPERT)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _me(request)
    app = get_object_or_404(applications_for_expert(expert), pk=pk)
    assignment = Assignment.objects.get(application=app, expert=expert)
    sheet_row = ScoreSheet.objects.filter(plan=app.plan).first()
    categories = sheet_row.categories if sheet_row else []
    existing = getattr(assignment, "score", None)
    values = dict(existing.values) if existing else {}
    comment = existing.comment if existing else ""
    if request.method == "POST":
        values = {c["key"]: request.POST.get(c["key"], "").strip() for c in categories}
        comment = request.POST.get("comment", "")
        try:
            domain.score(Who.from_request(request), assignment, values, comment)
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "评分已提交")
            return redirect("experts:mine")
    return render(request, "experts/review.html", {
        "app": app, "categories": [(c, values.get(c["key"], "")) for c in categories],
        "comment": comment, "dossier": materials.dossier(app)})


@acting_as(Role.EXPERT)
def material(request: HttpRequest, pk: int, part: str, index: int) -> HttpResponse:
    """A file of an application assigned to this expert (never an ID number in full)."""
    app = get_object_or_404(applications_for_expert(_me(request)), pk=pk)
    return materials.response(app, part, index, show_id=False)


@acting_as(Role.EXPERT)
def declare(request: HttpRequest) -> HttpResponse:
    expert = _me(request)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _conflict(request, expert, form):
        messages.success(request, "已登记回避关系；涉及的申报已从您的列表中移除")
        return redirect("experts:mine")
    return render(request, "experts/conflict.html", {"expert": expert, "form": form,
                                                     "conflicts": expert.conflicts.all()})
