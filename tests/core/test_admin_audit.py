"""Reference data edited in the Django admin is audited like every other change."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.audit.domain import verify
from zhicheng.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_admin_change_is_audited(client: Client) -> None:
    admin_user = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    committee = factories.make_committee("旧名称评委会")
    url = reverse("admin:orgs_organisation_change", args=[committee.pk])
    response = client.post(url, {"kind": "committee", "name": "新名称评委会", "status": "approved",
                                 "created_at_0": "2026-01-01", "created_at_1": "08:00:00",
                                 "region": "", "ownership": "", "review_reason": "",
                                 "contact_name": "", "contact_mobile": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AuditEntry.objects.get(action="admin.changed")
    assert row.before["name"] == "旧名称评委会"
    assert row.after["name"] == "新名称评委会"
    assert row.actor == admin_user
    assert verify()[1] is None


def test_audit_rows_cannot_be_edited_in_admin(client: Client) -> None:
    admin_user = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    factories.make_committee()
    from zhicheng.audit.domain import SYSTEM, record

    row = record(SYSTEM, ("x", "1"), "test")
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.post(reverse("admin:audit_auditentry_delete", args=[row.pk]),
                       {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=row.pk).exists()


def test_office_sees_only_its_own_committee_in_admin(client: Client) -> None:
    from django.contrib.auth.models import Group

    from zhicheng.core.groups import OFFICE_GROUP
    from zhicheng.plans.models import Plan

    mine, other = factories.make_committee("本评委会"), factories.make_committee("别的评委会")
    Plan.objects.create(key="mine-plan", title="本会计划", level="engineer", year=2026,
                        committee=mine)
    Plan.objects.create(key="other-plan", title="他会计划", level="engineer", year=2026,
                        committee=other)
    office = factories.make_user(is_staff=True)
    office.groups.add(Group.objects.get(name=OFFICE_GROUP))
    factories.grant(office, "committee_office", mine)
    client.force_login(office)
    html = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert "本会计划" in html and "他会计划" not in html
    other_plan = Plan.objects.get(key="other-plan")
    assert client.get(reverse("admin:plans_plan_change", args=[other_plan.pk])).status_code in (
        302, 404)
    orgs = client.get(reverse("admin:orgs_organisation_changelist")).content.decode()
    assert "本评委会" in orgs and "别的评委会" not in orgs
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
