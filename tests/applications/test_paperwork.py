"""The PDFs an applicant downloads: Chinese text extractable and drawn, the ID masked or not."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.documents.pdfcheck import dark_share, page_texts, render
from zhicheng.applications import paperwork
from zhicheng.applications.models import Application
from zhicheng.archive import models as m
from zhicheng.identity.idnumber import mask
from zhicheng.plans.models import Plan

from .helpers import applicant_for, load_shipped_plans, photo_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def app(client: Client) -> Application:
    load_shipped_plans()
    plan = Plan.objects.get(key="sx-shangyu-2023-engineer")
    user = applicant_for(plan)
    client.force_login(user)
    client.post(reverse("applications:start", args=[plan.pk]))
    application = Application.objects.get(applicant=user)
    url = reverse("applications:step", args=[application.pk, "statement"])
    client.post(url, {"version": application.version,
                      "statement": "负责化工园区安全监测系统建设。"})
    photo = reverse("applications:step", args=[application.pk, "photo"])
    application.refresh_from_db()
    client.post(photo, {"version": application.version,
                        "photo": SimpleUploadedFile("a.jpg", photo_bytes())})
    application.refresh_from_db()
    return application


def test_application_form_pdf_carries_the_watermark_and_the_data(client: Client,
                                                                 app: Application) -> None:
    r = client.get(reverse("applications:form_pdf", args=[app.pk]))
    assert r["Content-Type"] == "application/pdf"
    texts = page_texts(r.content)
    whole = "".join(texts)
    assert app.applicant.name in whole and "负责化工园区安全监测系统建设" in whole
    assert app.applicant.id_number in whole
    for text in texts:
        assert app.plan.title in text.replace("\n", "")  # the watermark is on every page
    assert dark_share(render(r.content)) > 0.01


def test_an_unprivileged_copy_masks_the_id_number(app: Application) -> None:
    whole = "".join(page_texts(paperwork.application_form(app, show_id=False)))
    assert mask(app.applicant.id_number) in whole
    assert app.applicant.id_number not in whole


def test_project_certificate_hours_summary_and_appraisal_form(client: Client,
                                                              app: Application) -> None:
    achievement = m.Achievement.objects.get(owner=app.applicant)
    cert = client.get(reverse("archive:project_pdf", args=[achievement.pk])).content
    assert "智能制造执行系统" in "".join(page_texts(cert)) and dark_share(render(cert)) > 0.005
    hours = "".join(page_texts(client.get(reverse("archive:ce_pdf")).content))
    assert "公需科目" in hours and "专业科目" in hours
    form = "".join(page_texts(client.get(reverse("archive:appraisal_pdf")).content))
    assert "年度考核" in form and app.applicant.name in form


def test_others_cannot_download(client: Client, app: Application) -> None:
    from tests import factories

    achievement = m.Achievement.objects.get(owner=app.applicant)
    client.force_login(factories.make_user())
    assert client.get(reverse("applications:form_pdf", args=[app.pk])).status_code == 404
    assert client.get(reverse("archive:project_pdf", args=[achievement.pk])).status_code == 404
