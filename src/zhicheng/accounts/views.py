"""Registration, sign-in, sign-out, password reset and the personal page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.db import IntegrityError
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng.audit.domain import Who, client_ip, record
from zhicheng.core.access import public, signed_in

from . import codes, domain
from .forms import LoginForm, MobileOnlyForm, PasswordResetForm, RegistrationForm
from .models import CodePurpose, User


def _send_code(request: HttpRequest, purpose: str) -> None:
    """Handle a form's `send_code` button: send the code and say so above the form."""
    mobile_form = MobileOnlyForm({"mobile": request.POST.get("mobile", "")})
    if not mobile_form.is_valid():
        messages.error(request, f"手机号码：{mobile_form.errors['mobile'][0]}")
        return
    mobile = mobile_form.cleaned_data["mobile"]
    if purpose == CodePurpose.RESET and not User.objects.filter(mobile=mobile).exists():
        # Same answer as for a registered number: the page never tells who is registered.
        messages.info(request, _("如该手机号码已注册，验证码已发送，请查收短信。"))
        return
    try:
        codes.issue(mobile, purpose, client_ip(request))
    except codes.CodeError as exc:
        messages.error(request, f"短信验证码：{exc}")
        return
    messages.info(request, f"验证码已发送至 {mobile[:3]}****{mobile[-4:]}，请查收短信。")


def _rebound(form_cls: type[forms.Form], request: HttpRequest) -> forms.Form:
    """The form bound to what was typed, shown without validation errors."""
    form = form_cls(request.POST)
    form._errors = ErrorDict()  # show values without running validation
    return form


@public
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    if request.method == "POST" and request.POST.get("action") == "send_code":
        _send_code(request, CodePurpose.REGISTER)
        form = _rebound(RegistrationForm, request)
        return render(request, "accounts/register.html", {"form": form})
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = domain.register(form.cleaned_data, form.code_id or 0, Who.from_request(request))
        except (IntegrityError, codes.CodeError):
            form.add_error(None, _("证件号码或手机号码已被注册，或验证码已失效，请核对后重试"))
        else:
            login(request, user, backend="zhicheng.accounts.backends.IdentifierBackend")
            messages.success(request, f"注册成功，欢迎您，{user.name}。")
            return redirect("core:dashboard")
    return render(request, "accounts/register.html", {"form": form})


@public
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["identifier"],
                            password=form.cleaned_data["password"])
        if user is None:
            form.add_error(None, _("手机号码/证件号码或密码不正确"))
        else:
            login(request, user)
            record(Who(actor=user, ip=client_ip(request)), user, "account.signed_in")
            if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                                             request.is_secure()):
                return redirect(next_url)
            return redirect("core:dashboard")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
@public
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("core:home")


@public
def password_reset(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("action") == "send_code":
        _send_code(request, CodePurpose.RESET)
        form = _rebound(PasswordResetForm, request)
        return render(request, "accounts/reset.html", {"form": form})
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        try:
            domain.reset_password(form.user, form.cleaned_data["password1"], form.code_id or 0,
                                  Who.from_request(request))
        except codes.CodeError as exc:
            form.add_error("sms_code", str(exc))
        else:
            messages.success(request, _("密码已重置，请使用新密码登录。"))
            return redirect("accounts:login")
    return render(request, "accounts/reset.html", {"form": form})


@signed_in
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"person": request.user})
