"""The archive's profile sections are read once per person and then served from the cache;
every way the archive changes (a form's save, a delete, the unit's verification, the two
bulk imports) is seen by the next read, and another person's change leaves the cache be.

pytest-django never commits a test's transaction, so the changes run inside `committed()`,
which runs their on-commit callbacks as a real commit would."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from zhicheng.archive import models as m
from zhicheng.archive.domain import delete_entry, save_entry, verify_entry
from zhicheng.archive.profile import archive_sections, import_sections
from zhicheng.audit.domain import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _read(user: Any, verified_only: bool = False) -> tuple[int, dict[str, Any]]:
    """(archive queries the read made, the sections)."""
    with CaptureQueriesContext(connection) as ctx:
        sections = archive_sections(user, verified_only=verified_only)
    return sum(1 for q in ctx.captured_queries if "archive_" in q["sql"]), sections


def _period(owner: Any, start: date, end: date | None = None) -> m.WorkPeriod:
    return m.WorkPeriod(owner=owner, start=start, end=end, employer="某设计院",
                        technical=True, related=True)


def _title(owner: Any) -> m.TitleHeld:
    return m.TitleHeld.objects.create(owner=owner, level="assistant", series="engineering",
                                      name="助理工程师", obtained=date(2018, 9, 1),
                                      issuer="某市人社局")


def test_the_second_read_makes_no_query(committed: Any) -> None:
    user = factories.make_user()
    with committed():
        save_entry(SYSTEM, _period(user, date(2015, 7, 1)), None)
    first, sections = _read(user)
    assert first >= 9
    again, cached = _read(user)
    assert again == 0 and cached == sections
    assert cached["work_history"][0]["from"] == "2015-07-01"
    # the submission's verified reading comes from the same copy
    assert _read(user, verified_only=True) == (0, sections)


def test_the_verified_reading_leaves_out_what_the_unit_has_not_verified(
        committed: Any) -> None:
    user = factories.make_user()
    with committed():
        _title(user)
        for role, state in [("lead", m.Verification.VERIFIED), ("sole", "unverified"),
                            ("member", m.Verification.VERIFIED)]:
            m.Achievement.objects.create(owner=user, name="平台", sponsor="某局", role=role,
                                         start=date(2020, 1, 1), end=date(2021, 1, 1),
                                         verification=state, description="设计")
    everything = _read(user)[1]
    verified = _read(user, verified_only=True)[1]
    assert everything["achievements"] == {"projects_led": 2}
    assert verified["achievements"] == {"projects_led": 1}
    assert len(everything["titles"]) == 1 and verified["titles"] == []


def test_a_save_an_edit_and_a_delete_are_seen_at_once(committed: Any) -> None:
    user = factories.make_user()
    _read(user)
    with committed():
        period = save_entry(SYSTEM, _period(user, date(2015, 7, 1), date(2018, 6, 30)), None)
    assert [w["to"] for w in _read(user)[1]["work_history"]] == ["2018-06-30"]
    period.end = date(2019, 6, 30)
    with committed():
        save_entry(SYSTEM, period, period.version)
    assert [w["to"] for w in _read(user)[1]["work_history"]] == ["2019-06-30"]
    with committed():
        delete_entry(SYSTEM, period)
    assert _read(user)[1]["work_history"] == []


def test_the_units_verification_is_seen_by_the_verified_read(committed: Any) -> None:
    unit = factories.make_employer()
    user = factories.make_user(employer=unit)
    with committed():
        title = _title(user)
    assert _read(user, verified_only=True)[1]["titles"] == []
    assert len(_read(user)[1]["titles"]) == 1
    with committed():
        verify_entry(SYSTEM, title, approve=True)  # a queryset update: no signal
    queries, sections = _read(user, verified_only=True)
    assert queries > 0 and sections["titles"][0]["level"] == "assistant"


def test_a_profile_import_is_seen(committed: Any) -> None:
    user = factories.make_user()
    _read(user)
    with committed():
        import_sections(SYSTEM, user, {"annual_appraisals": [
            {"year": 2022, "result": "competent"}, {"year": 2023, "result": "excellent"}]})
    assert sorted(a["year"] for a in _read(user)[1]["annual_appraisals"]) == [2022, 2023]


def test_a_continuing_education_import_is_seen(client: Client, committed: Any) -> None:
    user = factories.make_user()
    client.force_login(user)
    _read(user)
    export = "年度,科目类别,课程名称,学时,施教机构\n2022,专业科目,软件架构,30,某学会\n"
    with committed():
        r = client.post(reverse("archive:ce_import"),
                        {"export": SimpleUploadedFile("hours.csv", export.encode("gbk"))})
    assert r.status_code == 302
    assert _read(user)[1]["continuing_education"] == [
        {"year": 2022, "category": "professional", "hours": 30.0}]


def test_another_persons_change_keeps_the_cache(committed: Any) -> None:
    user, other = factories.make_user(), factories.make_user()
    with committed():
        save_entry(SYSTEM, _period(user, date(2015, 7, 1)), None)
    _read(user)
    with committed():
        save_entry(SYSTEM, _period(other, date(2016, 7, 1)), None)
    assert _read(user)[0] == 0


def test_inside_the_changing_transaction_the_read_is_fresh(committed: Any) -> None:
    user = factories.make_user()
    _read(user)
    with committed():
        save_entry(SYSTEM, _period(user, date(2015, 7, 1)), None)
        queries, sections = _read(user)
        assert queries > 0 and len(sections["work_history"]) == 1
