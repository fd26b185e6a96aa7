"""View guards: every view states who may see it with one of these decorators."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """Anyone, signed in or not."""
    view.access = "public"  # type: ignore[attr-defined]
    return view


def signed_in(view: View) -> View:
    """Any signed-in user."""
    wrapped = login_required(view)
    wrapped.access = "signed_in"  # type: ignore[attr-defined]
    return wrapped


def acting_as(*roles: str, approved_org: bool = True) -> Callable[[View], View]:
    """A signed-in user currently acting in one of `roles` (switch role to change).

    With approved_org, the organisation acted for must be approved (a unit still waiting
    for its acceptance point cannot act).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            current = request.acting  # type: ignore[attr-defined]
            if current is None or current.role not in roles:
                raise PermissionDenied(_("当前角色无权访问此页面，请切换角色。"))
            org = current.organisation
            if approved_org and org is not None and not org.is_approved:
                raise PermissionDenied(_("所属机构尚未通过审核。"))
            return view(request, *args, **kwargs)

        wrapped = login_required(inner)
        wrapped.access = ("acting_as", roles)  # type: ignore[attr-defined]
        return wrapped

    return decorate
