"""The page where a desk's staff create and revoke their organisation's API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.audit.domain import Who
from zhicheng.core.access import acting_as, recent_auth
from zhicheng.orgs.models import Role

from . import tokens
from .forms import TokenForm
from .models import ApiToken

DESKS = (Role.UNIT_ADMIN, Role.DEPARTMENT, Role.COMMITTEE_OFFICE)


def _org(request: HttpRequest):  # type: ignore[no-untyped-def]
    return request.acting.organisation  # type: ignore[attr-defined]


@acting_as(*DESKS)
@recent_auth(methods=("POST",))
def token_list(request: HttpRequest) -> HttpResponse:
    """The organisation's tokens; a new one's secret is shown on this response only."""
    org = _org(request)
    form = TokenForm(request.POST or None, kind=org.kind)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = tokens.create(Who.from_request(request), org,
                                       form.cleaned_data["name"], form.cleaned_data["scopes"])
        form = TokenForm(kind=org.kind)
    response = render(request, "api/tokens.html", {
        "form": form, "secret": secret, "scopes": tokens.SCOPES,
        "tokens": ApiToken.objects.filter(organisation=org).select_related("created_by")})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@acting_as(*DESKS)
@recent_auth()
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, organisation=_org(request))
    tokens.revoke(Who.from_request(request), token)
    messages.success(request, f"已撤销接口令牌“{token.name}”")
    return redirect("api_tokens:list")
