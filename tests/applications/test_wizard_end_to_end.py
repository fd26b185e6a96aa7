"""From an empty archive to a submitted application, for each of the seven shipped plans."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhicheng.applications.models import Application, Status
from zhicheng.applications.requirements import specialty_choices
from zhicheng.audit.models import AuditEntry

from .helpers import fill_archive_through_the_web, load_shipped_plans, photo_bytes

pytestmark = pytest.mark.django_db
KEYS = ["jx-2021-it-assistant", "jx-2021-it-engineer", "sh-pudong-2022-engineer",
        "sx-shangyu-2023-engineer", "wx-xishan-2023-assistant", "wx-xishan-2023-engineer",
        "zj-2023-it-senior"]


def step(app: Application, name: str) -> str:
    return reverse("applications:step", args=[app.pk, name])


@pytest.mark.parametrize("key", KEYS)
def test_empty_archive_to_submitted_application(client: Client, key: str,
                                                django_capture_on_commit_callbacks: Any) -> None:
    plan = next(p for p in load_shipped_plans() if p.key == key)
    user = fill_archive_through_the_web(client, Client(), plan)
    r = client.post(reverse("applications:start", args=[plan.pk]))
    app = Application.objects.get(applicant=user)
    assert r["Location"] == step(app, "eligibility")

    specialty = specialty_choices(plan.engine_plan())[0][1]
    client.post(step(app, "eligibility"), {"specialty": specialty, "version": app.version})
    app.refresh_from_db()
    page = client.get(step(app, "eligibility")).content.decode()
    assert "检查结论" in page

    r = client.post(step(app, "photo"), {"version": app.version,
                                         "photo": SimpleUploadedFile("me.jpg", photo_bytes())})
    assert r.status_code == 302, r.content.decode()
    app.refresh_from_db()
    client.post(step(app, "pledge"), {"version": app.version, "name": user.name,
                                      "id_number": user.id_number, "agree": "on"})
    app.refresh_from_db()
    client.post(step(app, "statement"), {"version": app.version, "statement": "任现职以来" * 50})
    app.refresh_from_db()
    achievements = [a.pk for a in user_achievements(user)]
    outputs = [o.pk for o in user_outputs(user)]
    client.post(step(app, "selection"), {"version": app.version, "achievements": achievements,
                                         "outputs": outputs})
    app.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(step(app, "preview"), {"version": app.version})
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED, (r.content.decode()[-3000:],
                                            json.dumps(app.verdict, ensure_ascii=False))
    assert app.snapshot["person"]["id_number"] == user.masked_id  # not the number itself
    assert len(app.snapshot["chosen"]["outputs"]) == 2
    assert app.verdict["verdict"] in ("eligible", "needs_review")
    actions = set(AuditEntry.objects.filter(object_type="applications.application",
                                            object_id=str(app.pk))
                  .values_list("action", flat=True))
    assert {"application.start", "application.save", "application.submit"} <= actions
    # both outputs went to the overlap index on submission (these have no full text)
    from zhicheng.overlapcheck.models import Material

    assert sorted(Material.objects.filter(application=app).values_list(
        "problem", flat=True)) == ["未上传全文", "未上传全文"]

    # frozen: a later change of the archive or of a step changes nothing in it
    r = client.post(step(app, "statement"), {"version": app.version, "statement": "改"})
    app.refresh_from_db()
    assert app.statement.startswith("任现职以来") and "不能修改" in r.content.decode()


def user_achievements(user: object) -> list:
    from zhicheng.archive.models import Achievement
    return list(Achievement.objects.filter(owner=user))


def user_outputs(user: object) -> list:
    from zhicheng.archive.models import Output
    return list(Output.objects.filter(owner=user))
