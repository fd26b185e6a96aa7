"""Registration, sign-in, sign-out, password reset and the personal page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.db import IntegrityError
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhicheng.audit.domain import Who, client_ip, record
from zhicheng.core.access import mark_password_confirmed, public, recent_auth, signed_in

from . import codes, domain, lockout
from .backends import find_user
from .forms import (
    ConfirmPasswordForm,
    LoginForm,
    MobileChangeForm,
    MobileOnlyForm,
    PasswordChangeForm,
    PasswordResetForm,
    RegistrationForm,
)
from .models import CodePurpose, User


def _send_code(request: HttpRequest, purpose: str) -> None:
    """Handle a form's `send_code` button: send the code and say so above the form."""
    mobile_form = MobileOnlyForm({"mobile": request.POST.get("mobile", "")})
    if not mobile_form.is_valid():
        messages.error(request, f"手机号码：{mobile_form.errors['mobile'][0]}")
        return
    mobile = mobile_form.cleaned_data["mobile"]
    if purpose == CodePurpose.RESET and not User.objects.by_mobile(mobile).exists():
        # Same answer as for a registered number: the page never tells who is registered.
        messages.info(request, _("如该手机号码已注册，验证码已发送，请查收短信。"))
        return
    if purpose == CodePurpose.CHANGE_MOBILE and User.objects.by_mobile(mobile).exists():
        messages.error(request, _("手机号码：该手机号码已注册"))
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


def _lockout_key(identifier: str) -> str:
    return lockout.key_for(identifier, find_user(identifier))


@public
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        # the backend refuses a locked account or address itself; why is asked only when
        # it refused, so a successful sign-in reads the counters once
        user = authenticate(request, username=identifier,
                            password=form.cleaned_data["password"])
        if user is None:
            refused = lockout.refusal(_lockout_key(identifier), client_ip(request))
            form.add_error(None, refused.message if refused else
                           _("手机号码/证件号码或密码不正确"))
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


def _next(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""


@signed_in
def confirm_password(request: HttpRequest) -> HttpResponse:
    """Type the password again before a sensitive action (core.access.recent_auth).

    Wrong passwords count towards the account's lock-out; once it is locked the session
    ends, so a session left open cannot be used to guess the password.
    """
    user = request.user
    next_url = _next(request)
    form = ConfirmPasswordForm(request.POST or None)
    key, ip = lockout.key_for("", user), client_ip(request)
    if request.method == "POST" and form.is_valid():
        refused = lockout.refusal(key, ip)
        if refused is None and user.check_password(form.cleaned_data["password"]):
            lockout.succeeded(key)
            mark_password_confirmed(request)
            record(Who.from_request(request), user, "account.password_confirmed")
            return redirect(next_url or "core:dashboard")
        if refused is None:
            lockout.failed(key, ip, user)
            refused = lockout.refusal(key, ip)
        if refused is not None:
            logout(request)
            messages.error(request, refused.message)
            return redirect("accounts:login")
        form.add_error("password", _("密码不正确"))
    return render(request, "accounts/confirm_password.html", {"form": form, "next": next_url})


@signed_in
@recent_auth()
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        domain.change_password(request.user, form.cleaned_data["password1"],
                               Who.from_request(request))
        update_session_auth_hash(request, request.user)
        mark_password_confirmed(request)
        messages.success(request, _("密码已修改。"))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@signed_in
@recent_auth()
def mobile_change(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("action") == "send_code":
        _send_code(request, CodePurpose.CHANGE_MOBILE)
        form = MobileChangeForm(request.POST, user=request.user)
        form._errors = ErrorDict()
        return render(request, "accounts/mobile_change.html", {"form": form})
    form = MobileChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.change_mobile(request.user, form.cleaned_data["mobile"], form.code_id or 0,
                                 Who.from_request(request))
        except (IntegrityError, codes.CodeError):
            form.add_error(None, _("该手机号码已注册，或验证码已失效，请核对后重试"))
        else:
            messages.success(request, _("手机号码已更换，今后请用新号码登录。"))
            return redirect("accounts:profile")
    return render(request, "accounts/mobile_change.html", {"form": form})
