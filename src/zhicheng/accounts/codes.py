"""Issuing and checking SMS verification codes: expiring, single-use, rate-limited."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import CodePurpose, VerificationCode
from .sms import send_sms


class CodeError(Exception):
    """A Chinese message for the 验证码 field."""


def _digest(mobile: str, purpose: str, code: str) -> str:
    msg = f"{mobile}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()


def issue(mobile: str, purpose: str, ip: str | None = None) -> None:
    """Send a new code, or raise CodeError if the mobile or address asked too often."""
    now = timezone.now()
    recent = VerificationCode.objects.for_mobile(mobile)
    last = recent.filter(purpose=purpose).order_by("-created_at").first()
    wait = settings.SMS_CODE_RESEND_SECONDS
    if last and (now - last.created_at).total_seconds() < wait:
        left = wait - int((now - last.created_at).total_seconds())
        raise CodeError(f"验证码发送过于频繁，请 {left} 秒后再试")
    if recent.filter(created_at__gte=now - timedelta(days=1)).count() >= (
        settings.SMS_CODE_MAX_PER_MOBILE_PER_DAY
    ):
        raise CodeError("该手机号今日获取验证码次数已达上限，请明天再试")
    if ip and VerificationCode.objects.filter(
        ip=ip, created_at__gte=now - timedelta(hours=1)
    ).count() >= settings.SMS_CODE_MAX_PER_ADDRESS_PER_HOUR:
        raise CodeError("本网络地址获取验证码过于频繁，请稍后再试")
    code = f"{secrets.randbelow(10**6):06d}"
    VerificationCode.objects.create(
        mobile=mobile, purpose=purpose, code_hash=_digest(mobile, purpose, code), ip=ip,
        created_at=now, expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
    )
    minutes = settings.SMS_CODE_TTL_SECONDS // 60
    label = CodePurpose(purpose).label
    send_sms(mobile,
             f"【职称评审】您的{label}验证码为 {code}，{minutes} 分钟内有效，请勿告诉他人。")


def check(mobile: str, purpose: str, code: str) -> int:
    """Check the latest code without using it up; return its id for `consume`.

    A wrong guess counts against the code even when the caller's action fails later, so
    call this outside the action's transaction (a form's clean does).
    """
    latest = (VerificationCode.objects.for_mobile(mobile).filter(purpose=purpose)
              .order_by("-created_at").first())
    if latest is None:
        raise CodeError("请先获取验证码")
    if latest.used_at is not None:
        raise CodeError("验证码已使用，请重新获取")
    if latest.expires_at <= timezone.now():
        raise CodeError("验证码已过期，请重新获取")
    if latest.attempts >= settings.SMS_CODE_MAX_ATTEMPTS:
        raise CodeError("验证码错误次数过多，请重新获取")
    if not hmac.compare_digest(latest.code_hash, _digest(mobile, purpose, code.strip())):
        VerificationCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
        raise CodeError("验证码不正确")
    return latest.pk


def consume(code_id: int) -> None:
    """Mark a checked code used, inside the action's transaction; refuse a second use."""
    used = VerificationCode.objects.filter(pk=code_id, used_at__isnull=True).update(
        used_at=timezone.now())
    if used != 1:
        raise CodeError("验证码已使用，请重新获取")
