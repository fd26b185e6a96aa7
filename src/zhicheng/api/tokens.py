"""Creating, revoking and looking up API tokens; the scopes and the role a token acts in."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhicheng.audit.domain import Who, record
from zhicheng.orgs.acting import Acting
from zhicheng.orgs.models import OrgKind, Role

from .models import ApiToken

PREFIX = "zc_"
SCOPES: dict[str, str] = {
    "plans:read": "读取评审计划（含本评委会未发布的计划）",
    "eligibility:check": "资格预检",
    "lists:read": "读取本机构的申报列表",
    "applications:read": "读取单份申报（状态、办理记录）",
    "archive:read": "读取申报提交时的档案",
    "exports:write": "请求生成导出文件",
    "exports:read": "查询和下载导出文件",
    "certificates:read": "读取本评委会颁发的证书",
}
# The role a token acts in is the one the web pages give its kind of organisation.
ROLE_OF_KIND = {OrgKind.EMPLOYER: Role.UNIT_ADMIN, OrgKind.DEPARTMENT: Role.DEPARTMENT,
                OrgKind.COMMITTEE: Role.COMMITTEE_OFFICE}
# What each kind may ask for: a department makes no exports, only a committee certifies.
_NOT_FOR = {OrgKind.EMPLOYER: {"certificates:read"},
            OrgKind.DEPARTMENT: {"exports:write", "exports:read", "certificates:read"},
            OrgKind.COMMITTEE: set()}
TOUCH_EVERY = timedelta(seconds=60)  # last_used_at is written at most once a minute


def scopes_for(kind: str) -> list[str]:
    return [s for s in SCOPES if s not in _NOT_FOR.get(kind, set(SCOPES))]


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def acting_of(token: ApiToken) -> Acting:
    org = token.organisation
    return Acting(ROLE_OF_KIND[org.kind], org)


def create(who: Who, organisation: Any, name: str, scopes: list[str]
           ) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time the secret exists outside the caller)."""
    allowed = scopes_for(organisation.kind)
    wrong = [s for s in scopes if s not in allowed]
    if wrong or not scopes:
        raise ValueError(f"该机构不能使用这些权限：{', '.join(wrong) or '（未选择）'}")
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation, name=name, prefix=secret[:10], digest=digest(secret),
            scopes=[s for s in SCOPES if s in scopes], created_by=who.actor)
        record(who, token, "api_token.created", after=token.audit_data())
    return token, secret


def revoke(who: Who, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            before = token.audit_data()
            token.revoked_at, token.revoked_by = timezone.now(), who.actor
            token.save(update_fields=["revoked_at", "revoked_by"])
            record(who, token, "api_token.revoked", before=before, after=token.audit_data())
    return token


def find(secret: str) -> ApiToken | None:
    """The token with this secret, whether revoked or not (the caller tells them apart)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = (ApiToken.objects.select_related("organisation", "created_by")
             .filter(digest=digest(secret)).first())
    if token is not None and token.active:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
    return token
