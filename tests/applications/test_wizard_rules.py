"""The wizard's failure paths and the round's server-side rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from zhicheng.applications.models import STATEMENT_MAX, Application, Status
from zhicheng.archive import models as m
from zhicheng.plans.models import Plan, PlanStatus

from .helpers import applicant_for, load_shipped_plans, photo_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan() -> Plan:
    load_shipped_plans()
    return Plan.objects.get(key="wx-xishan-2023-engineer")


def started(client: Client, plan: Plan) -> tuple[Any, Application]:
    user = applicant_for(plan)
    client.force_login(user)
    client.post(reverse("applications:start", args=[plan.pk]))
    return user, Application.objects.get(applicant=user)


def url(app: Application, step: str) -> str:
    return reverse("applications:step", args=[app.pk, step])


@pytest.mark.parametrize(("size", "words"), [
    ((200, 280), "200×280"),            # too small
    ((300, 300), "1.00"),               # too square
])
def test_wrong_photo_names_the_rule_and_the_measure(client: Client, plan: Plan,
                                                    size: tuple[int, int], words: str) -> None:
    _, app = started(client, plan)
    r = client.post(url(app, "photo"), {"version": app.version,
                                        "photo": SimpleUploadedFile("a.jpg", photo_bytes(*size))})
    assert r.status_code == 200
    assert words in r.content.decode()
    app.refresh_from_db()
    assert not app.photo


def test_png_named_jpg_is_refused(client: Client, plan: Plan) -> None:
    _, app = started(client, plan)
    r = client.post(url(app, "photo"), {"version": app.version,
                                        "photo": SimpleUploadedFile("a.jpg",
                                                                    factories.png_bytes())})
    assert "PNG" in r.content.decode()


def test_over_long_statement_keeps_the_text(client: Client, plan: Plan) -> None:
    _, app = started(client, plan)
    text = "甲" * (STATEMENT_MAX + 5)
    r = client.post(url(app, "statement"), {"version": app.version, "statement": text})
    body = r.content.decode()
    assert "超过1000字" in body and "请删减5字" in body
    assert text in body
    app.refresh_from_db()
    assert app.statement == ""


def test_statement_page_has_a_live_counter(client: Client, plan: Plan) -> None:
    _, app = started(client, plan)
    body = client.get(url(app, "statement")).content.decode()
    assert 'id="statement-count"' in body and "/ 1000" in body


def test_two_tabs_the_second_save_is_told(client: Client, plan: Plan) -> None:
    _, app = started(client, plan)
    opened = app.version
    client.post(url(app, "statement"), {"version": opened, "statement": "第一个标签页"})
    r = client.post(url(app, "statement"), {"version": opened, "statement": "第二个标签页"})
    body = r.content.decode()
    assert "其他页面或标签页" in body and "第二个标签页" in body
    app.refresh_from_db()
    assert app.statement == "第一个标签页"


def test_pledge_must_be_signed_with_the_real_name_and_number(client: Client,
                                                             plan: Plan) -> None:
    user, app = started(client, plan)
    r = client.post(url(app, "pledge"), {"version": app.version, "name": "别人",
                                         "id_number": user.id_number, "agree": "on"})
    assert "签名须与实名注册的姓名一致" in r.content.decode()
    client.post(url(app, "pledge"), {"version": app.version, "name": user.name,
                                     "id_number": user.id_number.lower(), "agree": "on"})
    app.refresh_from_db()
    assert app.pledged_at is not None and app.pledge_name == user.name


def test_technical_summary_title_and_tie_are_checked(client: Client, plan: Plan) -> None:
    user, app = started(client, plan)
    m.Output.objects.filter(owner=user, kind="technical_summary").update(
        title="系统总结", achievement=None)
    client.post(url(app, "selection"), {
        "version": app.version, "achievements": [],
        "outputs": [o.pk for o in m.Output.objects.filter(owner=user)]})
    body = client.get(url(app, "preview")).content.decode()
    assert "《关于……的技术总结报告》" in body
    assert "须对应一项所选的业绩" in body
    assert "至少选择一项经单位核实的业绩" in body


def test_unverified_achievement_cannot_be_chosen(client: Client, plan: Plan) -> None:
    user, app = started(client, plan)
    fresh = m.Achievement.objects.create(owner=user, name="未核实项目", sponsor="某单位",
                                         start=timezone.localdate(), role="main",
                                         description="x")
    r = client.post(url(app, "selection"), {"version": app.version,
                                            "achievements": [fresh.pk], "outputs": []})
    assert r.status_code == 200 and "未核实项目" not in r.content.decode()
    assert not app.achievements.exists()


def test_nothing_before_the_plan_opens_or_after_the_deadline(client: Client,
                                                             plan: Plan) -> None:
    user = applicant_for(plan)
    client.force_login(user)
    today = timezone.localdate()
    Plan.objects.filter(pk=plan.pk).update(apply_opens=today + timedelta(days=1))
    client.post(reverse("applications:start", args=[plan.pk]))
    assert not Application.objects.exists()
    Plan.objects.filter(pk=plan.pk).update(apply_opens=today - timedelta(days=9),
                                           apply_closes=today - timedelta(days=1))
    r = client.post(reverse("applications:start", args=[plan.pk]), follow=True)
    assert "截止" in r.content.decode()
    assert not Application.objects.exists()


def test_submission_after_the_deadline_is_refused(client: Client, plan: Plan) -> None:
    _, app = started(client, plan)
    Plan.objects.filter(pk=plan.pk).update(apply_closes=timezone.localdate() - timedelta(1))
    r = client.post(url(app, "preview"), {"version": app.version})
    assert "截止" in r.content.decode()
    app.refresh_from_db()
    assert app.status == Status.DRAFT


def test_one_application_per_level_and_year(client: Client, plan: Plan) -> None:
    user, _app = started(client, plan)
    r = client.post(reverse("applications:start", args=[plan.pk]), follow=True)
    assert "只能申报一次" in r.content.decode()
    assert Application.objects.filter(applicant=user).count() == 1


def test_colleagues_go_to_the_same_committee(client: Client, plan: Plan) -> None:
    user, _app = started(client, plan)
    other_committee = factories.make_committee("另一个评委会")
    twin = Plan.objects.create(key="wx-twin", title="另一评委会的同级评审", level=plan.level,
                               year=plan.year, committee=other_committee,
                               status=PlanStatus.OPEN, source=plan.source,
                               document_sha256=plan.document_sha256)
    colleague = factories.make_user(employer=user.employer)
    client.force_login(colleague)
    r = client.post(reverse("applications:start", args=[twin.pk]), follow=True)
    assert "须向同一评委会申报" in r.content.decode()
    assert not Application.objects.filter(applicant=colleague).exists()


def test_starting_a_plan_that_does_not_exist_is_not_found(client: Client, plan: Plan) -> None:
    user = applicant_for(plan)
    client.force_login(user)
    missing = Plan.objects.order_by("-pk").first().pk + 1
    assert client.post(reverse("applications:start", args=[missing])).status_code == 404
    assert not Application.objects.filter(applicant=user).exists()


def test_a_plan_closed_after_it_was_read_is_refused(client: Client, plan: Plan,
                                                    django_capture_on_commit_callbacks: Any
                                                    ) -> None:
    """The start reads the plan from the cache; closing the plan drops it there."""
    user = applicant_for(plan)
    client.force_login(user)
    client.get(reverse("applications:mine"))
    with django_capture_on_commit_callbacks(execute=True):
        plan.status = PlanStatus.CLOSED
        plan.save()
    r = client.post(reverse("applications:start", args=[plan.pk]), follow=True)
    assert "当前不在申报期" in r.content.decode()
    assert not Application.objects.filter(applicant=user).exists()


def test_withdraw_then_apply_again(client: Client, plan: Plan) -> None:
    user, app = started(client, plan)
    r = client.post(reverse("applications:withdraw", args=[app.pk]), {"reason": "材料未备齐"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN
    client.post(reverse("applications:start", args=[plan.pk]))
    assert Application.objects.filter(applicant=user).count() == 2


def test_others_applications_are_not_found(client: Client, plan: Plan) -> None:
    _, app = started(client, plan)
    client.force_login(factories.make_user())
    assert client.get(url(app, "eligibility")).status_code == 404
    assert client.get(reverse("applications:photo", args=[app.pk])).status_code == 404


def test_failing_criterion_links_to_the_archive_section(client: Client, plan: Plan) -> None:
    user, app = started(client, plan)
    m.WorkPeriod.objects.filter(owner=user).delete()
    client.post(url(app, "eligibility"), {"version": app.version, "specialty": "工程类"})
    body = client.get(url(app, "eligibility")).content.decode()
    assert reverse("archive:section", args=["work"]) in body


def test_every_kind_linked_to_a_section_is_a_real_rule_kind() -> None:
    from zhicheng.applications.requirements import SECTION_OF_KIND
    from zhicheng.archive.sections import BY_SLUG
    from zhicheng.eligibility.rules import KINDS

    assert set(SECTION_OF_KIND) <= set(KINDS)
    assert set(SECTION_OF_KIND.values()) <= set(BY_SLUG)


def test_the_chosen_items_are_read_once_per_page_and_not_on_a_saved_selection(
        client: Client, plan: Plan) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reads(response_of: Any) -> dict[str, int]:
        with CaptureQueriesContext(connection) as seen:
            response = response_of()
        tables = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in seen.captured_queries
                  if q["sql"].startswith("SELECT") and " FROM " in q["sql"]]
        return {"status": response.status_code,
                **{t: tables.count(f'"{t}"') for t in ("archive_output", "archive_achievement")}}

    user, app = started(client, plan)
    chosen = {"version": app.version, "achievements": [
        a.pk for a in m.Achievement.objects.filter(owner=user, verification="verified")],
        "outputs": [o.pk for o in m.Output.objects.filter(owner=user)]}
    # a saved selection reads each list to check the choices and to replace the old ones,
    # not a third time for the form's initial values, which nobody sees
    assert reads(lambda: client.post(url(app, "selection"), chosen)) == {
        "status": 302, "archive_output": 2, "archive_achievement": 2}
    # the preview page lists them and says what is missing from one reading
    assert reads(lambda: client.get(url(app, "preview"))) == {
        "status": 200, "archive_output": 1, "archive_achievement": 1}
    # the page shown again still ticks what was chosen
    page = client.get(url(app, "selection")).content.decode()
    assert page.count(" checked") == len(chosen["achievements"]) + len(chosen["outputs"]) > 0
