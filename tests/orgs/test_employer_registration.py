"""A unit's operator registers the unit with its authorisation letter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.audit.models import AuditEntry
from zhicheng.identity.creditcode import ALPHABET
from zhicheng.orgs.acting import SESSION_KEY
from zhicheng.orgs.models import Organisation, OrgKind, OrgStatus, Role, RoleGrant

pytestmark = pytest.mark.django_db
REGISTER = reverse("orgs:employer_register")


def letter(content: bytes = factories.PDF_BYTES, name: str = "letter.pdf",
           content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(department: Organisation, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "嘉兴市南湖精密机械有限公司",
        "credit_code": factories.credit_code(),
        "region": "浙江省嘉兴市南湖区",
        "ownership": "private",
        "parent": department.pk,
        "contact_name": "王经办",
        "contact_mobile": factories.mobile(),
        "authorisation_letter": letter(),
    }
    data.update(overrides)
    return data


def signed_in(client: Client) -> Any:
    user = factories.make_user()
    client.force_login(user)
    return user


def field_errors(html: str, field: str) -> str:
    """The text of the error paragraphs shown under one field."""
    return " ".join(re.findall(rf'<p class="error" id="id_{field}_error">(.*?)</p>', html))


def test_registration_creates_pending_employer_and_unit_admin_role(client: Client) -> None:
    user = signed_in(client)
    department = factories.make_department()
    data = form_data(department)

    response = client.post(REGISTER, data)

    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    org = Organisation.objects.get(credit_code=data["credit_code"])
    assert org.kind == OrgKind.EMPLOYER
    assert org.status == OrgStatus.PENDING
    assert org.parent == department
    assert org.name == data["name"]
    grant = RoleGrant.objects.active().get(user=user, organisation=org)
    assert grant.role == Role.UNIT_ADMIN
    assert client.session[SESSION_KEY] == str(grant.pk)
    registered = AuditEntry.objects.get(action="employer.registered")
    assert registered.object_id == str(org.pk)
    assert registered.after["status"] == OrgStatus.PENDING
    granted = AuditEntry.objects.get(action="role.granted")
    assert granted.object_id == str(grant.pk)
    assert granted.actor_id == user.pk


def test_after_registration_the_dashboard_is_the_units(client: Client) -> None:
    signed_in(client)
    data = form_data(factories.make_department())
    response = client.post(REGISTER, data, follow=True)
    html = response.content.decode()
    assert f"<h1>{data['name']}</h1>" in html
    assert "待审核" in html


def test_stored_file_name_is_ours_not_the_uploaded_one(client: Client) -> None:
    signed_in(client)
    data = form_data(factories.make_department(),
                     authorisation_letter=letter(name="我的委托书.pdf"))
    client.post(REGISTER, data)
    stored = Organisation.objects.get(credit_code=data["credit_code"]).authorisation_letter
    assert stored.name
    assert "我的委托书" not in stored.name
    assert stored.name.startswith("orgs/letters/")
    assert stored.name.endswith(".pdf")
    with stored.open("rb") as fh:
        assert fh.read() == factories.PDF_BYTES


def test_png_letter_is_accepted_and_named_by_its_content(client: Client) -> None:
    signed_in(client)
    data = form_data(factories.make_department(),
                     authorisation_letter=letter(factories.png_bytes(), "letter.pdf"))
    response = client.post(REGISTER, data)
    assert response.status_code == 302
    stored = Organisation.objects.get(credit_code=data["credit_code"]).authorisation_letter
    assert stored.name.endswith(".png")


def test_text_renamed_to_pdf_is_refused_and_typed_values_kept(client: Client) -> None:
    signed_in(client)
    data = form_data(factories.make_department(),
                     authorisation_letter=letter(b"just some plain text\n", "letter.pdf"))

    response = client.post(REGISTER, data)

    assert response.status_code == 200
    html = response.content.decode()
    errors = field_errors(html, "authorisation_letter")
    assert "授权委托书" in errors
    assert "内容不是" in errors
    assert data["name"] in html  # what was typed is still there
    assert data["credit_code"] in html
    assert not Organisation.objects.filter(kind=OrgKind.EMPLOYER).exists()
    assert not RoleGrant.objects.exists()
    assert not AuditEntry.objects.exists()


def test_truncated_pdf_is_refused(client: Client) -> None:
    signed_in(client)
    data = form_data(factories.make_department(),
                     authorisation_letter=letter(b"%PDF-1.4\n1 0 obj<<>>endobj\n"))
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    assert "不是完整的 PDF" in field_errors(response.content.decode(), "authorisation_letter")
    assert not Organisation.objects.filter(kind=OrgKind.EMPLOYER).exists()


def test_missing_letter_is_refused(client: Client) -> None:
    signed_in(client)
    data = form_data(factories.make_department())
    del data["authorisation_letter"]
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "authorisation_letter")
    assert not Organisation.objects.filter(kind=OrgKind.EMPLOYER).exists()


def test_wrong_credit_code_check_character_is_refused(client: Client) -> None:
    signed_in(client)
    good = factories.credit_code()
    wrong_last = next(c for c in ALPHABET if c != good[-1])
    data = form_data(factories.make_department(), credit_code=good[:-1] + wrong_last)

    response = client.post(REGISTER, data)

    assert response.status_code == 200
    errors = field_errors(response.content.decode(), "credit_code")
    assert "统一社会信用代码" in errors
    assert "校验位" in errors
    assert not Organisation.objects.filter(kind=OrgKind.EMPLOYER).exists()


def test_duplicate_credit_code_is_refused(client: Client) -> None:
    signed_in(client)
    existing = factories.make_employer()
    data = form_data(factories.make_department(), credit_code=existing.credit_code.lower())

    response = client.post(REGISTER, data)

    assert response.status_code == 200
    assert "已注册" in field_errors(response.content.decode(), "credit_code")
    assert Organisation.objects.filter(kind=OrgKind.EMPLOYER).count() == 1


def test_only_approved_departments_are_offered(client: Client) -> None:
    signed_in(client)
    closed = factories.make_department(name="已停用受理点")
    closed.status = OrgStatus.REJECTED
    closed.save()
    page = client.get(REGISTER).content.decode()
    assert "已停用受理点" not in page
    response = client.post(REGISTER, form_data(closed))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "parent")
    assert not Organisation.objects.filter(kind=OrgKind.EMPLOYER).exists()


def test_anonymous_user_is_sent_to_login(client: Client) -> None:
    get = client.get(REGISTER)
    assert get.status_code == 302
    assert get.url.startswith(reverse("accounts:login"))
    post = client.post(REGISTER, form_data(factories.make_department()))
    assert post.status_code == 302
    assert post.url.startswith(reverse("accounts:login"))
    assert not Organisation.objects.filter(kind=OrgKind.EMPLOYER).exists()


def test_rejected_unit_registers_again_with_the_same_code(client: Client) -> None:
    user = signed_in(client)
    department = factories.make_department()
    rejected = factories.make_employer(department, status=OrgStatus.REJECTED, name="旧名称有限公司")
    rejected.review_reason = "授权委托书未盖章"
    rejected.save()

    response = client.post(REGISTER, form_data(department, credit_code=rejected.credit_code,
                                               name="新名称有限公司"))

    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == OrgStatus.PENDING
    assert rejected.name == "新名称有限公司"
    assert rejected.review_reason == ""
    assert Organisation.objects.filter(kind=OrgKind.EMPLOYER).count() == 1
    assert RoleGrant.objects.active().filter(user=user, organisation=rejected,
                                             role=Role.UNIT_ADMIN).exists()
    row = AuditEntry.objects.get(action="employer.resubmitted")
    assert row.before["status"] == "rejected" and row.after["status"] == "pending"
