"""The in-platform inbox: a signed-in user's own site messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhicheng.core.access import signed_in

from . import domain

PAGE_SIZE = 30


@signed_in
def inbox(request: HttpRequest) -> HttpResponse:
    rows = domain.inbox(request.user).order_by("-created_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html",
                  {"page": page, "unread": domain.unread_count(request.user)})


@require_POST
@signed_in
def read(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(domain.inbox(request.user), pk=pk)
    domain.mark_read(message)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:inbox")


@require_POST
@signed_in
def read_all(request: HttpRequest) -> HttpResponse:
    count = domain.mark_all_read(request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。")
    return redirect("notifications:inbox")
