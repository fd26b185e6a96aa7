"""The meeting pages. The committee office: meetings, attendance, opening and closing the
ballot, the decisions, results posting and 复查. The expert: the secret ballot, showing only
the applications the expert may judge (conflicts are removed in the query)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng import voting
from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused
from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as
from zhicheng.experts.access import conflicted, expert_of, forbidden_pairs
from zhicheng.experts.models import Expert
from zhicheng.orgs.models import Role
from zhicheng.plans.lookups import committee_plans
from zhicheng.plans.models import PLAN_HEAVY, Plan

from . import domain
from .forms import DecideReexamForm, MeetingForm, ResultPostingForm
from .models import (
    Meeting,
    MeetingStatus,
    Reexamination,
    ReexamStatus,
    ResultPosting,
    VoteCast,
)

CHOICE_LABELS = ((voting.YES, "同意"), (voting.NO, "不同意"), (voting.ABSTAIN, "弃权"))
RESULT_STATES = ("approved", "not_approved", "certified")


def _committee(request: HttpRequest) -> Any:
    return request.acting.organisation  # type: ignore[attr-defined]


def _meetings(request: HttpRequest) -> QuerySet[Meeting]:
    """The acting committee's meetings: another committee's are never found."""
    return Meeting.objects.filter(plan__committee=_committee(request))


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        _meetings(request).select_related("plan", "group").defer(*PLAN_HEAVY), pk=pk)


# ---- the committee office -----------------------------------------------------------


@acting_as(Role.COMMITTEE_OFFICE)
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The committee's meetings, and a form to call one."""
    org = _committee(request)
    form = MeetingForm(request.POST or None, committee=org)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(Who.from_request(request))
        messages.success(request, f"已创建会议“{meeting.title}”，"
                                  f"评委会成员{meeting.members.count()}人")
        return redirect("meetings:detail", pk=meeting.pk)
    meetings = (_meetings(request).select_related("plan", "group").defer(*PLAN_HEAVY)
                .annotate(n_members=Count("members")).order_by("-held_on", "-pk"))
    plans = committee_plans(org.pk, ("-year", "title"))
    return render(request, "meetings/list.html", {
        "meetings": meetings, "plans": plans, "form": form})


@acting_as(Role.COMMITTEE_OFFICE)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance and quorum, the ballot's state, the agenda and, once closed, the tally."""
    meeting = _meeting(request, pk)
    members = list(meeting.members.order_by("name", "pk"))
    present_ids = set(meeting.attendance.filter(present=True)
                      .values_list("expert_id", flat=True))
    present = [m for m in members if m.pk in present_ids]
    n_members, n_present = len(members), len(present)
    agenda = list(domain.agenda(meeting).order_by("pk"))
    recused = forbidden_pairs(present, agenda) if agenda and present else set()
    votes = dict(VoteCast.objects.filter(meeting=meeting).order_by()
                 .values("application_id").annotate(n=Count("pk"))
                 .values_list("application_id", "n"))
    rows = [{"app": app, "voters": sum(1 for m in present if (app.pk, m.pk) not in recused),
             "votes": votes.get(app.pk, 0)} for app in agenda]
    decisions = list(meeting.decisions.select_related("application__applicant",
                                                      "application__employer")
                     .order_by("application_id"))
    checked = bool(request.GET.get("recount")) and bool(decisions)
    tallies = [{"d": d, "needed": voting.yes_needed(d.present),
                "recount": domain.recount(d) if checked else None} for d in decisions]
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "members": members, "present_ids": present_ids,
        "n_members": n_members, "n_present": n_present,
        "quorum": voting.quorum_needed(n_members),
        "has_quorum": voting.has_quorum(n_members, n_present),
        "recorded": meeting.attendance.exists(),
        "rows": rows, "tallies": tallies, "checked": checked,
        "all_consistent": checked and all(t["recount"] for t in tallies),
        "planned": meeting.status == MeetingStatus.PLANNED,
        "is_voting": meeting.status == MeetingStatus.VOTING,
        "closed": meeting.status == MeetingStatus.CLOSED,
    })


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    members = set(meeting.members.values_list("pk", flat=True))
    ticked = {int(i) for i in request.POST.getlist("attendance") if i.isdigit()} & members
    try:
        domain.record_attendance(Who.from_request(request), meeting, ticked)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已登记出席：出席{len(ticked)}人，成员{len(members)}人")
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def open_voting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        domain.open_voting(Who.from_request(request), meeting)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "表决已开始：出席评委可在“会议表决”页面投票")
    return redirect("meetings:detail", pk=meeting.pk)


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def close_voting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        decisions = domain.close_voting(Who.from_request(request), meeting)
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        passed = sum(1 for d in decisions if d.passed)
        messages.success(request, f"表决已结束并计票：{len(decisions)}件申报，"
                                  f"通过{passed}件，未通过{len(decisions) - passed}件")
    return redirect("meetings:detail", pk=meeting.pk)


def _plan(request: HttpRequest, plan_pk: int) -> Plan:
    return get_object_or_404(Plan, pk=plan_pk, committee=_committee(request))


@acting_as(Role.COMMITTEE_OFFICE)
def results(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """The plan's results posting (5 working days) and the 复查 requests made within it."""
    plan = _plan(request, plan_pk)
    posting = ResultPosting.objects.filter(plan=plan).first()
    form = ResultPostingForm(request.POST or None,
                             initial={"place": posting.place} if posting else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                posted = domain.post_results(Who.from_request(request), plan,
                                              form.cleaned_data["starts_on"],
                                              form.cleaned_data["place"])
            except Refused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已公示评审结果：{posted.starts_on:%Y-%m-%d}至"
                                          f"{posted.ends_on:%Y-%m-%d}，已通知申报人")
                return redirect("meetings:results", plan_pk=plan.pk)
        else:
            messages.error(request, "请填写公示开始日期和公示方式")
    outcomes = (Application.objects.filter(plan=plan, status__in=RESULT_STATES)
                .select_related("applicant", "employer").order_by("status", "pk"))
    reexams = (Reexamination.objects.filter(application__plan=plan)
               .select_related("application__applicant", "decided_by")
               .order_by(Case(When(status=ReexamStatus.OPEN, then=Value(0)), default=Value(1),
                              output_field=IntegerField()), "-requested_at"))
    return render(request, "meetings/results.html", {
        "plan": plan, "posting": posting,
        "form": form, "outcomes": outcomes,
        # one form per open request, each with its own ids (the field names stay the same)
        "reexams": [(r, DecideReexamForm(auto_id=f"id_r{r.pk}_%s")
                     if r.status == ReexamStatus.OPEN else None) for r in reexams],
    })


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def decide_reexam(request: HttpRequest, pk: int) -> HttpResponse:
    reexam = get_object_or_404(
        Reexamination.objects.select_related("application__plan", "application__applicant"),
        pk=pk, application__plan__committee=_committee(request))
    form = DecideReexamForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择复查结论并填写复查意见")
    else:
        try:
            done = domain.decide_reexam(Who.from_request(request), reexam,
                                        form.cleaned_data["status"],
                                        form.cleaned_data["outcome"])
        except Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{reexam.application.applicant.name}的复查申请已处理："
                                      f"{done.get_status_display()}")
    return redirect("meetings:results", plan_pk=reexam.application.plan_id)


# ---- the expert -----------------------------------------------------------------------


def _expert(request: HttpRequest) -> Expert:
    expert = expert_of(request)
    if expert is None:
        raise Http404
    return expert


def _members_meeting(request: HttpRequest, pk: int) -> tuple[Expert, Meeting]:
    """The meeting if the expert is one of its members on this committee, else 404."""
    expert = _expert(request)
    meeting = get_object_or_404(
        Meeting.objects.select_related("plan", "group").defer(*PLAN_HEAVY), pk=pk,
        plan__committee=_committee(request), members=expert)
    return expert, meeting


@acting_as(Role.EXPERT)
def mine(request: HttpRequest) -> HttpResponse:
    """The meetings the expert sits on."""
    expert = _expert(request)
    meetings = (Meeting.objects.filter(members=expert, plan__committee=_committee(request))
                .select_related("plan", "group").defer(*PLAN_HEAVY).order_by("-held_on", "-pk"))
    return render(request, "meetings/mine.html", {"meetings": meetings})


@acting_as(Role.EXPERT)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert's ballot paper: the agenda without the applications they must recuse
    from, which are excluded in the query and so never reach the page."""
    expert, meeting = _members_meeting(request, pk)
    apps = list(domain.agenda(meeting).exclude(conflicted(expert)).order_by("pk"))
    voted = set(VoteCast.objects.filter(meeting=meeting, expert=expert)
                .values_list("application_id", flat=True))
    present = meeting.attendance.filter(expert=expert, present=True).exists()
    return render(request, "meetings/vote.html", {
        "meeting": meeting, "rows": [{"app": a, "voted": a.pk in voted} for a in apps],
        "n_voted": sum(1 for a in apps if a.pk in voted), "present": present,
        "choices": CHOICE_LABELS,
        "planned": meeting.status == MeetingStatus.PLANNED,
        "is_voting": meeting.status == MeetingStatus.VOTING,
        "closed": meeting.status == MeetingStatus.CLOSED,
    })


@require_POST
@acting_as(Role.EXPERT)
def cast(request: HttpRequest, pk: int, app_pk: int) -> HttpResponse:
    """One ballot. An application the expert must recuse from is not found (404), so the
    address does not confirm that it exists."""
    expert, meeting = _members_meeting(request, pk)
    app = get_object_or_404(Application.objects.filter(plan=meeting.plan)
                            .exclude(conflicted(expert)).select_related("applicant"),
                            pk=app_pk)
    try:
        domain.cast(Who.from_request(request), meeting, app, request.POST.get("choice", ""))
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已提交对{app.applicant.name}的表决（表决意见保密，"
                                  "提交后不能更改）")
    return redirect("meetings:vote", pk=meeting.pk)
