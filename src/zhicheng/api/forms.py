from __future__ import annotations

from typing import Any

from django import forms

from .tokens import SCOPES, scopes_for


class TokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, strip=True,
                           help_text="用途，例如“继续教育平台对接”")
    scopes = forms.MultipleChoiceField(label="权限范围", widget=forms.CheckboxSelectMultiple,
                                       help_text="只选对接系统需要的权限")

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(s, f"{s}：{SCOPES[s]}") for s in scopes_for(kind)]
