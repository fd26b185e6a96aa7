"""The application wizard: eligibility, photo, pledge, statement, selection, preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as
from zhicheng.core.prepared import Prepared
from zhicheng.core.uploads import attachment
from zhicheng.eligibility.profile import ProfileError
from zhicheng.orgs.models import Role
from zhicheng.plans import lookups
from zhicheng.plans.lookups import open_plans
from zhicheng.plans.models import PLAN_HEAVY, Plan

from . import domain, forms, paperwork, requirements
from .models import LIST_DEFERRED, Application

STEPS = [("eligibility", "资格预检"), ("photo", "照片"), ("pledge", "诚信承诺"),
         ("statement", "本人述职"), ("selection", "业绩与成果"), ("preview", "预览并提交")]
STEP_NAMES = dict(STEPS)


# the applicant's applications with their plans, compiled once (core/prepared.py)
MINE: Prepared[Application] = Prepared(
    lambda applicant: Application.objects.filter(applicant_id=applicant).select_related("plan")
    .defer(*PLAN_HEAVY, *LIST_DEFERRED), int)


def _mine(request: HttpRequest, pk: int) -> Application:
    try:
        app = domain.OWN.get(pk, request.user.pk)
    except Application.DoesNotExist:
        raise Http404 from None
    # the signed-in user's own row and the plan from the cache: no join, no second read
    app.applicant = request.user
    app.plan = lookups.plan(app.plan_id)
    return app


@acting_as(Role.APPLICANT)
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/mine.html", {"apps": MINE.all(request.user.pk),
                                                      "plans": open_plans()})


@require_POST
@acting_as(Role.APPLICANT)
def start(request: HttpRequest, plan_pk: int) -> HttpResponse:
    try:
        plan = lookups.plan(plan_pk)  # the cached row: the window check reads it anyway
    except Plan.DoesNotExist:
        raise Http404 from None
    try:
        app = domain.start(Who.from_request(request), request.user, plan)
    except domain.Refused as exc:
        messages.error(request, str(exc))
        return redirect("applications:mine")
    return redirect("applications:step", pk=app.pk, step="eligibility")


@acting_as(Role.APPLICANT)
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    app = _mine(request, pk)
    if step not in STEP_NAMES:
        raise Http404
    handler = HANDLERS[step]
    return handler(request, app)


def _page(request: HttpRequest, app: Application, step: str, **context: Any) -> HttpResponse:
    names = [s for s, _ in STEPS]
    i = names.index(step)
    return render(request, f"applications/step_{step}.html", {
        "app": app, "steps": STEPS, "step": step, "step_title": STEP_NAMES[step],
        "next_step": names[i + 1] if i + 1 < len(names) else None, **context})


def _saved(request: HttpRequest, app: Application, step: str, form: Any,
           **changes: Any) -> HttpResponse | None:
    """Save a step; on success go to the next step, else keep the form with its error."""
    try:
        domain.save(Who.from_request(request), app, form.cleaned_data["version"], **changes)
    except domain.Refused as exc:
        form.add_error(None, str(exc))
        return None
    names = [s for s, _ in STEPS]
    messages.success(request, f"已保存：{STEP_NAMES[step]}")
    return redirect("applications:step", pk=app.pk, step=names[names.index(step) + 1])


def eligibility(request: HttpRequest, app: Application) -> HttpResponse:
    engine = app.plan.engine_plan()
    choices = [(name, name) for _, name in requirements.specialty_choices(engine)]
    form = forms.SpecialtyForm(request.POST or None, choices=choices,
                               initial={"version": app.version, "specialty": app.specialty})
    if request.method == "POST" and form.is_valid() and app.editable:
        done = _saved(request, app, "eligibility", form,
                      specialty=form.cleaned_data["specialty"])
        if done:
            return redirect("applications:step", pk=app.pk, step="eligibility")
    verdict, error = None, None
    if app.specialty:
        try:
            verdict = domain.check(app, verified_only=False)
        except ProfileError as exc:
            error = exc.describe()
    rows = []
    if verdict:
        rows = [(row, requirements.section_for(engine, row["id"]))
                for row in requirements.criterion_rows(verdict.criteria)]
    return _page(request, app, "eligibility", form=form, verdict=verdict, rows=rows,
                 verdict_name=requirements.VERDICT_NAME.get(verdict.verdict, "")
                 if verdict else "",
                 error=error, assess_on=domain.assess_on(app.plan))


def photo(request: HttpRequest, app: Application) -> HttpResponse:
    form = forms.PhotoForm(request.POST or None, request.FILES or None,
                           initial={"version": app.version})
    if request.method == "POST" and form.is_valid():
        done = _saved(request, app, "photo", form, photo=form.cleaned_data["photo"])
        if done:
            return done
    return _page(request, app, "photo", form=form)


def pledge(request: HttpRequest, app: Application) -> HttpResponse:
    form = forms.PledgeForm(request.POST or None, user=request.user,
                            initial={"version": app.version})
    if request.method == "POST" and form.is_valid():
        done = _saved(request, app, "pledge", form, pledge_name=form.cleaned_data["name"],
                      pledged_at=timezone.now())
        if done:
            return done
    return _page(request, app, "pledge", form=form)


def statement(request: HttpRequest, app: Application) -> HttpResponse:
    form = forms.StatementForm(request.POST or None,
                               initial={"version": app.version, "statement": app.statement})
    if request.method == "POST" and form.is_valid():
        done = _saved(request, app, "statement", form,
                      statement=form.cleaned_data["statement"])
        if done:
            return done
    return _page(request, app, "statement", form=form, limit=forms.STATEMENT_MAX)


def selection(request: HttpRequest, app: Application) -> HttpResponse:
    # the chosen items are read only when the form is shown (initial values may be callables)
    def chosen(name: str) -> list[Any]:
        domain.read_chosen(app)
        return list(getattr(app, name).all())

    form = forms.SelectionForm(request.POST or None, user=request.user, initial={
        "version": app.version, "achievements": lambda: chosen("achievements"),
        "outputs": lambda: chosen("outputs")})
    if request.method == "POST" and form.is_valid():
        done = _saved(request, app, "selection", form,
                      achievements=list(form.cleaned_data["achievements"]),
                      outputs=list(form.cleaned_data["outputs"]))
        if done:
            return done
    need = requirements.outputs_needed(app.plan.engine_plan())
    return _page(request, app, "selection", form=form, need=need)


def preview(request: HttpRequest, app: Application) -> HttpResponse:
    # read once for what is missing, the page and the submission's checks
    domain.read_chosen(app)
    form = forms.SubmitForm(request.POST or None, initial={"version": app.version})
    if request.method == "POST" and form.is_valid():
        try:
            domain.submit(Who.from_request(request), app, form.cleaned_data["version"])
        except domain.Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "申报已提交，等待用人单位审核")
            return redirect("applications:mine")
    return _page(request, app, "preview", form=form, problems=domain.missing(app),
                 achievements=app.achievements.all(), outputs=app.outputs.all())


HANDLERS = {"eligibility": eligibility, "photo": photo, "pledge": pledge,
            "statement": statement, "selection": selection, "preview": preview}


@acting_as(Role.APPLICANT)
def progress(request: HttpRequest, pk: int, reexam_form: Any = None) -> HttpResponse:
    """Where the application is: each desk's decision and reason, the posting, the
    acceptance number, the paper copies and the fee still due; then the interview, the
    result and its posting, 复查 and the certificate."""
    from zhicheng.meetings.forms import ReexamRequestForm
    from zhicheng.meetings.models import ReexamStatus, ResultPosting
    from zhicheng.reviews.models import StateChange
    from zhicheng.reviews.payments import backend

    app = _mine(request, pk)
    fee = getattr(app, "fee", None)
    decided = app.status in ("approved", "not_approved", "certified")
    result_posting = (ResultPosting.objects.filter(plan_id=app.plan_id).first()
                      if decided else None)
    reexams = list(app.reexaminations.order_by("requested_at"))
    today = timezone.localdate()
    in_posting = (result_posting is not None
                  and result_posting.starts_on <= today <= result_posting.ends_on)
    may_reexam = (in_posting and app.status in ("approved", "not_approved")
                  and not any(r.status == ReexamStatus.OPEN for r in reexams))
    return render(request, "applications/progress.html", {
        "app": app, "posting": getattr(app, "posting", None),
        "paper": getattr(app, "paper", None), "fee": fee,
        "how_to_pay": backend().instructions(fee).text if fee else "",
        "history": StateChange.objects.filter(application=app).select_related("acting_for"),
        "interview": getattr(app, "interview", None), "decided": decided,
        "result_posting": result_posting, "in_posting": in_posting, "reexams": reexams,
        "reexam_form": (reexam_form or ReexamRequestForm()) if may_reexam else None,
        "certificate": getattr(app, "certificate", None),
    })


@require_POST
@acting_as(Role.APPLICANT)
def reexam_request(request: HttpRequest, pk: int) -> HttpResponse:
    """复查: the applicant asks, within the results posting, for the result to be
    re-examined."""
    from zhicheng.meetings import domain as meetings
    from zhicheng.meetings.forms import ReexamRequestForm

    app = _mine(request, pk)
    form = ReexamRequestForm(request.POST)
    if form.is_valid():
        try:
            meetings.request_reexam(Who.from_request(request), app,
                                    form.cleaned_data["reason"])
        except domain.Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已提交复查申请，评委会办公室处理后会通知您")
            return redirect("applications:progress", pk=app.pk)
    return progress(request, pk, reexam_form=form)


@acting_as(Role.APPLICANT)
def photo_file(request: HttpRequest, pk: int) -> HttpResponse:
    app = _mine(request, pk)
    if not app.photo:
        raise Http404
    return attachment(FileResponse(app.photo.open("rb"), content_type="image/jpeg"),
                      f"photo-{app.pk}.jpg")


@acting_as(Role.APPLICANT)
def form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 评审表, watermarked with the plan and the time of export; the owner sees the full
    ID number."""
    app = _mine(request, pk)
    return paperwork.pdf_response(paperwork.application_form(app, show_id=True),
                                  f"application-{app.pk}")


@acting_as(Role.APPLICANT)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = _mine(request, pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.withdraw(Who.from_request(request), app, form.cleaned_data["reason"])
        except domain.Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "申报已撤回")
            return redirect("applications:mine")
    return render(request, "applications/withdraw.html", {"app": app, "form": form})
