"""The meeting: attendance, quorum, the secret ballot, the tally; then results posting and
re-examination. Decisions move applications through the one transition function."""

from __future__ import annotations

import hashlib
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng import voting
from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply, require_office
from zhicheng.audit.domain import Who, record
from zhicheng.experts.access import conflicted
from zhicheng.experts.models import Expert
from zhicheng.notifications.domain import notify
from zhicheng.orgs.models import Role
from zhicheng.workcalendar.service import current as calendar
from zhicheng.workdays import CalendarGap
from zhicheng.workdays import chinese_date as _d

from .models import (
    Attendance,
    Ballot,
    Decision,
    Meeting,
    MeetingStatus,
    Reexamination,
    ReexamStatus,
    ResultPosting,
    VoteCast,
)


def _office(who: Who, meeting_or_plan: Meeting | object) -> None:
    plan = getattr(meeting_or_plan, "plan", meeting_or_plan)
    require_office(who, plan.committee_id)


def agenda(meeting: Meeting) -> QuerySet[Application]:
    """The applications the meeting decides: its plan's (and group's) in expert review."""
    qs = Application.objects.filter(plan=meeting.plan, status="expert_review")
    if meeting.group_id:
        qs = qs.filter(specialty__in=meeting.group.specialties)
    return qs.select_related("applicant", "employer")


def present_experts(meeting: Meeting) -> QuerySet[Expert]:
    return meeting.members.filter(pk__in=meeting.attendance.filter(present=True)
                                  .values("expert_id"))


def voters_for(meeting: Meeting, app: Application) -> QuerySet[Expert]:
    """Members present who take part in this application (the recused are left out)."""
    return present_experts(meeting).exclude(pk__in=[
        e.pk for e in present_experts(meeting) if
        Application.objects.filter(pk=app.pk).filter(conflicted(e)).exists()])


def record_attendance(who: Who, meeting: Meeting, present_ids: set[int]) -> None:
    _office(who, meeting)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.PLANNED:
            raise Refused("表决开始后不能再修改出席情况")
        for expert in meeting.members.all():
            Attendance.objects.update_or_create(meeting=meeting, expert=expert, defaults={
                "present": expert.pk in present_ids, "recorded_at": timezone.now()})
        record(who, meeting, "meeting.attendance", after={
            "members": meeting.members.count(), "present": sorted(present_ids)})


def open_voting(who: Who, meeting: Meeting) -> Meeting:
    _office(who, meeting)
    members = meeting.members.count()
    present = present_experts(meeting).count()
    if not voting.has_quorum(members, present):
        raise Refused(f"出席评委{present}人，不足评委会{members}人的三分之二"
                      f"（至少{voting.quorum_needed(members)}人），不能表决")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.PLANNED:
            raise Refused("表决已开始或已结束")
        locked.status, locked.opened_at = MeetingStatus.VOTING, timezone.now()
        locked.save(update_fields=["status", "opened_at"])
        record(who, locked, "meeting.voting_opened", after={
            "members": members, "present": present})
    return locked


def cast(who: Who, meeting: Meeting, app: Application, choice: str) -> None:
    """One expert's own ballot: no proxy, present, not recused, once, while voting is open."""
    if choice not in voting.CHOICES:
        raise Refused("表决意见只能是同意、不同意或弃权")
    expert = Expert.objects.filter(user=who.actor, committee_id=meeting.plan.committee_id,
                                   pk__in=meeting.members.values("pk")).first() \
        if who.actor is not None and who.role == Role.EXPERT else None
    if expert is None:
        raise Refused("只有本次会议的评委本人可以投票，不得委托他人")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.VOTING:
            raise Refused("表决未开始或已结束，不接受投票" if locked.status ==
                          MeetingStatus.PLANNED else "表决已结束，不接受迟到的投票")
        if not locked.attendance.filter(expert=expert, present=True).exists():
            raise Refused("您未登记出席本次会议，不能投票")
        if not agenda(locked).filter(pk=app.pk).exists():
            raise Refused("该申报不在本次会议的表决范围内")
        if Application.objects.filter(pk=app.pk).filter(conflicted(expert)).exists():
            raise Refused("您与该申报存在回避关系，不能投票")
        try:
            with transaction.atomic():
                VoteCast.objects.create(meeting=locked, application=app, expert=expert)
        except IntegrityError:
            raise Refused("您已对该申报投过票，每人只能投一票") from None
        Ballot.objects.create(meeting=locked, application=app, choice=choice)
        record(who, (VoteCast._meta.label_lower, f"{locked.pk}:{app.pk}:{expert.pk}"),
               "meeting.vote_cast", after={"meeting": locked.pk, "application": app.pk})


def ballots_digest(meeting: Meeting, app: Application) -> tuple[list[str], str]:
    choices = sorted(Ballot.objects.filter(meeting=meeting, application=app)
                     .values_list("choice", flat=True))
    return choices, hashlib.sha256(",".join(choices).encode()).hexdigest()


def count(meeting: Meeting, app: Application) -> voting.Tally:
    choices, _ = ballots_digest(meeting, app)
    return voting.tally(voters_for(meeting, app).count(), choices)


def close_voting(who: Who, meeting: Meeting) -> list[Decision]:
    """Close the ballot, count each application from the stored ballots and record it."""
    _office(who, meeting)
    decisions = []
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.status != MeetingStatus.VOTING:
            raise Refused("表决未开始或已结束")
        for app in agenda(locked):
            result = count(locked, app)
            _, digest = ballots_digest(locked, app)
            decision = Decision.objects.create(
                meeting=locked, application=app, present=result.present, yes=result.yes,
                no=result.no, abstain=result.abstain, passed=result.passed,
                ballots_sha256=digest)
            record(who, decision, "meeting.decision", after={
                "application": app.pk, "present": result.present, "yes": result.yes,
                "no": result.no, "abstain": result.abstain, "passed": result.passed,
                "ballots_sha256": digest})
            apply(who, app, Step("record_pass" if result.passed else "record_fail",
                                 reason=result.describe()))
            decisions.append(decision)
        locked.status, locked.closed_at = MeetingStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        record(who, locked, "meeting.voting_closed", after={"decisions": len(decisions)})
    return decisions


def recount(decision: Decision) -> bool:
    """Whether the stored ballots still give the recorded decision."""
    choices, digest = ballots_digest(decision.meeting, decision.application)
    again = voting.tally(decision.present, choices)
    return (digest == decision.ballots_sha256 and again.yes == decision.yes
            and again.passed == decision.passed)


def post_results(who: Who, plan: object, starts_on: date, place: str,
                 today: date | None = None) -> ResultPosting:
    _office(who, plan)
    today = today or timezone.localdate()
    if starts_on < today:
        raise Refused("公示开始日期不能早于今天")
    try:
        ends = calendar().posting_end(starts_on, 5)
        proof = calendar().proof_from(starts_on, 5)
    except CalendarGap as exc:
        raise Refused(str(exc)) from None
    with transaction.atomic():
        posting, _ = ResultPosting.objects.update_or_create(plan=plan, defaults={
            "starts_on": starts_on, "ends_on": ends, "proof_from": proof,
            "place": place.strip(), "posted_by": who.actor})
        record(who, posting, "results.posted", after={
            "starts_on": starts_on, "ends_on": ends})
        for app in Application.objects.filter(plan=plan, status__in=(
                "approved", "not_approved")).select_related("applicant"):
            notify(app.applicant, "result", {
                "plan": app.plan.title, "url": app.get_absolute_url(),
                "result": f"{app.get_status_display()}（公示期{_d(starts_on)}至{_d(ends)}，"
                          "如有异议可在公示期内申请复查）"},
                obj=app, dedupe=f"app{app.pk}:resultposted")
    return posting


def request_reexam(who: Who, app: Application, reason: str,
                   today: date | None = None) -> Reexamination:
    today = today or timezone.localdate()
    if who.actor is None or who.actor.pk != app.applicant_id:
        raise Refused("只有申报人本人可以申请复查")
    posting = ResultPosting.objects.filter(plan_id=app.plan_id).first()
    if posting is None or app.status not in ("approved", "not_approved"):
        raise Refused("评审结果尚未公示，不能申请复查")
    if not posting.starts_on <= today <= posting.ends_on:
        raise Refused(f"复查须在结果公示期内（{_d(posting.starts_on)}至{_d(posting.ends_on)}）"
                      "提出")
    if not reason.strip():
        raise Refused("请写明复查理由")
    with transaction.atomic():
        if Reexamination.objects.filter(application=app, status=ReexamStatus.OPEN).exists():
            raise Refused("已有待处理的复查申请")
        reexam = Reexamination.objects.create(application=app, reason=reason.strip())
        record(who, reexam, "reexam.requested", after={"application": app.pk,
                                                       "reason": reexam.reason})
    return reexam


def decide_reexam(who: Who, reexam: Reexamination, status: str, outcome: str) -> Reexamination:
    _office(who, reexam.application.plan)
    if status not in (ReexamStatus.UPHELD, ReexamStatus.CHANGED):
        raise Refused("复查结论只能是维持或改变原结果")
    if not outcome.strip():
        raise Refused("请填写复查结论")
    with transaction.atomic():
        locked = Reexamination.objects.select_for_update().get(pk=reexam.pk)
        if locked.status != ReexamStatus.OPEN:
            raise Refused("该复查申请已处理")
        locked.status, locked.outcome = status, outcome.strip()
        locked.decided_by, locked.decided_at = who.actor, timezone.now()
        locked.save()
        record(who, locked, "reexam.decided", after={"status": status,
                                                     "outcome": locked.outcome})
        app = locked.application
        if status == ReexamStatus.CHANGED:
            flip = "reexam_pass" if app.status == "not_approved" else "reexam_fail"
            app = apply(who, app, Step(flip, reason=locked.outcome))
        notify(app.applicant, "reexam_decided", {
            "plan": app.plan.title, "result": f"{locked.get_status_display()}：{locked.outcome}",
            "url": app.get_absolute_url()}, obj=app, dedupe=f"reexam{locked.pk}")
    return locked


def certificate_problem(app: Application, today: date | None = None) -> str | None:
    """Why a certificate may not be issued yet: results posted, posting over, no open 复查."""
    today = today or timezone.localdate()
    posting = ResultPosting.objects.filter(plan_id=app.plan_id).first()
    if posting is None:
        return "评审结果尚未公示"
    decision = (Decision.objects.filter(application=app, passed=True)
                .select_related("meeting").order_by("-decided_at").first())
    # a pass voted at a meeting after the posting began was never posted (unless a 复查
    # within the posting changed the posted result, which settles it)
    if decision and posting.starts_on < decision.meeting.held_on and not (
            Reexamination.objects.filter(application=app, status=ReexamStatus.CHANGED)
            .exists()):
        return (f"本件于{_d(decision.meeting.held_on)}的评审会议表决通过，晚于评审结果公示"
                f"开始日{_d(posting.starts_on)}，须重新公示后方可发证")
    if today < posting.proof_from:
        return f"评审结果公示期至{_d(posting.ends_on)}，{_d(posting.proof_from)}起方可发证"
    if Reexamination.objects.filter(application=app, status=ReexamStatus.OPEN).exists():
        return "有待处理的复查申请"
    return None
