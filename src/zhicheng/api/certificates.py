"""Certificate verification (public, the public page's facts) and a committee's list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from zhicheng.certificates.models import Certificate
from zhicheng.orgs.models import Role

from .auth import BearerToken, anyone, need_scope
from .errors import ApiError
from .pagination import PageQuery, paginate
from .responses import ERRORS
from .rows import certificate_row
from .schemas import TEXT_FILTER, CertificateOut, Page

router = Router(tags=["电子证书"])


@router.get("/certificates/verify", response={200: CertificateOut, **ERRORS}, auth=[anyone],
            url_name="certificate_verify", summary="按证书编号查验（公开）")
def verify(request: HttpRequest,
           number: str = Query(..., min_length=1, max_length=40, pattern=TEXT_FILTER,
                               description="证书编号")) -> dict[str, Any]:
    cert = Certificate.objects.filter(number=number.strip()).first()
    if cert is None:
        raise ApiError(404, "未查到该证书，请核对证书编号")
    return certificate_row(cert)


@router.get("/certificates", response={200: Page[CertificateOut], **ERRORS},
            auth=[BearerToken()], url_name="certificates",
            summary="本评委会颁发的证书（需 certificates:read）")
def certificate_list(request: HttpRequest, paging: Query[PageQuery]) -> dict[str, Any]:
    who = need_scope(request, "certificates:read")
    if who.role != Role.COMMITTEE_OFFICE:
        raise ApiError(403, "只有评委会办公室可以读取证书列表")
    qs = Certificate.objects.filter(committee=who.organisation).order_by("-issued_at", "-pk")
    return paginate(request, qs, paging, certificate_row)
