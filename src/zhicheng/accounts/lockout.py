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
from django.db.models import Q
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


def _times(key: str | None, ip: str | None) -> tuple[list[datetime], list[datetime]]:
    """The times of the failures that can still lock, (from this address, of this
    account), in one query."""
    match = Q()
    if key:
        match |= Q(identifier_hash=key)
    if ip:
        match |= Q(ip=ip)
    if not match:
        return [], []
    by_ip: list[datetime] = []
    by_key: list[datetime] = []
    since = timezone.now() - _window() - _lock()
    for at, row_ip, row_key in (LoginFailure.objects.filter(match, at__gt=since)
                                .values_list("at", "ip", "identifier_hash")):
        if ip and row_ip == ip:
            by_ip.append(at)
        if key and row_key == key:
            by_key.append(at)
    return sorted(by_ip), sorted(by_key)


def _locked_until(times: list[datetime], limit: int) -> datetime | None:
    """The end of the lock that `limit` failures within the window started, if still on."""
    now = timezone.now()
    until = None
    for i in range(limit - 1, len(times)):
        if times[i] - times[i - limit + 1] <= _window():
            end = times[i] + _lock()
            if end > now and (until is None or end > until):
                until = end
    return until


def check(key: str, ip: str | None) -> tuple[Refusal | None, bool]:
    """(why a sign-in is refused right now without checking the password, or None;
    whether the account has failures that still count, which a success must clear)."""
    by_ip, by_key = _times(key, ip)
    if ip:
        until = _locked_until(by_ip, settings.LOGIN_MAX_FAILURES_PER_ADDRESS)
        if until:
            return Refusal(until, by_address=True), bool(by_key)
    until = _locked_until(by_key, settings.LOGIN_MAX_FAILURES_PER_ACCOUNT)
    return (Refusal(until, by_address=False) if until else None), bool(by_key)


def refusal(key: str, ip: str | None) -> Refusal | None:
    """Why a sign-in is refused right now without checking the password, or None."""
    return check(key, ip)[0]


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
    if ip and _locked_until(_times(None, ip)[0], settings.LOGIN_MAX_FAILURES_PER_ADDRESS):
        record(who, ("accounts.address", ip), "login.address_blocked", after={
            "failures": settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
            "minutes": settings.LOGIN_LOCK_MINUTES})


def succeeded(key: str) -> None:
    """A correct password clears the account's counter (the caller skips this when
    check() found nothing to clear)."""
    LoginFailure.objects.filter(identifier_hash=key).delete()
