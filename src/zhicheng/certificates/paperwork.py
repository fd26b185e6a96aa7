"""What the public may see of a certificate, and its PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from zhicheng.documents.title_certificate import TitleCertificate, title_certificate

from .models import Certificate


def verify_url(request: HttpRequest, cert: Certificate) -> str:
    return request.build_absolute_uri(reverse("certificates:by_token", args=[cert.token]))


def public_facts(cert: Certificate) -> dict[str, Any]:
    """Everything the public check shows, and nothing else."""
    return {"holder_name": cert.holder_name, "masked_id": cert.masked_id,
            "title": cert.get_title_level_display(), "specialty": cert.specialty,
            "committee": cert.committee_name, "approved_on": cert.approved_on,
            "number": cert.number, "revoked": cert.revoked,
            "revoked_on": timezone.localdate(cert.revoked_at) if cert.revoked_at else None,
            "reissues": cert.reissues}


def certificate_pdf(request: HttpRequest, cert: Certificate) -> bytes:
    reissued = cert.last_reissued_at
    return title_certificate(TitleCertificate(
        holder_name=cert.holder_name, masked_id=cert.masked_id,
        title=cert.get_title_level_display(), specialty=cert.specialty or "—",
        committee=cert.committee_name, approved_on=cert.approved_on, number=cert.number,
        verify_url=verify_url(request, cert), issued_on=timezone.localdate(cert.issued_at),
        reissues=cert.reissues,
        reissued_on=timezone.localdate(reissued) if reissued else None,
        revoked=cert.revoked))
