"""The acceptance point reviews the units registered with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from tests import factories
from zhicheng import urls as project_urls
from zhicheng.audit.domain import Who
from zhicheng.audit.models import AuditEntry
from zhicheng.core.access import acting_as
from zhicheng.orgs import domain
from zhicheng.orgs.models import Organisation, OrgStatus, Role, RoleGrant

pytestmark = pytest.mark.django_db
LIST = reverse("orgs:employer_list")


# A probe page for the acting_as guard as a unit admin (no such page ships yet), served
# next to the project's own URLs through the whole middleware stack.
@acting_as(Role.UNIT_ADMIN)
def _unit_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("unit page")


@acting_as(Role.UNIT_ADMIN, approved_org=False)
def _unit_page_any_status(request: HttpRequest) -> HttpResponse:
    return HttpResponse("unit page, any status")


urlpatterns = [
    path("__probe__/unit/", _unit_page),
    path("__probe__/unit-any/", _unit_page_any_status),
    *project_urls.urlpatterns,
]


def operator_of(client: Client, department: Organisation) -> Any:
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, Role.DEPARTMENT, department))
    return user


def unit_admin_of(client: Client, employer: Organisation) -> Any:
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, Role.UNIT_ADMIN, employer))
    return user


def review(pk: int) -> str:
    return reverse("orgs:employer_review", args=[pk])


def register_through_view(client: Client, department: Organisation,
                          content: bytes = factories.PDF_BYTES) -> Organisation:
    """Sign a new user in and register a unit with a letter via the registration page."""
    client.force_login(factories.make_user())
    code = factories.credit_code()
    response = client.post(reverse("orgs:employer_register"), {
        "name": "嘉兴市测试电子有限公司", "credit_code": code, "region": "浙江省嘉兴市",
        "ownership": "private", "parent": department.pk, "contact_name": "李四",
        "contact_mobile": factories.mobile(),
        "authorisation_letter": SimpleUploadedFile("委托书.pdf", content,
                                                   content_type="application/pdf"),
    })
    assert response.status_code == 302
    return Organisation.objects.get(credit_code=code)


# --- list and approve ---------------------------------------------------------------------

def test_operator_sees_pending_employers_of_their_point(client: Client) -> None:
    department = factories.make_department()
    pending = factories.make_employer(department, status=OrgStatus.PENDING, name="待审单位甲")
    operator_of(client, department)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "待审单位甲" in html
    assert review(pending.pk) in html


def test_pending_employers_are_listed_first(client: Client) -> None:
    department = factories.make_department()
    factories.make_employer(department, name="已通过单位")
    factories.make_employer(department, status=OrgStatus.REJECTED, name="未通过单位")
    factories.make_employer(department, status=OrgStatus.PENDING, name="待审核单位")
    operator_of(client, department)
    names = [o.name for o in client.get(LIST).context["employers"]]
    assert names[0] == "待审核单位"
    assert set(names) == {"已通过单位", "未通过单位", "待审核单位"}


def test_operator_approves_a_pending_employer(client: Client) -> None:
    department = factories.make_department()
    org = factories.make_employer(department, status=OrgStatus.PENDING)
    operator = operator_of(client, department)

    response = client.post(review(org.pk), {"decision": "approve", "reason": ""})

    assert response.status_code == 302
    assert response.url == LIST
    org.refresh_from_db()
    assert org.status == OrgStatus.APPROVED
    assert org.reviewed_by == operator
    assert org.reviewed_at is not None
    entry = AuditEntry.objects.get(action="employer.approved")
    assert entry.object_id == str(org.pk)
    assert entry.before["status"] == OrgStatus.PENDING
    assert entry.after["status"] == OrgStatus.APPROVED
    assert entry.actor_id == operator.pk
    assert entry.acting_for_id == department.pk
    assert entry.acting_role == Role.DEPARTMENT


def test_reject_without_reason_is_refused(client: Client) -> None:
    department = factories.make_department()
    org = factories.make_employer(department, status=OrgStatus.PENDING)
    operator_of(client, department)

    response = client.post(review(org.pk), {"decision": "reject", "reason": "  "})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="error" id="id_reason_error">审核意见：' in html
    org.refresh_from_db()
    assert org.status == OrgStatus.PENDING
    assert org.reviewed_by is None
    assert not AuditEntry.objects.exists()


def test_reject_with_reason_records_it(client: Client) -> None:
    department = factories.make_department()
    org = factories.make_employer(department, status=OrgStatus.PENDING)
    operator_of(client, department)

    response = client.post(review(org.pk), {"decision": "reject",
                                            "reason": " 授权委托书未盖公章 "})

    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == OrgStatus.REJECTED
    assert org.review_reason == "授权委托书未盖公章"
    entry = AuditEntry.objects.get(action="employer.rejected")
    assert entry.reason == "授权委托书未盖公章"
    assert entry.before["status"] == OrgStatus.PENDING
    assert entry.after["status"] == OrgStatus.REJECTED


@pytest.mark.parametrize("status", [OrgStatus.APPROVED, OrgStatus.REJECTED])
def test_second_review_is_refused(client: Client, status: str) -> None:
    department = factories.make_department()
    org = factories.make_employer(department, status=OrgStatus.PENDING)
    operator_of(client, department)
    first = "approve" if status == OrgStatus.APPROVED else "reject"
    client.post(review(org.pk), {"decision": first, "reason": "首次审核"})
    rows = AuditEntry.objects.count()

    other = "reject" if first == "approve" else "approve"
    response = client.post(review(org.pk), {"decision": other, "reason": "再次审核"},
                           follow=True)

    org.refresh_from_db()
    assert org.status == status
    assert org.review_reason == "首次审核"
    assert AuditEntry.objects.count() == rows
    assert "不能重复审核" in response.content.decode()


def test_domain_refuses_a_second_review_of_a_stale_copy() -> None:
    """Two operators open the same pending unit; the second decision must not land."""
    department = factories.make_department()
    org = factories.make_employer(department, status=OrgStatus.PENDING)
    stale = Organisation.objects.get(pk=org.pk)
    reviewer = factories.make_user()
    domain.review_employer(org, True, "", Who(actor=reviewer))
    with pytest.raises(domain.DomainError, match="不能重复审核"):
        domain.review_employer(stale, False, "迟到的意见", Who(actor=reviewer))
    org.refresh_from_db()
    assert org.status == OrgStatus.APPROVED
    assert AuditEntry.objects.filter(action__startswith="employer.").count() == 1


def test_reviewed_employer_page_offers_no_review_form(client: Client) -> None:
    department = factories.make_department()
    org = factories.make_employer(department)
    operator_of(client, department)
    html = client.get(review(org.pk)).content.decode()
    assert 'name="decision"' not in html
    assert "已通过" in html


# --- other departments and other roles --------------------------------------------------

def test_operator_of_another_department_cannot_see_or_review(client: Client) -> None:
    committee = factories.make_committee()
    mine = factories.make_department(committee, name="本受理点")
    theirs = factories.make_department(committee, name="其他受理点")
    org = factories.make_employer(mine, status=OrgStatus.PENDING, name="别处的单位")
    factories.make_employer(theirs, status=OrgStatus.PENDING, name="自己的单位")
    operator_of(client, theirs)

    listing = client.get(LIST)
    names = [o.name for o in listing.context["employers"]]
    assert names == ["自己的单位"]
    assert "别处的单位" not in listing.content.decode()
    assert client.get(review(org.pk)).status_code == 404
    assert client.post(review(org.pk), {"decision": "approve"}).status_code == 404
    org.refresh_from_db()
    assert org.status == OrgStatus.PENDING
    assert not AuditEntry.objects.exists()


def test_applicant_is_forbidden_the_list(client: Client) -> None:
    client.force_login(factories.make_user())
    factories.act_as(client, None)
    assert client.get(LIST).status_code == 403


def test_holder_of_a_department_grant_acting_as_applicant_is_forbidden(client: Client) -> None:
    department = factories.make_department()
    org = factories.make_employer(department, status=OrgStatus.PENDING)
    operator_of(client, department)
    factories.act_as(client, None)
    assert client.get(LIST).status_code == 403
    assert client.post(review(org.pk), {"decision": "approve"}).status_code == 403
    org.refresh_from_db()
    assert org.status == OrgStatus.PENDING


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- the authorisation letter ---------------------------------------------------------------

def letter_url(org: Organisation) -> str:
    return reverse("orgs:employer_letter", args=[org.pk])


def assert_download(response: Any) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == factories.PDF_BYTES


def test_unit_admin_downloads_own_letter(client: Client) -> None:
    org = register_through_view(client, factories.make_department())
    # the registering user is now acting as the unit admin of the pending unit
    response = client.get(letter_url(org))
    assert_download(response)
    assert f"authorisation-{org.pk}.pdf" in response["Content-Disposition"]


def test_acceptance_point_operator_downloads_the_letter(client: Client) -> None:
    department = factories.make_department()
    org = register_through_view(client, department)
    operator_of(client, department)
    assert_download(client.get(letter_url(org)))


def test_operator_of_another_department_cannot_download(client: Client) -> None:
    committee = factories.make_committee()
    org = register_through_view(client, factories.make_department(committee, name="甲"))
    operator_of(client, factories.make_department(committee, name="乙"))
    assert client.get(letter_url(org)).status_code == 403


def test_random_user_cannot_download(client: Client) -> None:
    org = register_through_view(client, factories.make_department())
    client.force_login(factories.make_user())
    assert client.get(letter_url(org)).status_code == 403


def test_anonymous_cannot_download(client: Client) -> None:
    org = register_through_view(client, factories.make_department())
    client.logout()
    response = client.get(letter_url(org))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_png_letter_is_served_as_png(client: Client) -> None:
    org = register_through_view(client, factories.make_department(), factories.png_bytes())
    response = client.get(letter_url(org))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- a unit still waiting for review ------------------------------------------------------

@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("status", "expected"), [(OrgStatus.APPROVED, 200),
                                                  (OrgStatus.PENDING, 403),
                                                  (OrgStatus.REJECTED, 403)])
def test_acting_as_requires_an_approved_organisation(client: Client, status: str,
                                                     expected: int) -> None:
    unit_admin_of(client, factories.make_employer(status=status))
    assert client.get("/__probe__/unit/").status_code == expected
    assert client.get("/__probe__/unit-any/").status_code == 200


@pytest.mark.urls(__name__)
def test_acting_as_refuses_other_roles(client: Client) -> None:
    operator_of(client, factories.make_department())
    assert client.get("/__probe__/unit/").status_code == 403


def test_pending_unit_admin_still_sees_dashboard(client: Client) -> None:
    org = factories.make_employer(status=OrgStatus.PENDING, name="等待中的单位")
    unit_admin_of(client, org)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>等待中的单位</h1>" in html
    assert '<dd class="status-pending">待审核</dd>' in html


# --- query count ------------------------------------------------------------------------

# session, user, grants (acting role and switcher), employers, the header's unread count
LIST_QUERIES = 5


@pytest.mark.parametrize("count", [1, 5])
def test_employer_list_query_count_does_not_grow(client: Client, django_assert_num_queries: Any,
                                                 count: int) -> None:
    department = factories.make_department()
    for i in range(count):
        org = factories.make_employer(department, status=OrgStatus.PENDING)
        RoleGrant.objects.create(user=factories.make_user(), role=Role.UNIT_ADMIN,
                                 organisation=org)
        if i % 2:
            org.staff.add(factories.make_user())
    operator_of(client, department)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert len(response.context["employers"]) == count
