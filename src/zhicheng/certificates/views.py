"""The public check, the holder's download and the committee office's certificate desk."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.applications.models import Application
from zhicheng.applications.paperwork import pdf_response
from zhicheng.applications.transition import Refused
from zhicheng.applications.workflow import State
from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as, public, recent_auth
from zhicheng.orgs.models import Role
from zhicheng.plans.models import PLAN_HEAVY

from . import domain
from .forms import NumberForm, ReasonForm
from .models import Certificate, CertificateStatus
from .paperwork import certificate_pdf, public_facts

NOT_FOUND = "未查到该证书。请核对证书编号（或重新扫描二维码）后再试。"


def _result(request: HttpRequest, form: NumberForm, cert: Certificate | None,
            asked: bool) -> HttpResponse:
    return render(request, "certificates/verify.html", {
        "form": form, "facts": public_facts(cert) if cert else None,
        "not_found": NOT_FOUND if asked and cert is None else ""},
        status=404 if asked and cert is None else 200)


@public
def verify(request: HttpRequest) -> HttpResponse:
    """Look a certificate up by its exact number."""
    if "number" not in request.GET:
        return _result(request, NumberForm(), None, asked=False)
    form = NumberForm(request.GET)
    cert = None
    if form.is_valid():
        cert = Certificate.objects.filter(number=form.cleaned_data["number"]).first()
    return _result(request, form, cert, asked=True)


@public
def by_token(request: HttpRequest, token: str) -> HttpResponse:
    """Where the QR code leads."""
    cert = Certificate.objects.filter(token=token).first()
    return _result(request, NumberForm(), cert, asked=True)


def _pdf(request: HttpRequest, cert: Certificate) -> HttpResponse:
    return pdf_response(certificate_pdf(request, cert), f"专业技术资格证书-{cert.number}")


@acting_as(Role.APPLICANT)
def mine(request: HttpRequest) -> HttpResponse:
    certs = Certificate.objects.filter(holder=request.user)
    return render(request, "certificates/mine.html", {"certificates": certs})


@acting_as(Role.APPLICANT)
def mine_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cert = get_object_or_404(Certificate, pk=pk, holder=request.user)
    if cert.revoked:
        return render(request, "certificates/refused.html", {
            "message": "该证书已撤销，不能下载。"}, status=410)
    return _pdf(request, cert)


def _committee(request: HttpRequest) -> object:
    return request.acting.organisation  # type: ignore[attr-defined]


def _office_certs(request: HttpRequest) -> QuerySet[Certificate]:
    return Certificate.objects.filter(committee=_committee(request))


@acting_as(Role.COMMITTEE_OFFICE)
def office_list(request: HttpRequest) -> HttpResponse:
    chosen = {k: request.GET.get(k, "").replace("\x00", "").strip()
              for k in ("status", "year", "q")}
    certs = _office_certs(request).select_related("application")
    if chosen["status"] in CertificateStatus.values:
        certs = certs.filter(status=chosen["status"])
    if chosen["year"].isdigit():
        certs = certs.filter(application__year=int(chosen["year"]))
    if chosen["q"]:
        certs = certs.filter(Q(holder_name__contains=chosen["q"]) | Q(number=chosen["q"]))
    pending = (Application.objects.filter(committee=_committee(request),
                                          status=State.APPROVED)
               .select_related("applicant", "plan").defer(*PLAN_HEAVY)
               .order_by("plan__title", "pk"))
    return render(request, "certificates/office_list.html", {
        "page": Paginator(certs, 50).get_page(request.GET.get("page")), "chosen": chosen,
        "statuses": CertificateStatus.choices, "pending": pending,
        "years": _office_certs(request).order_by("-application__year")
        .values_list("application__year", flat=True).distinct()})


@acting_as(Role.COMMITTEE_OFFICE)
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cert = get_object_or_404(_office_certs(request).select_related("application"), pk=pk)
    return render(request, "certificates/office_detail.html", {
        "cert": cert, "facts": public_facts(cert), "log": cert.reissue_log.select_related("by"),
        "reissue_form": ReasonForm(auto_id="reissue_%s"),
        "revoke_form": ReasonForm(auto_id="revoke_%s")})


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
def office_issue(request: HttpRequest, app_pk: int) -> HttpResponse:
    app = get_object_or_404(Application, pk=app_pk, committee=_committee(request))
    try:
        cert = domain.issue(Who.from_request(request), app)
    except Refused as exc:
        messages.error(request, str(exc))
        return redirect("certificates:office_list")
    messages.success(request, f"已发放证书 {cert.number}")
    return redirect("certificates:office_detail", pk=cert.pk)


def _with_reason(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    cert = get_object_or_404(_office_certs(request), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写原因")
        return redirect("certificates:office_detail", pk=pk)
    do, done = {"revoke": (domain.revoke, "已撤销证书"),
                "reissue": (domain.reissue, "已补发证书（编号不变）")}[act]
    try:
        do(Who.from_request(request), cert, form.cleaned_data["reason"])
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("certificates:office_detail", pk=pk)


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
@recent_auth()
def office_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, "revoke")


@require_POST
@acting_as(Role.COMMITTEE_OFFICE)
@recent_auth()
def office_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_reason(request, pk, "reissue")


@acting_as(Role.COMMITTEE_OFFICE)
def office_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf(request, get_object_or_404(_office_certs(request), pk=pk))
