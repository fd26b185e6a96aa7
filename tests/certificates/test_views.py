"""The public check, the holder's download and the office's certificate pages."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.certificates.helpers import approved, issued
from tests.documents.pdfcheck import all_text
from tests.reviews.chain import Chain, client_for, fresh
from zhicheng.applications.workflow import State
from zhicheng.certificates import domain
from zhicheng.certificates.models import Certificate, Reissue
from zhicheng.certificates.views import NOT_FOUND
from zhicheng.documents.title_certificate import qr_matrix

VERIFY = reverse("certificates:verify")


def _public_shows_facts_only(chain: Chain, cert: Certificate, html: str,
                             by_number: bool = True) -> None:
    for expected in (cert.holder_name, cert.masked_id, cert.number, "工程师", "电子信息",
                     chain.committee.name):
        assert expected in html, expected
    user = chain.applicant
    for secret in (user.id_number, user.mobile, user.email, chain.employer.name):
        assert secret not in html, secret
    if by_number:  # the token is only known to whoever holds the QR code
        assert cert.token not in html


def test_verify_by_number(chain: Chain) -> None:
    cert = issued(chain)
    page = Client().get(VERIFY, {"number": f" {cert.number} "})
    assert page.status_code == 200
    html = page.content.decode()
    _public_shows_facts_only(chain, cert, html)
    assert "有效" in html and "已撤销" not in html


def test_verify_by_token(chain: Chain) -> None:
    cert = issued(chain)
    page = Client().get(reverse("certificates:by_token", args=[cert.token]))
    assert page.status_code == 200
    _public_shows_facts_only(chain, cert, page.content.decode(), by_number=False)


def test_verify_form_without_a_number(chain: Chain) -> None:
    page = Client().get(VERIFY)
    assert page.status_code == 200 and NOT_FOUND not in page.content.decode()


@pytest.mark.parametrize("mangle", ["drop_last", "add_zero", "garbage"])
def test_not_found_says_the_same_for_near_misses(chain: Chain, mangle: str) -> None:
    cert = issued(chain)
    asked = {"drop_last": cert.number[:-1], "add_zero": cert.number + "0",
             "garbage": "x"}[mangle]
    page = Client().get(VERIFY, {"number": asked})
    html = page.content.decode()
    assert page.status_code == 404 and NOT_FOUND in html
    assert cert.holder_name not in html
    gone = Client().get(reverse("certificates:by_token", args=[cert.token[:-1]]))
    assert gone.status_code == 404 and NOT_FOUND in gone.content.decode()


def test_revoked_shows_as_revoked(chain: Chain) -> None:
    cert = domain.revoke(chain.office.who, issued(chain), "弄虚作假")
    html = Client().get(VERIFY, {"number": cert.number}).content.decode()
    assert "已撤销" in html and "弄虚作假" not in html


def test_reissue_count_is_public(chain: Chain) -> None:
    cert = domain.reissue(chain.office.who, issued(chain), "遗失")
    html = Client().get(VERIFY, {"number": cert.number}).content.decode()
    assert "补发次数</dt><dd>1</dd>" in html and "遗失" not in html


def test_holder_downloads_own_pdf_with_qr_to_the_token(chain: Chain) -> None:
    cert = issued(chain)
    client = client_for(None, chain.applicant)
    listing = client.get(reverse("certificates:mine"))
    assert cert.number in listing.content.decode()
    response = client.get(reverse("certificates:mine_pdf", args=[cert.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = all_text(response.content)
    assert cert.number in text and cert.masked_id in text
    assert chain.applicant.id_number not in text
    url = "http://testserver" + reverse("certificates:by_token", args=[cert.token])
    assert url in text
    picture = pypdf.PdfReader(io.BytesIO(response.content)).pages[0].images[0].image
    assert picture.width % len(qr_matrix(url)) == 0


def test_other_applicant_gets_404(chain: Chain) -> None:
    cert = issued(chain)
    other = client_for(None, factories.make_user())
    assert other.get(reverse("certificates:mine_pdf", args=[cert.pk])).status_code == 404
    office = client_for(chain.office)  # not acting as an applicant
    assert office.get(reverse("certificates:mine_pdf", args=[cert.pk])).status_code == 403


def test_revoked_pdf_is_refused(chain: Chain) -> None:
    cert = domain.revoke(chain.office.who, issued(chain), "弄虚作假")
    response = client_for(None, chain.applicant).get(
        reverse("certificates:mine_pdf", args=[cert.pk]))
    assert response.status_code == 410 and "已撤销" in response.content.decode()


def test_office_issues_reissues_and_revokes_through_the_pages(chain: Chain) -> None:
    app = approved(chain)
    office = client_for(chain.office)
    listing = office.get(reverse("certificates:office_list")).content.decode()
    assert reverse("certificates:office_issue", args=[app.pk]) in listing
    response = office.post(reverse("certificates:office_issue", args=[app.pk]))
    cert = Certificate.objects.get(application=app)
    assert response.status_code == 302 and fresh(app).status == State.CERTIFIED
    assert response["Location"] == reverse("certificates:office_detail", args=[cert.pk])
    detail = office.get(response["Location"]).content.decode()
    assert cert.number in detail and chain.applicant.id_number not in detail
    office.post(reverse("certificates:office_reissue", args=[cert.pk]), {"reason": "遗失"})
    assert Reissue.objects.filter(certificate=cert, reason="遗失").exists()
    office.post(reverse("certificates:office_revoke", args=[cert.pk]), {"reason": ""})
    cert.refresh_from_db()
    assert not cert.revoked
    office.post(reverse("certificates:office_revoke", args=[cert.pk]), {"reason": "弄虚作假"})
    cert.refresh_from_db()
    assert cert.revoked and cert.reissues == 1
    pdf = office.get(reverse("certificates:office_pdf", args=[cert.pk]))
    assert pdf.status_code == 200 and "本证书已撤销" in all_text(pdf.content)
    filtered = office.get(reverse("certificates:office_list"), {"status": "valid"})
    assert cert.number not in filtered.content.decode()
    found = office.get(reverse("certificates:office_list"), {"q": cert.number, "year": "2023"})
    assert cert.number in found.content.decode()


def test_office_refusal_is_shown(chain: Chain) -> None:
    cert = issued(chain)
    office = client_for(chain.office)
    response = office.post(reverse("certificates:office_issue", args=[chain.app.pk]),
                           follow=True)
    assert "不能“发放证书”" in response.content.decode()
    assert Certificate.objects.filter(pk=cert.pk).count() == 1


def test_other_committee_sees_nothing(chain: Chain) -> None:
    cert = issued(chain)
    other = client_for(chain.other_office)
    for name in ("office_detail", "office_pdf"):
        assert other.get(reverse(f"certificates:{name}", args=[cert.pk])).status_code == 404
    assert other.post(reverse("certificates:office_revoke", args=[cert.pk]),
                      {"reason": "x"}).status_code == 404
    assert cert.number not in other.get(reverse("certificates:office_list")).content.decode()
    app = approved(chain, chain.new_app())
    assert other.post(reverse("certificates:office_issue", args=[app.pk])).status_code == 404
    unit = client_for(chain.unit)
    assert unit.get(reverse("certificates:office_list")).status_code == 403
