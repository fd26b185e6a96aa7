"""Roles: which a user may act as, switching, revoking, and the offices that grant them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.accounts.models import User
from zhicheng.audit.domain import SYSTEM
from zhicheng.audit.models import AuditEntry
from zhicheng.identity.idnumber import mask
from zhicheng.orgs import acting, domain
from zhicheng.orgs.models import Organisation, OrgKind, OrgStatus, Role, RoleGrant

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("core:dashboard")
SWITCH = reverse("orgs:switch_role")


def office_user(client: Client, committee: Organisation) -> User:
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, Role.COMMITTEE_OFFICE, committee))
    return user


# --- acting.available -------------------------------------------------------------------

def test_registered_user_with_a_grant_may_act_as_applicant_or_the_grant() -> None:
    user = factories.make_user()
    department = factories.make_department()
    g = factories.grant(user, Role.DEPARTMENT, department)
    options = acting.available(user)
    assert [(o.role, o.organisation, o.grant_id) for o in options] == [
        (Role.APPLICANT, None, None), (Role.DEPARTMENT, department, g.pk)]
    assert [o.key for o in options] == [Role.APPLICANT, str(g.pk)]


def test_office_created_account_without_id_number_has_only_its_grant() -> None:
    user = factories.make_user(id_number=None, id_type="", sex="")
    g = factories.grant(user, Role.DEPARTMENT, factories.make_department())
    options = acting.available(user)
    assert [o.grant_id for o in options] == [g.pk]
    assert Role.APPLICANT not in [o.role for o in options]


def test_registered_user_without_grants_is_an_applicant() -> None:
    assert acting.available(factories.make_user()) == [acting.APPLICANT]


def test_other_users_grants_are_not_available() -> None:
    user, other = factories.make_user(), factories.make_user()
    factories.grant(other, Role.DEPARTMENT, factories.make_department())
    assert acting.available(user) == [acting.APPLICANT]


# --- switching ----------------------------------------------------------------------------

def test_switch_to_a_held_role_changes_the_dashboard(client: Client) -> None:
    user = factories.make_user()
    department = factories.make_department(name="南湖区人社局受理点")
    g = factories.grant(user, Role.DEPARTMENT, department)
    client.force_login(user)
    assert "申报人工作台" in client.get(DASHBOARD).content.decode()

    response = client.post(SWITCH, {"role": str(g.pk)})

    assert response.status_code == 302
    assert response.url == DASHBOARD
    assert client.session[acting.SESSION_KEY] == str(g.pk)
    html = client.get(DASHBOARD).content.decode()
    assert "<h1>南湖区人社局受理点</h1>" in html
    assert "申报人工作台" not in html

    client.post(SWITCH, {"role": Role.APPLICANT})
    assert "<h1>申报人工作台</h1>" in client.get(DASHBOARD).content.decode()


def test_switch_to_another_users_grant_is_forbidden(client: Client) -> None:
    user, other = factories.make_user(), factories.make_user()
    theirs = factories.grant(other, Role.DEPARTMENT, factories.make_department())
    client.force_login(user)
    response = client.post(SWITCH, {"role": str(theirs.pk)})
    assert response.status_code == 403
    assert client.session.get(acting.SESSION_KEY) is None
    assert "申报人工作台" in client.get(DASHBOARD).content.decode()


def test_office_created_account_cannot_switch_to_applicant(client: Client) -> None:
    user = factories.make_user(id_number=None, id_type="")
    factories.grant(user, Role.DEPARTMENT, factories.make_department())
    client.force_login(user)
    assert client.post(SWITCH, {"role": Role.APPLICANT}).status_code == 403


def test_revoked_grant_disappears_and_session_falls_back(client: Client) -> None:
    user = factories.make_user()
    department = factories.make_department(name="已撤销的受理点")
    g = factories.grant(user, Role.DEPARTMENT, department)
    client.force_login(user)
    factories.act_as(client, g)
    assert "<h1>已撤销的受理点</h1>" in client.get(DASHBOARD).content.decode()

    domain.revoke_role(g, SYSTEM, reason="调岗")

    assert g.pk not in [o.grant_id for o in acting.available(user)]
    assert acting.resolve(user, str(g.pk)) == acting.APPLICANT
    html = client.get(DASHBOARD).content.decode()
    assert "<h1>申报人工作台</h1>" in html
    assert "已撤销的受理点" not in html
    assert client.get(reverse("orgs:employer_list")).status_code == 403
    assert client.post(SWITCH, {"role": str(g.pk)}).status_code == 403
    entry = AuditEntry.objects.get(action="role.revoked")
    assert entry.reason == "调岗"


def test_revoked_grant_falls_back_to_the_first_remaining_grant(client: Client) -> None:
    user = factories.make_user(id_number=None, id_type="")
    kept = factories.grant(user, Role.DEPARTMENT, factories.make_department(name="保留受理点"))
    gone = factories.grant(user, Role.EXPERT, factories.make_committee())
    client.force_login(user)
    factories.act_as(client, gone)
    domain.revoke_role(gone, SYSTEM)
    assert acting.resolve(user, str(gone.pk)).grant_id == kept.pk
    assert "<h1>保留受理点</h1>" in client.get(DASHBOARD).content.decode()


# --- the committee office creates departments --------------------------------------------

def department_form(**overrides: Any) -> dict[str, Any]:
    data = {"name": "秀洲区受理点", "region": "浙江省嘉兴市秀洲区", "operator_name": "赵经办",
            "operator_mobile": factories.mobile()}
    data.update(overrides)
    return data


def test_office_creates_a_department_and_its_operator_account(client: Client) -> None:
    committee = factories.make_committee()
    office = office_user(client, committee)
    data = department_form()

    response = client.post(reverse("orgs:department_list"), data)

    assert response.status_code == 302
    dept = Organisation.objects.get(kind=OrgKind.DEPARTMENT, name="秀洲区受理点")
    assert dept.parent == committee
    assert dept.status == OrgStatus.APPROVED
    operator = User.objects.by_mobile(data["operator_mobile"]).get()
    assert operator.name == "赵经办"
    assert operator.has_usable_password() is False
    assert operator.id_number is None
    g = RoleGrant.objects.active().get(user=operator)
    assert (g.role, g.organisation, g.granted_by) == (Role.DEPARTMENT, dept, office)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["department.created", "account.created_by_office", "role.granted"]
    created = AuditEntry.objects.get(action="account.created_by_office")
    assert data["operator_mobile"] not in str(created.after)  # masked in the trail
    assert [o.grant_id for o in acting.available(operator)] == [g.pk]
    listing = client.get(reverse("orgs:department_list")).content.decode()
    assert "秀洲区受理点" in listing


def test_operator_mobile_of_an_existing_user_reuses_that_account(client: Client) -> None:
    committee = factories.make_committee()
    office_user(client, committee)
    existing = factories.make_user()
    users = User.objects.count()

    response = client.post(reverse("orgs:department_list"),
                           department_form(operator_mobile=existing.mobile,
                                           operator_name="另一个名字"))

    assert response.status_code == 302
    assert User.objects.count() == users
    existing.refresh_from_db()
    assert existing.has_usable_password()
    assert existing.name != "另一个名字"
    g = RoleGrant.objects.active().get(user=existing)
    assert g.role == Role.DEPARTMENT
    assert g.organisation.name == "秀洲区受理点"
    assert not AuditEntry.objects.filter(action="account.created_by_office").exists()
    assert AuditEntry.objects.filter(action="role.granted").count() == 1


def test_department_form_errors_are_shown(client: Client) -> None:
    office_user(client, factories.make_committee())
    response = client.post(reverse("orgs:department_list"),
                           department_form(operator_mobile="12345"))
    assert response.status_code == 200
    assert "经办人手机号码：" in response.content.decode()
    assert not Organisation.objects.filter(kind=OrgKind.DEPARTMENT).exists()


def test_department_list_shows_only_own_committees_departments(client: Client) -> None:
    committee = factories.make_committee("甲评委会")
    factories.make_department(committee, name="本会受理点")
    factories.make_department(factories.make_committee("乙评委会"), name="他会受理点")
    office_user(client, committee)
    html = client.get(reverse("orgs:department_list")).content.decode()
    assert "本会受理点" in html
    assert "他会受理点" not in html


def test_expert_cannot_create_departments(client: Client) -> None:
    user = factories.make_user()
    client.force_login(user)
    factories.act_as(client, factories.grant(user, Role.EXPERT, factories.make_committee()))
    response = client.post(reverse("orgs:department_list"), department_form())
    assert response.status_code == 403
    assert not Organisation.objects.filter(kind=OrgKind.DEPARTMENT).exists()


# --- the committee office appoints experts -----------------------------------------------

@pytest.mark.parametrize("by", ["mobile", "id_number"])
def test_office_grants_expert_role_by_mobile_or_id_number(client: Client, by: str) -> None:
    committee = factories.make_committee()
    office = office_user(client, committee)
    person = factories.make_user(name="钱专家")

    response = client.post(reverse("orgs:expert_list"),
                           {"identifier": getattr(person, by)})

    assert response.status_code == 302
    g = RoleGrant.objects.active().get(user=person)
    assert (g.role, g.organisation, g.granted_by) == (Role.EXPERT, committee, office)
    assert AuditEntry.objects.filter(action="role.granted", object_id=str(g.pk)).exists()
    html = client.get(reverse("orgs:expert_list")).content.decode()
    assert "钱专家" in html
    assert person.id_number not in html
    assert mask(person.id_number) in html


def test_unknown_identifier_is_not_found(client: Client) -> None:
    office_user(client, factories.make_committee())
    response = client.post(reverse("orgs:expert_list"), {"identifier": "13900000000"})
    assert response.status_code == 200
    assert "未找到" in response.content.decode()
    assert not RoleGrant.objects.filter(role=Role.EXPERT).exists()


def test_account_without_id_number_is_not_found(client: Client) -> None:
    office_user(client, factories.make_committee())
    person = factories.make_user(id_number=None, id_type="")
    response = client.post(reverse("orgs:expert_list"), {"identifier": person.mobile})
    assert "未找到" in response.content.decode()
    assert not RoleGrant.objects.filter(role=Role.EXPERT).exists()


def test_granting_expert_twice_is_refused(client: Client) -> None:
    office_user(client, factories.make_committee())
    person = factories.make_user()
    client.post(reverse("orgs:expert_list"), {"identifier": person.mobile})

    response = client.post(reverse("orgs:expert_list"), {"identifier": person.id_number})

    assert response.status_code == 200
    assert "已拥有" in response.content.decode()
    assert RoleGrant.objects.filter(user=person, role=Role.EXPERT).count() == 1
    assert AuditEntry.objects.filter(action="role.granted").count() == 1


def test_expert_role_can_be_granted_again_after_revoking() -> None:
    committee = factories.make_committee()
    person = factories.make_user()
    first = domain.grant_role(person, Role.EXPERT, committee, SYSTEM)
    domain.revoke_role(first, SYSTEM)
    second = domain.grant_role(person, Role.EXPERT, committee, SYSTEM)
    assert second.pk != first.pk
    assert RoleGrant.objects.active().get(user=person) == second


# --- choosing one's employer -------------------------------------------------------------

def test_applicant_chooses_an_approved_employer(client: Client) -> None:
    user = factories.make_user()
    employer = factories.make_employer(name="已审核通过的单位")
    client.force_login(user)

    page = client.get(reverse("orgs:my_employer")).content.decode()
    assert "已审核通过的单位" in page
    response = client.post(reverse("orgs:my_employer"), {"employer": employer.pk})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.employer == employer
    entry = AuditEntry.objects.get(action="account.employer_set")
    assert entry.before == {"employer": None}
    assert entry.after == {"employer": employer.pk}


def test_pending_employer_is_not_offered_nor_accepted(client: Client) -> None:
    user = factories.make_user()
    current = factories.make_employer(name="原单位")
    user.employer = current
    user.save()
    pending = factories.make_employer(status=OrgStatus.PENDING, name="还在审核的单位")
    client.force_login(user)

    assert "还在审核的单位" not in client.get(reverse("orgs:my_employer")).content.decode()
    response = client.post(reverse("orgs:my_employer"), {"employer": pending.pk})

    assert response.status_code == 200
    assert 'id="id_employer_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.employer == current
    assert not AuditEntry.objects.exists()


def test_domain_refuses_a_pending_employer() -> None:
    user = factories.make_user()
    pending = factories.make_employer(status=OrgStatus.PENDING)
    with pytest.raises(domain.DomainError):
        domain.set_employer(user, pending, SYSTEM)
    user.refresh_from_db()
    assert user.employer is None


# --- the unit dashboard -----------------------------------------------------------------

def test_unit_dashboard_lists_staff_with_masked_id_numbers(client: Client) -> None:
    employer = factories.make_employer()
    staff = factories.make_user(name="孙职工", employer=employer)
    factories.make_user(name="别家职工", employer=factories.make_employer())
    admin = factories.make_user()
    client.force_login(admin)
    factories.act_as(client, factories.grant(admin, Role.UNIT_ADMIN, employer))

    html = client.get(DASHBOARD).content.decode()

    assert "孙职工" in html
    assert "别家职工" not in html
    assert staff.id_number not in html
    assert mask(staff.id_number) in html
    assert mask(staff.id_number) == staff.id_number[:4] + "*" * 10 + staff.id_number[-4:]
    assert staff.mobile not in html


def test_revoking_twice_is_refused() -> None:
    from zhicheng.audit.domain import SYSTEM
    from zhicheng.orgs import domain as orgs_domain

    g = factories.grant(factories.make_user(), "expert", factories.make_committee())
    orgs_domain.revoke_role(g, SYSTEM)
    with pytest.raises(orgs_domain.DomainError):
        orgs_domain.revoke_role(g, SYSTEM)
    assert AuditEntry.objects.filter(action="role.revoked").count() == 1
