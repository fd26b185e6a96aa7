"""What a submission reads. The eligibility step has read the archive and the integrity
records already, so the submission takes both from the cache; the chosen items it freezes
are the ones the page read, unless the application changed in between. A fraud record
made after those reads still stops the next application at once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from zhicheng.applications import domain
from zhicheng.applications.models import Application, Status
from zhicheng.applications.requirements import specialty_choices
from zhicheng.archive.models import Achievement, Output
from zhicheng.audit.domain import Who
from zhicheng.integrity import domain as integrity
from zhicheng.integrity.models import IntegrityRecord

from .helpers import fill_archive_through_the_web, load_shipped_plans, photo_bytes

pytestmark = pytest.mark.django_db
PROFILE_TABLES = ["archive_education", "archive_workperiod", "archive_titleheld",
                  "archive_cerecord", "archive_appraisal", "integrity_integrityrecord"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def step(app: Application, name: str) -> str:
    return reverse("applications:step", args=[app.pk, name])


def _ready(client: Client, committed: Any) -> tuple[Any, Application]:
    """An application with every step done and its eligibility page seen."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = next(p for p in load_shipped_plans() if p.key == "wx-xishan-2023-engineer")
    with committed():
        user = fill_archive_through_the_web(client, Client(), plan)
        client.post(reverse("applications:start", args=[plan.pk]))
    app = Application.objects.get(applicant=user)
    posts = [("eligibility", {"specialty": specialty_choices(plan.engine_plan())[0][1]}),
             ("photo", {"photo": SimpleUploadedFile("me.jpg", photo_bytes())}),
             ("pledge", {"name": user.name, "id_number": user.id_number, "agree": "on"}),
             ("statement", {"statement": "任现职以来" * 50}),
             ("selection", {"achievements": [a.pk for a in Achievement.objects.filter(
                 owner=user)], "outputs": [o.pk for o in Output.objects.filter(owner=user)]})]
    for name, data in posts:
        app.refresh_from_db()
        with committed():
            assert client.post(step(app, name), {"version": app.version, **data}
                               ).status_code == 302
    assert "检查结论" in client.get(step(app, "eligibility")).content.decode()
    app.refresh_from_db()
    return user, app


def test_the_submission_reads_the_profile_from_the_cache(client: Client,
                                                         committed: Any) -> None:
    user, app = _ready(client, committed)
    with committed(), CaptureQueriesContext(connection) as ctx:  # not the on-commit jobs
        r = client.post(step(app, "preview"), {"version": app.version})
    assert r.status_code == 302
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not [s for s in sql if any(f'"{t}"' in s for t in PROFILE_TABLES)]
    # the chosen items: read once, by the page, and frozen from that reading
    assert len([s for s in sql if 'FROM "archive_achievement"' in s]) == 1
    assert len([s for s in sql if 'FROM "archive_output"' in s]) == 1
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    assert sorted(o["id"] for o in app.snapshot["chosen"]["outputs"]) == sorted(
        Output.objects.filter(owner=user).values_list("pk", flat=True))
    assert app.snapshot["education"] and app.snapshot["work_history"]


def test_items_changed_after_the_page_read_them_are_frozen_as_they_are_now(
        client: Client, committed: Any) -> None:
    """A caller that passes no version (nothing to compare) and read the items before a
    change: the snapshot holds the items of the locked row, not the earlier reading."""
    user, app = _ready(client, committed)
    page_read = Application.objects.get(pk=app.pk)
    prefetch_related_objects([page_read], "achievements", "outputs")
    assert len(page_read.outputs.all()) == 2
    keep = Output.objects.filter(owner=user).order_by("pk").first()
    with committed():
        domain.save(Who(actor=user), Application.objects.get(pk=app.pk), app.version,
                    outputs=[keep])
    with committed():
        domain.submit(Who(actor=user), page_read, None)
    app.refresh_from_db()
    assert [o["id"] for o in app.snapshot["chosen"]["outputs"]] == [keep.pk]


def test_a_fraud_record_stops_the_next_application_at_once(committed: Any) -> None:
    plan = next(p for p in load_shipped_plans() if p.key == "wx-xishan-2023-engineer")
    from .helpers import applicant_for

    user = applicant_for(plan)
    domain.check_integrity(user)  # read, and kept in the cache
    with committed():
        IntegrityRecord.objects.create(person=user, committee=factories.make_committee(),
                                       found="伪造证书", recorded_by=factories.make_user(),
                                       barred_from=date(2020, 1, 1),
                                       barred_until=date(2099, 1, 1))
    with pytest.raises(domain.Refused, match="诚信档案"):
        domain.check_integrity(user)
    assert integrity.profile_records(user.pk) == [{"from": "2020-01-01",
                                                   "until": "2099-01-01"}]
    with committed():
        IntegrityRecord.objects.filter(person=user).first().delete()
    domain.check_integrity(user)
