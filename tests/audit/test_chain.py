"""The audit trail: append-only, chained by hashes, masked, and verified by a command."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests import factories
from zhicheng.audit import chain
from zhicheng.audit.domain import SYSTEM, Who, record, verify
from zhicheng.audit.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def _rows(n: int) -> list[AuditEntry]:
    user = factories.make_user()
    org = factories.make_committee()
    who = Who(actor=user, acting_for=org, role="committee_office", ip="10.1.2.3")
    return [record(who, ("plans.plan", str(i)), "plan.changed", before={"n": i},
                   after={"n": i + 1, "note": "改"}, reason=f"第{i}次") for i in range(n)]


def test_rows_are_chained_and_verify() -> None:
    rows = _rows(5)
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == chain.GENESIS
    for prev, row in itertools.pairwise(rows):
        assert row.prev_hash == prev.hash
    assert verify() == (5, None)


def test_row_records_who_for_whom_where_and_why() -> None:
    row = _rows(1)[0]
    row.refresh_from_db()
    assert row.actor is not None and row.acting_for is not None
    assert row.acting_role == "committee_office"
    assert row.ip == "10.1.2.3"
    assert row.reason == "第0次"
    assert row.before == {"n": 0}


def test_tampered_row_is_reported_with_its_number() -> None:
    _rows(5)
    AuditEntry.objects.filter(seq=3).update(reason="篡改")  # bypasses save(), as SQL would
    count, brk = verify()
    assert count == 5
    assert brk is not None and brk.seq == 3
    assert "修改" in brk.reason


def test_deleted_middle_row_is_reported() -> None:
    _rows(5)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE seq = 2")
    _, brk = verify()
    assert brk is not None and brk.seq == 2


def test_deleted_last_row_is_caught_by_the_head() -> None:
    _rows(4)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE seq = 4")
    _, brk = verify()
    assert brk is not None and brk.seq == 4


def test_rewritten_hash_chain_still_breaks_at_the_next_row() -> None:
    rows = _rows(3)
    forged = rows[1]
    fields = forged.hashed_fields() | {"reason": "伪造"}
    new_hash = chain.row_hash(forged.prev_hash, fields)
    AuditEntry.objects.filter(seq=2).update(reason="伪造", hash=new_hash)
    _, brk = verify()
    assert brk is not None and brk.seq == 3


def test_rows_cannot_be_changed_or_deleted_through_the_orm() -> None:
    row = _rows(1)[0]
    row.reason = "x"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


def test_id_numbers_and_mobiles_are_masked() -> None:
    user = factories.make_user()
    row = record(SYSTEM, user, "account.registered", after=user.audit_data(),
                 reason=f"证件 {user.id_number}")
    row.refresh_from_db()
    assert row.after["id_number"] == user.masked_id
    assert user.id_number not in row.after["id_number"]
    assert row.after["mobile"] == user.masked_mobile
    assert user.id_number not in str(row.after)
    assert verify()[1] is None


def test_mask_data_walks_nested_values() -> None:
    data = {"people": [{"id_number": "11010519491231002X"}], "text": "号 11010519491231002X 止"}
    masked = chain.mask_data(data)
    assert masked["people"][0]["id_number"] == "1101**********002X"
    assert "11010519491231002X" not in masked["text"]


def test_verify_command_reports_whole_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _rows(3)
    call_command("audit", "verify")
    assert "共 3 条" in capsys.readouterr().out


def test_verify_command_fails_on_tampering() -> None:
    _rows(3)
    AuditEntry.objects.filter(seq=2).update(action="other")
    with pytest.raises(CommandError, match="第 2 条"):
        call_command("audit", "verify")


def test_empty_chain_verifies() -> None:
    assert verify() == (0, None)


def test_pure_chain_module_has_no_django_import() -> None:
    import inspect

    assert "django" not in inspect.getsource(chain)
