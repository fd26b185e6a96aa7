"""Lock-out after repeated failed sign-ins: per account and per network address.

Counted in the database (LoginFailure), so every application server process sees the same
counts. An account (or an identifier that matches none, treated alike so the answer never
tells whether an account exists) is locked for LOGIN_LOCK_MINUTES after
LOGIN_MAX_FAILURES_PER_ACCOUNT failures within LOGIN_FAILURE_WINDOW_MINUTES; an address is
refused alike after LOGIN_MAX_FAILURES_PER_ADDRESS failures. While locked, attempts are
refused without checking the password and are not counted.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.audit.domain import Who, record
from zhicheng.identity.idnumber import normalise

from .models import LoginFailure


@dataclass(frozen=True)
class Refusal:
    until: datetime
    by_address: bool

    @property
    def minutes_left(self) -> int:
        return max(1, math.ceil((self.until - timezone.now()).total_seconds() / 60))

    @property
    def message(self) -> str:
        if self.by_address:
            return f"本网络地址登录失败次数过多，已暂停登录，请 {self.minutes_left} 分钟后再试"
        return f"登录失败次数过多，该账号已暂时锁定，请 {self.minutes_left} 分钟后再试"


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def _lock() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def key_for(identifier: str, user: Any = None) -> str:
    """The counter's key: the account if one matched, else the normalised identifier."""
    name = f"user:{user.pk}" if user is not None else f"ident:{normalise(identifier or '')}"
    return hmac.new(settings.SECRET_KEY.encode(), b"login-failure:" + name.encode(),
                    hashlib.sha256).hexdigest()


def _locked_until(failures: QuerySet[LoginFailure], limit: int) -> datetime | None:
    """The end of the lock that `limit` failures within the window started, if still on."""
    now = timezone.now()
    times = sorted(failures.filter(at__gt=now - _window() - _lock())
                   .values_list("at", flat=True))
    until = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= _window():
            end = times[i] + _lock()
            if end > now and (until is None or end > until):
                until = end
    return until


def refusal(key: str, ip: str | None) -> Refusal | None:
    """Why a sign-in is refused right now without checking the password, or None."""
    if ip:
        until = _locked_until(LoginFailure.objects.filter(ip=ip),
                              settings.LOGIN_MAX_FAILURES_PER_ADDRESS)
        if until:
            return Refusal(until, by_address=True)
    until = _locked_until(LoginFailure.objects.filter(identifier_hash=key),
                          settings.LOGIN_MAX_FAILURES_PER_ACCOUNT)
    return Refusal(until, by_address=False) if until else None


def failed(key: str, ip: str | None, user: Any = None) -> None:
    """Count a failure; audit a lock-out when this failure starts one."""
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - timedelta(days=1)).delete()
    LoginFailure.objects.create(identifier_hash=key, ip=ip, at=now)
    who = Who(ip=ip)
    account = refusal(key, None)
    if account is not None:
        target = user if user is not None else ("accounts.login", key[:16])
        record(who, target, "account.locked", after={
            "failures": settings.LOGIN_MAX_FAILURES_PER_ACCOUNT,
            "minutes": settings.LOGIN_LOCK_MINUTES, "known_account": user is not None})
    # attempts are not counted while refused, so a lock seen now was started by this failure
    if ip and _locked_until(LoginFailure.objects.filter(ip=ip),
                            settings.LOGIN_MAX_FAILURES_PER_ADDRESS):
        record(who, ("accounts.address", ip), "login.address_blocked", after={
            "failures": settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
            "minutes": settings.LOGIN_LOCK_MINUTES})


def succeeded(key: str) -> None:
    """A correct password clears the account's counter."""
    LoginFailure.objects.filter(identifier_hash=key).delete()
