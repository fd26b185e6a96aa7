"""Registration, sign-in and password reset forms. Errors name the field in Chinese."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhicheng.identity import idnumber

from . import codes
from .backends import MOBILE_RE
from .models import CodePurpose, IdType, Sex, User

MOBILE_FIELD_HELP = "11位中国大陆手机号码，用于接收验证码和登录"
PASSWORD_HELP = _("至少10位，须含大写字母、小写字母、数字、符号中的至少三类，"
                  "不能全为数字，不能与姓名、手机号或证件号相近")


def clean_mobile_value(value: str) -> str:
    mobile = idnumber.normalise(value or "")
    if not MOBILE_RE.fullmatch(mobile):
        raise ValidationError(_("手机号码应为以1开头的11位数字"))
    return mobile


class SmsCodeMixin(forms.Form):
    """A form that can send a code (button `action=send_code`) and checks it on submit."""

    purpose: str = CodePurpose.REGISTER
    code_id: int | None = None

    def check_code(self, mobile: str | None) -> None:
        code = self.cleaned_data.get("sms_code", "")
        if not mobile or not code:
            return
        try:
            self.code_id = codes.check(mobile, self.purpose, code)
        except codes.CodeError as exc:
            self.add_error("sms_code", str(exc))


class RegistrationForm(SmsCodeMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50,
                           help_text=_("与证件上的姓名一致"))
    sex = forms.ChoiceField(label=_("性别"), choices=Sex.choices, widget=forms.RadioSelect)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices,
                                initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label=_("证件号码"), max_length=32,
                                help_text=_("居民身份证为18位，末位X请大写"))
    birth_date = forms.DateField(label=_("出生日期"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 help_text=_("格式：年-月-日，如 1990-05-01"))
    email = forms.EmailField(label=_("电子邮箱"))
    mobile = forms.CharField(label=_("手机号码"), max_length=11, help_text=MOBILE_FIELD_HELP,
                             widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                           "autocomplete": "tel"}))
    sms_code = forms.CharField(label=_("短信验证码"), max_length=6, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "one-time-code"}))
    password1 = forms.CharField(label=_("密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=PASSWORD_HELP)
    password2 = forms.CharField(label=_("确认密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_name(self) -> str:
        name = re.sub(r"\s+", " ", self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError(_("请填写姓名"))
        return name

    def clean_mobile(self) -> str:
        mobile = clean_mobile_value(self.cleaned_data["mobile"])
        if User.objects.by_mobile(mobile).exists():
            raise ValidationError(_("该手机号码已注册，请直接登录或找回密码"))
        return mobile

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        id_type, number = data.get("id_type"), data.get("id_number")
        if id_type and number:
            try:
                facts = idnumber.parse(id_type, number)
            except idnumber.IdNumberError as exc:
                self.add_error("id_number", str(exc))
            else:
                data["id_number"] = facts.number
                if User.objects.by_id_number(facts.number, id_type).exists():
                    self.add_error("id_number", _("该证件号码已注册，请直接登录或找回密码"))
                born = data.get("birth_date")
                if facts.birth_date and born and facts.birth_date != born:
                    self.add_error("birth_date",
                                   f"出生日期与证件号码不符（证件号码显示为 "
                                   f"{facts.birth_date.isoformat()}）")
                if facts.sex and data.get("sex") and facts.sex != data["sex"]:
                    self.add_error("sex", f"性别与证件号码不符（证件号码显示为"
                                          f"{Sex(facts.sex).label}）")
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif p1:
            probe = User(mobile=data.get("mobile") or "", email=data.get("email") or "",
                         id_number=data.get("id_number"), name=data.get("name") or "")
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        if not data.get("sms_code"):
            self.add_error("sms_code", _("请填写短信验证码"))
        elif not self.errors:
            self.check_code(data.get("mobile"))
        return data


class MobileOnlyForm(forms.Form):
    """Validates just the mobile, for the `send_code` button of a larger form."""

    mobile = forms.CharField(label=_("手机号码"), max_length=11)

    def clean_mobile(self) -> str:
        return clean_mobile_value(self.cleaned_data["mobile"])


class LoginForm(forms.Form):
    identifier = forms.CharField(label=_("手机号码或证件号码"), max_length=32,
                                 widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(label=_("密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class PasswordResetForm(SmsCodeMixin, forms.Form):
    purpose = CodePurpose.RESET

    mobile = forms.CharField(label=_("手机号码"), max_length=11,
                             help_text=_("注册时填写的手机号码"),
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    sms_code = forms.CharField(label=_("短信验证码"), max_length=6, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "one-time-code"}))
    password1 = forms.CharField(label=_("新密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("确认新密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    user: User | None = None

    def clean_mobile(self) -> str:
        return clean_mobile_value(self.cleaned_data["mobile"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mobile = data.get("mobile")
        if mobile:
            self.user = User.objects.by_mobile(mobile).filter(is_active=True).first()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        if not data.get("sms_code"):
            self.add_error("sms_code", _("请填写短信验证码"))
        elif not self.errors:
            self.check_code(mobile)
            if self.code_id and self.user is None:
                self.add_error("mobile", _("该手机号码未注册"))
        return data


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(label=_("当前密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(label=_("新密码"), strip=False, help_text=PASSWORD_HELP,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("确认新密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def check_new_password(self, data: dict[str, Any], user: User | None) -> None:
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif p1:
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as exc:
                self.add_error("password1", exc)


class PasswordChangeForm(NewPasswordMixin):
    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.check_new_password(data, self.user)
        if data.get("password1") and self.user.check_password(data["password1"]):
            self.add_error("password1", _("新密码不能与当前密码相同"))
        return data


class MobileChangeForm(SmsCodeMixin, forms.Form):
    purpose = CodePurpose.CHANGE_MOBILE

    mobile = forms.CharField(label=_("新手机号码"), max_length=11, help_text=MOBILE_FIELD_HELP,
                             widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                           "autocomplete": "tel"}))
    sms_code = forms.CharField(label=_("短信验证码"), max_length=6, required=False,
                               help_text=_("验证码发送到新手机号码"),
                               widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                             "autocomplete": "one-time-code"}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_mobile(self) -> str:
        mobile = clean_mobile_value(self.cleaned_data["mobile"])
        if mobile == self.user.mobile:
            raise ValidationError(_("新手机号码与当前号码相同"))
        if User.objects.by_mobile(mobile).exists():
            raise ValidationError(_("该手机号码已注册"))
        return mobile

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("sms_code"):
            self.add_error("sms_code", _("请填写短信验证码"))
        elif not self.errors:
            self.check_code(data.get("mobile"))
        return data
