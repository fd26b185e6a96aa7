"""Issuing, revoking and reissuing certificates."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tests.certificates.helpers import approved, issued
from tests.reviews.chain import Chain, drive, fresh
from zhicheng.applications.transition import Refused, Step, apply
from zhicheng.applications.workflow import State
from zhicheng.audit.models import AuditEntry
from zhicheng.certificates import domain
from zhicheng.certificates.models import Certificate, Reissue


def _audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="certificates.certificate",
                                          action=action))


def test_issue_certifies_and_numbers_in_sequence(chain: Chain) -> None:
    first = issued(chain)
    second = issued(chain, chain.new_app(name="申报人乙"))
    prefix = f"{chain.committee.pk:04d}2023"
    assert (first.number, second.number) == (f"{prefix}00001", f"{prefix}00002")
    assert fresh(chain.app).status == State.CERTIFIED
    assert Certificate.objects.filter(application=chain.app).count() == 1
    assert first.holder == chain.applicant and first.holder_name == "申报人甲"
    assert first.title_level == "engineer" and first.get_title_level_display() == "工程师"
    assert first.committee_name == chain.committee.name and first.specialty == "电子信息"
    assert first.masked_id != chain.applicant.id_number
    assert first.masked_id.startswith(chain.applicant.id_number[:4]) and "*" in first.masked_id
    assert first.approved_on == timezone.localdate() and len(first.token) >= 20
    assert first.token != second.token


def test_approval_date_comes_from_the_history(chain: Chain) -> None:
    app = approved(chain)
    cert = domain.issue(chain.office.who, app, today=date(2030, 1, 1))
    assert cert.approved_on == domain.approval_date(app) == timezone.localdate()
    other = domain.issue(chain.office.who, approved(chain, chain.new_app()),
                         approved_on=date(2023, 11, 20))
    assert other.approved_on == date(2023, 11, 20)


def test_issue_refused_before_approval(chain: Chain) -> None:
    app = drive(chain, chain.app, State.EXPERT_REVIEW)
    with pytest.raises(Refused, match="不能“发放证书”"):
        domain.issue(chain.office.who, app)
    assert not Certificate.objects.exists()
    assert fresh(app).status == State.EXPERT_REVIEW


def test_issue_refused_twice(chain: Chain) -> None:
    issued(chain)
    with pytest.raises(Refused):
        domain.issue(chain.office.who, fresh(chain.app))
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize("desk", ["other_office", "unit", "department_desk"])
def test_only_the_committees_office_may_act(chain: Chain, desk: str) -> None:
    app = approved(chain)
    who = getattr(chain, desk).who
    with pytest.raises(Refused, match="只有本评委会办公室"):
        domain.issue(who, app)
    assert fresh(app).status == State.APPROVED and not Certificate.objects.exists()
    cert = domain.issue(chain.office.who, app)
    with pytest.raises(Refused, match="只有本评委会办公室"):
        domain.revoke(who, cert, "弄虚作假")
    with pytest.raises(Refused, match="只有本评委会办公室"):
        domain.reissue(who, cert, "遗失")


def test_revoke_marks_the_certificate_and_revokes_the_application(chain: Chain) -> None:
    cert = issued(chain)
    with pytest.raises(Refused, match="须填写原因"):
        domain.revoke(chain.office.who, cert, "  ")
    cert = domain.revoke(chain.office.who, cert, "业绩材料弄虚作假")
    cert.refresh_from_db()
    assert cert.revoked and cert.revoked_at and cert.revoke_reason == "业绩材料弄虚作假"
    app = fresh(chain.app)
    assert app.status == State.REVOKED
    assert app.changes.filter(action="revoke", reason="业绩材料弄虚作假").count() == 1
    with pytest.raises(Refused, match="已撤销"):
        domain.revoke(chain.office.who, cert, "再次")


def test_revoke_when_the_application_is_already_revoked(chain: Chain) -> None:
    cert = issued(chain)
    apply(chain.office.who, chain.app.pk, Step("revoke", reason="先撤销申报"))
    domain.revoke(chain.office.who, cert, "补记证书撤销")
    cert.refresh_from_db()
    assert cert.revoked
    assert fresh(chain.app).changes.filter(action="revoke").count() == 1


def test_reissue_keeps_the_number_and_logs(chain: Chain) -> None:
    cert = issued(chain)
    number, token = cert.number, cert.token
    with pytest.raises(Refused, match="须填写原因"):
        domain.reissue(chain.office.who, cert, "")
    domain.reissue(chain.office.who, cert, "证书遗失")
    domain.reissue(chain.office.who, cert, "再次遗失")
    cert.refresh_from_db()
    assert (cert.number, cert.token, cert.reissues) == (number, token, 2)
    assert cert.last_reissued_at is not None
    log = list(Reissue.objects.filter(certificate=cert))
    assert [r.reason for r in log] == ["证书遗失", "再次遗失"]
    assert all(r.by == chain.office.user for r in log)
    domain.revoke(chain.office.who, cert, "撤销")
    with pytest.raises(Refused, match="不能补办"):
        domain.reissue(chain.office.who, cert, "遗失")


def test_every_change_is_audited(chain: Chain) -> None:
    cert = issued(chain)
    domain.reissue(chain.office.who, cert, "证书遗失")
    domain.revoke(chain.office.who, cert, "弄虚作假")
    issue_row, = _audit("certificate.issue")
    reissue_row, = _audit("certificate.reissue")
    revoke_row, = _audit("certificate.revoke")
    assert issue_row.object_id == str(cert.pk) and issue_row.actor == chain.office.user
    assert issue_row.after["number"] == cert.number
    assert reissue_row.reason == "证书遗失" and reissue_row.after["reissues"] == 1
    assert revoke_row.reason == "弄虚作假" and revoke_row.after["status"] == "revoked"
    assert revoke_row.acting_for == chain.committee
    assert AuditEntry.objects.filter(action="application.certify").count() == 1
    assert AuditEntry.objects.filter(action="application.revoke").count() == 1
