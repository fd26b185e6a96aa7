"""Pages of units, acceptance points and the committee office about organisations and roles."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as, recent_auth, signed_in

from . import domain
from .acting import SESSION_KEY, available
from .forms import (
    DepartmentForm,
    EmployerChoiceForm,
    EmployerRegistrationForm,
    PersonLookupForm,
    ReviewForm,
)
from .models import Organisation, OrgKind, OrgStatus, Role, RoleGrant


@signed_in
def switch_role(request: HttpRequest) -> HttpResponse:
    """Switch the role acted as; only roles the user holds are accepted."""
    if request.method != "POST":
        return redirect("core:dashboard")
    key = request.POST.get("role", "")
    options = {a.key: a for a in available(request.user)}
    if key not in options:
        raise PermissionDenied(_("您没有该角色"))
    request.session[SESSION_KEY] = key
    messages.info(request, f"已切换为：{options[key].label}")
    return redirect("core:dashboard")


@signed_in
def employer_register(request: HttpRequest) -> HttpResponse:
    form = EmployerRegistrationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        org = domain.register_employer(form.cleaned_data, request.user, Who.from_request(request))
        grant = RoleGrant.objects.get(user=request.user, organisation=org, role=Role.UNIT_ADMIN)
        request.session[SESSION_KEY] = str(grant.pk)
        messages.success(request, f"单位注册已提交，请等待受理点“{org.parent}”审核。")
        return redirect("core:dashboard")
    return render(request, "orgs/employer_register.html", {"form": form})


@acting_as(Role.DEPARTMENT)
def employer_list(request: HttpRequest) -> HttpResponse:
    pending_first = Case(When(status=OrgStatus.PENDING, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    employers = (Organisation.objects
                 .filter(kind=OrgKind.EMPLOYER, parent=request.acting.organisation)
                 .order_by(pending_first, "-created_at"))
    return render(request, "orgs/employer_list.html", {"employers": employers})


def _employer_for_department(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(Organisation, pk=pk, kind=OrgKind.EMPLOYER,
                             parent=request.acting.organisation)


@acting_as(Role.DEPARTMENT)
def employer_review(request: HttpRequest, pk: int) -> HttpResponse:
    org = _employer_for_department(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if org.status != OrgStatus.PENDING:
            messages.error(request, _("该单位已审核，不能重复审核。"))
            return redirect("orgs:employer_review", pk=org.pk)
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                domain.review_employer(org, approve, form.cleaned_data["reason"],
                                       Who.from_request(request))
            except domain.DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已{'通过' if approve else '退回'}：{org.name}")
                return redirect("orgs:employer_list")
    admins = RoleGrant.objects.active().filter(organisation=org, role=Role.UNIT_ADMIN) \
        .select_related("user")
    return render(request, "orgs/employer_review.html",
                  {"org": org, "form": form, "admins": admins})


@signed_in
def employer_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The authorisation letter: for the unit's own operators and its acceptance point."""
    org = get_object_or_404(Organisation, pk=pk, kind=OrgKind.EMPLOYER)
    acting = request.acting
    own = RoleGrant.objects.active().filter(user=request.user, organisation=org,
                                            role=Role.UNIT_ADMIN).exists()
    point = acting.role == Role.DEPARTMENT and acting.organisation == org.parent
    if not (own or point):
        raise PermissionDenied(_("无权查看该文件"))
    if not org.authorisation_letter:
        raise Http404("未上传授权委托书")
    suffix = org.authorisation_letter.name.rsplit(".", 1)[-1].lower()
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    response = FileResponse(org.authorisation_letter.open("rb"),
                            content_type=content_type.get(suffix, "application/octet-stream"),
                            as_attachment=True, filename=f"authorisation-{org.pk}.{suffix}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@acting_as(Role.COMMITTEE_OFFICE)
@recent_auth(methods=("POST",))
def department_list(request: HttpRequest) -> HttpResponse:
    committee = request.acting.organisation
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        dept, _operator, created = domain.create_department(
            committee, d["name"], d["region"], d["operator_name"], d["operator_mobile"],
            Who.from_request(request))
        note = "，经办人可在登录页通过“找回密码”以短信设置密码" if created else ""
        messages.success(request, f"已创建受理点“{dept.name}”{note}。")
        return redirect("orgs:department_list")
    departments = (Organisation.objects.filter(kind=OrgKind.DEPARTMENT, parent=committee)
                   .order_by("name"))
    return render(request, "orgs/department_list.html",
                  {"departments": departments, "form": form})


@acting_as(Role.COMMITTEE_OFFICE)
@recent_auth(methods=("POST",))
def expert_list(request: HttpRequest) -> HttpResponse:
    committee = request.acting.organisation
    form = PersonLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["identifier"]
        try:
            domain.grant_role(person, Role.EXPERT, committee, Who.from_request(request))
        except domain.DomainError as exc:
            form.add_error("identifier", str(exc))
        else:
            messages.success(request, f"已将 {person.name} 设为本评委会评审专家。")
            return redirect("orgs:expert_list")
    experts = (RoleGrant.objects.active().filter(organisation=committee, role=Role.EXPERT)
               .select_related("user").order_by("user__name"))
    return render(request, "orgs/expert_list.html", {"experts": experts, "form": form})


@signed_in
def my_employer(request: HttpRequest) -> HttpResponse:
    form = EmployerChoiceForm(request.POST or None,
                              initial={"employer": request.user.employer_id})
    if request.method == "POST" and form.is_valid():
        try:
            domain.set_employer(request.user, form.cleaned_data["employer"],
                                Who.from_request(request))
        except domain.DomainError as exc:
            form.add_error("employer", str(exc))
        else:
            messages.success(request, _("工作单位已保存。"))
            return redirect("accounts:profile")
    return render(request, "orgs/my_employer.html", {"form": form})
