"""The office's entries reach the calendar in force, through the cache, and are audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests import factories
from zhicheng.audit.domain import SYSTEM, Who, verify
from zhicheng.audit.models import AuditEntry
from zhicheng.workcalendar import service
from zhicheng.workcalendar.models import CoveredYear, DayOverride
from zhicheng.workdays import CalendarGap

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # The cache outlives each test's rolled-back transaction.
    cache.delete(service.CACHE_KEY)
    yield
    cache.delete(service.CACHE_KEY)


def test_without_entries_the_calendar_is_the_state_councils() -> None:
    cal = service.current()
    assert cal.overrides == {} and cal.covered_years == frozenset()
    assert cal.posting_end(date(2023, 1, 20)) == date(2023, 1, 31)
    with pytest.raises(CalendarGap, match="2027年"):
        cal.is_workday(date(2027, 3, 1))


def test_override_takes_effect_and_is_audited() -> None:
    user = factories.make_user()
    who = Who(actor=user)
    assert service.current().is_workday(date(2023, 9, 11))  # a Monday, now in the cache
    row = service.set_override(who, date(2023, 9, 11), False, "台风停工")
    assert row.created_by == user
    cal = service.current()
    assert not cal.is_workday(date(2023, 9, 11))
    assert cal.posting_end(date(2023, 9, 8)) == date(2023, 9, 15)
    entry = AuditEntry.objects.get(action="workcalendar.override.save")
    assert entry.object_type == "workcalendar.dayoverride"
    assert entry.object_id == str(row.pk)
    assert entry.actor == user
    assert entry.before is None
    assert entry.after == {"day": "2023-09-11", "workday": False, "note": "台风停工"}
    assert verify()[1] is None


def test_changing_and_removing_an_override_invalidates_the_cache() -> None:
    day = date(2023, 1, 27)  # a Spring Festival day off
    assert not service.current().is_workday(day)
    service.set_override(SYSTEM, day, True, "补班")
    assert service.current().is_workday(day)
    service.set_override(SYSTEM, day, False, "改回放假")
    assert not service.current().is_workday(day)
    assert DayOverride.objects.count() == 1
    changed = AuditEntry.objects.filter(action="workcalendar.override.save").last()
    assert changed.before == {"day": "2023-01-27", "workday": True, "note": "补班"}
    assert changed.after["note"] == "改回放假"
    assert changed.actor is None

    assert service.remove_override(SYSTEM, day) is True
    assert service.current().overrides == {}
    assert service.remove_override(SYSTEM, day) is False
    removed = AuditEntry.objects.get(action="workcalendar.override.delete")
    assert removed.before == {"day": "2023-01-27", "workday": False, "note": "改回放假"}
    assert AuditEntry.objects.filter(action__startswith="workcalendar.").count() == 3


def test_direct_row_changes_also_invalidate_the_cache() -> None:
    assert service.current().is_workday(date(2023, 9, 11))
    row = DayOverride.objects.create(day=date(2023, 9, 11), workday=False)
    assert not service.current().is_workday(date(2023, 9, 11))
    row.delete()
    assert service.current().is_workday(date(2023, 9, 11))
    CoveredYear.objects.create(year=2027)
    assert service.current().covered_years == frozenset({2027})


def test_the_cache_is_used_between_changes(django_assert_num_queries: Any,
                                          django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the change is committed
        service.set_override(SYSTEM, date(2027, 2, 8), False, "2027年春节")
    service.current()
    with django_assert_num_queries(0):
        assert service.current().overrides == {date(2027, 2, 8): False}


def test_the_changing_transaction_never_caches_its_uncommitted_rows(
        django_assert_num_queries: Any) -> None:
    """Until the change commits, the transaction that made it reads the rows (which may yet
    be rolled back) and leaves the cache alone; other processes keep the committed ones."""
    service.current()
    service.set_override(SYSTEM, date(2027, 2, 8), False, "2027年春节")  # not committed
    with django_assert_num_queries(2):
        assert service.current().overrides == {date(2027, 2, 8): False}
    assert cache.get(service.CACHE_KEY) is None or \
        cache.get(service.CACHE_KEY)[1].overrides == {}


def test_a_covered_year_becomes_computable() -> None:
    user = factories.make_user()
    with pytest.raises(CalendarGap):
        service.current().posting_end(date(2027, 2, 4))
    for offset in range(9):  # an office's 2027 Spring Festival: off Sat 2/6 .. Sun 2/14
        service.set_override(Who(actor=user), date(2027, 2, 6 + offset), False, "2027年春节")
    service.set_override(Who(actor=user), date(2027, 2, 21), True, "2027年春节调休")
    with pytest.raises(CalendarGap):
        service.current().posting_end(date(2027, 2, 4))  # days entered, year not declared
    row = service.cover_year(Who(actor=user), 2027, "国务院办公厅通知已录入")
    cal = service.current()
    assert cal.posting_end(date(2027, 2, 4)) == date(2027, 2, 17)   # 2/4, 2/5, 2/15..17
    assert cal.posting_end(date(2027, 2, 18)) == date(2027, 2, 23)  # 2/18, 19, 21, 22, 23
    entry = AuditEntry.objects.get(action="workcalendar.year.cover")
    assert entry.object_id == str(row.pk) and entry.actor == user
    assert entry.after == {"year": 2027, "note": "国务院办公厅通知已录入"}

    assert service.uncover_year(SYSTEM, 2027) is True
    with pytest.raises(CalendarGap):
        service.current().posting_end(date(2027, 2, 4))
    assert AuditEntry.objects.filter(action="workcalendar.year.uncover").count() == 1
    assert verify()[1] is None


def test_admin_goes_through_the_service(client: Client) -> None:
    admin_user = factories.make_user(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    assert client.get(reverse("admin:workcalendar_dayoverride_changelist")).status_code == 200
    response = client.post(reverse("admin:workcalendar_dayoverride_add"),
                           {"day": "2027-02-21", "workday": "on", "note": "2027年春节调休"})
    assert response.status_code == 302, response.content.decode()[:2000]
    row = DayOverride.objects.get()
    assert row.workday and row.created_by == admin_user
    entry = AuditEntry.objects.get(action="workcalendar.override.save")
    assert entry.actor == admin_user and entry.ip == "127.0.0.1"
    assert service.current().overrides == {date(2027, 2, 21): True}
    html = client.get(reverse("admin:workcalendar_dayoverride_changelist")).content.decode()
    assert "星期日" in html

    response = client.post(reverse("admin:workcalendar_coveredyear_add"),
                           {"year": "2027", "note": "已录入"})
    assert response.status_code == 302
    assert service.current().covered_years == frozenset({2027})

    response = client.post(reverse("admin:workcalendar_dayoverride_delete", args=[row.pk]),
                           {"post": "yes"})
    assert response.status_code == 302
    assert not DayOverride.objects.exists()
    assert AuditEntry.objects.filter(action="workcalendar.override.delete").count() == 1
    assert service.current().overrides == {}
    assert verify()[1] is None
