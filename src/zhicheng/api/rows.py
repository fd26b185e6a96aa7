"""Model rows as the API's dicts (the schemas in `schemas.py` describe them)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from zhicheng.applications.models import Application
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.paperwork import public_facts
from zhicheng.identity.idnumber import mask
from zhicheng.plans.models import Plan
from zhicheng.reviews.models import Export, ExportStatus, StateChange


def plan_row(plan: Plan) -> dict[str, Any]:
    return {"id": plan.pk, "key": plan.key, "title": plan.title, "level": plan.level,
            "level_label": str(plan.get_level_display()), "year": plan.year,
            "status": plan.status,
            "committee": {"id": plan.committee_id, "name": plan.committee.name},
            "notice": plan.notice, "region": plan.region,
            "specialties": [str(s) for s in plan.specialties or []],
            "apply_opens": plan.apply_opens, "apply_closes": plan.apply_closes,
            "unit_closes": plan.unit_closes, "department_closes": plan.department_closes,
            "fee": str(plan.fee) if plan.fee is not None else None,
            "posting_workdays": plan.posting_workdays, "paper_copies": plan.paper_copies}


def _plan_ref(app: Application) -> dict[str, Any]:
    return {"id": app.plan_id, "key": app.plan.key, "title": app.plan.title}


def my_application_row(app: Application) -> dict[str, Any]:
    return {"id": app.pk, "plan": _plan_ref(app), "level": app.level, "year": app.year,
            "specialty": app.specialty, "status": app.status,
            "status_label": str(app.get_status_display()),
            "acceptance_no": app.acceptance_no, "submitted_at": app.submitted_at}


def application_row(app: Application, full_id: bool) -> dict[str, Any]:
    """A desk's row: the ID number in full only for the application's committee office."""
    person = app.applicant
    number = person.id_number or ""
    return my_application_row(app) | {
        "employer": {"id": app.employer_id, "name": app.employer.name}
        if app.employer else None,
        "applicant": {"name": person.name, "id_number": number if full_id else mask(number)},
        "status_changed_at": app.status_changed_at}


def history(app: Application, *, with_staff: bool) -> list[dict[str, Any]]:
    changes = StateChange.objects.filter(application=app).select_related("by", "acting_for")
    return [{"at": c.at, "action": c.action, "action_label": c.get_action_label(),
             "source": c.source, "target": c.target,
             "acting_for": c.acting_for.name if c.acting_for else None,
             "by": (c.by.name if c.by else None) if with_staff else None,
             "reason": c.reason} for c in changes]


def export_row(request: HttpRequest, export: Export) -> dict[str, Any]:
    done = export.status == ExportStatus.DONE
    return {"id": export.pk, "kind": export.kind, "kind_label": str(export.get_kind_display()),
            "status": export.status, "filters": export.filters or {}, "rows": export.rows,
            "total": export.total, "error": export.error, "created_at": export.created_at,
            "finished_at": export.finished_at,
            "download": request.build_absolute_uri(
                reverse("api-v1:export_download", args=[export.pk])) if done else None}


def certificate_row(cert: Certificate) -> dict[str, Any]:
    facts = public_facts(cert)
    return facts | {"title": str(facts["title"])}
