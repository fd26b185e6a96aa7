"""Forms for organisations and roles. Errors name the field in Chinese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhicheng.accounts.backends import find_user
from zhicheng.accounts.forms import clean_mobile_value
from zhicheng.core.uploads import check_document
from zhicheng.identity import creditcode

from .models import Organisation, OrgKind, OrgStatus


class EmployerRegistrationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "credit_code", "region", "ownership", "parent", "contact_name",
                  "contact_mobile", "authorisation_letter"]
        labels = {"name": _("单位名称"), "parent": _("受理点（主管部门）")}
        help_texts = {
            "credit_code": _("18位，见营业执照或事业单位法人证书"),
            "region": _("如：浙江省嘉兴市南湖区"),
            "authorisation_letter": _("加盖单位公章的授权委托书，PDF、JPG 或 PNG，不超过10MB"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Organisation.objects.filter(
            kind=OrgKind.DEPARTMENT, status=OrgStatus.APPROVED).order_by("name")
        self.fields["parent"].required = True
        self.fields["parent"].empty_label = "请选择受理点"
        for name in ("credit_code", "region", "ownership", "contact_name", "contact_mobile",
                     "authorisation_letter"):
            self.fields[name].required = True

    def clean_credit_code(self) -> str:
        try:
            code = creditcode.validate(self.cleaned_data["credit_code"])
        except creditcode.CreditCodeError as exc:
            raise ValidationError(str(exc)) from None
        taken = Organisation.objects.filter(credit_code=code).exclude(status=OrgStatus.REJECTED)
        if taken.exists():
            raise ValidationError(_("该统一社会信用代码已注册"))
        return code

    def validate_unique(self) -> None:
        # clean_credit_code checks uniqueness itself: a rejected unit may register again.
        exclude = self._get_validation_exclusions() | {"credit_code"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as exc:
            self._update_errors(exc)

    def clean_contact_mobile(self) -> str:
        return clean_mobile_value(self.cleaned_data["contact_mobile"])

    def clean_authorisation_letter(self) -> Any:
        letter = self.cleaned_data["authorisation_letter"]
        check_document(letter, label=_("授权委托书"))
        return letter


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), widget=forms.RadioSelect,
                                 choices=[("approve", _("通过")), ("reject", _("不通过"))])
    reason = forms.CharField(label=_("审核意见"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("不通过时必填，将告知申请单位"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", _("不通过时必须填写审核意见"))
        return data


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("受理点名称"), max_length=200)
    region = forms.CharField(label=_("所在地区"), max_length=100)
    operator_name = forms.CharField(label=_("经办人姓名"), max_length=50)
    operator_mobile = forms.CharField(label=_("经办人手机号码"), max_length=11,
                                      help_text=_("经办人用此号码通过短信设置密码后登录"))

    def clean_operator_mobile(self) -> str:
        return clean_mobile_value(self.cleaned_data["operator_mobile"])


class PersonLookupForm(forms.Form):
    identifier = forms.CharField(label=_("手机号码或证件号码"), max_length=32,
                                 help_text=_("须为已实名注册的用户"))

    def clean_identifier(self) -> Any:
        user = find_user(self.cleaned_data["identifier"])
        if user is None or not user.id_number:
            raise ValidationError(_("未找到该实名注册用户，请先请其注册"))
        return user


class EmployerChoiceForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("工作单位"), required=False,
                                      queryset=Organisation.objects.none(),
                                      empty_label=_("（暂不选择）"),
                                      help_text=_("仅列出已通过受理点审核的单位；如未列出，"
                                                  "请单位经办人先完成单位注册"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Organisation.objects.filter(
            kind=OrgKind.EMPLOYER, status=OrgStatus.APPROVED).order_by("name")
