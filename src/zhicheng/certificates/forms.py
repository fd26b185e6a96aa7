from __future__ import annotations

from django import forms


class NumberForm(forms.Form):
    number = forms.CharField(label="证书编号", max_length=40, strip=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=1000, strip=True,
                             widget=forms.Textarea(attrs={"rows": 2}))
