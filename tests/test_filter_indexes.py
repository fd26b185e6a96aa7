"""Every filter, search and order the desks, lists and API apply has an index in the database
that starts with its columns: a dropped or renamed index fails here, not on deadline day.

The leading columns are the scope the list is always filtered by (the committee, unit, plan
or person), then the filter; a filter on a column after a range (reached ≥ …) is read from
the index entries the scope found.

Not served by any index, deliberately: the name searches (申报人 name on the desks and the
expert's list, the certificate holder's name) are `contains`, i.e. LIKE '%…%', which no
B-tree can seek; they run over the rows the scope's index found. A trigram index would serve
them on PostgreSQL only, and SQLite must keep working."""

from __future__ import annotations

import pytest
from django.db import connection, models

from zhicheng.api.models import ApiToken
from zhicheng.applications.models import Application
from zhicheng.certificates.models import Certificate
from zhicheng.experts.models import Assignment, Conflict, Expert, Interview
from zhicheng.jobs.models import Job
from zhicheng.meetings.models import Meeting, Reexamination
from zhicheng.notifications.models import Message
from zhicheng.orgs.models import Organisation, RoleGrant
from zhicheng.overlapcheck.models import Material, Report
from zhicheng.plans.models import Plan, ScreeningRun
from zhicheng.reviews.models import Export, Objection, StateChange

pytestmark = pytest.mark.django_db

# (model, leading fields, what the index serves)
SERVED: list[tuple[type[models.Model], tuple[str, ...], str]] = [
    # the review desks (web and /api/v1/applications)
    (Application, ("employer", "reached"), "unit desk; its status, plan and specialty filters"),
    (Organisation, ("parent",), "department desk: the units under the acceptance point"),
    (Application, ("employer",), "desk employer filter; department desk after the units"),
    (Application, ("committee", "reached"), "office desk; its counts by status"),
    (Application, ("committee", "status"), "office desk status filter; approved, to certify"),
    (Application, ("committee", "specialty"), "office desk specialty filter"),
    (Application, ("committee", "status_changed_at"), "office desk order, newest change"),
    (Application, ("plan", "status"), "desk plan filter; expert review, agenda, results"),
    (Application, ("applicant",), "an applicant's own applications (web and API)"),
    (StateChange, ("application",), "an application's history"),
    (Objection, ("posting",), "the objections to a posting"),
    (Export, ("organisation", "role", "created_at"), "export list, newest first (web, API)"),
    # certificates
    (Certificate, ("committee", "status"), "certificate list status filter"),
    (Certificate, ("committee", "issued_at"), "certificate list order (web, API)"),
    (Application, ("committee", "year"), "certificate list year filter (joined)"),
    (Certificate, ("number",), "certificate list number search; public check"),
    (Certificate, ("holder",), "the holder's certificates"),
    # experts and meetings
    (Expert, ("committee", "name"), "expert pool, by name"),
    (Assignment, ("expert",), "an expert's assignments and search"),
    (Conflict, ("expert",), "an expert's declared conflicts, removed from every list"),
    (Organisation, ("name",), "a conflict declared by a unit's name; a plan's committee"),
    (Interview, ("group",), "a discipline group's interviews"),
    (Meeting, ("plan",), "a committee's meetings (through its plans)"),
    (Reexamination, ("application",), "a plan's 复查 requests (joined)"),
    # overlap check
    (Material, ("application",), "the committee's materials (joined)"),
    (Material, ("created_at",), "materials, newest first"),
    (Report, ("material",), "a material's report; flagged resubmissions (partial index)"),
    (Material, ("name",), "a report's sources by name"),
    # plans, organisations, roles, tokens, messages
    (Plan, ("status", "year"), "open plans; /api/v1/plans status and year filters"),
    (Plan, ("committee",), "a committee's plans"),
    (ScreeningRun, ("committee",), "a committee's screening runs"),
    (RoleGrant, ("user",), "a user's roles, every request"),
    (RoleGrant, ("organisation", "role"), "a unit's operators, a committee's experts"),
    (ApiToken, ("organisation",), "an organisation's tokens"),
    (ApiToken, ("digest",), "a token by its secret, every API call"),
    (Message, ("recipient", "read_at"), "inbox and unread count"),
    # background jobs
    (Job, ("requested_by", "role", "organisation", "created_at"), "我的任务, newest first"),
    (Job, ("organisation",), "a committee's overlap index job still running"),
]


def _indexes(model: type[models.Model]) -> list[list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [c["columns"] for c in found.values()
            if (c["index"] or c["unique"] or c["primary_key"]) and c["columns"]]


@pytest.mark.parametrize(("model", "fields", "serves"), SERVED,
                         ids=[f"{m.__name__}.{'+'.join(f)}" for m, f, _ in SERVED])
def test_an_index_serves_the_filter(model: type[models.Model], fields: tuple[str, ...],
                                    serves: str) -> None:
    columns = [model._meta.get_field(f).column for f in fields]
    indexes = _indexes(model)
    assert any(index[:len(columns)] == columns for index in indexes), (
        f"{model.__name__}: no index starts with {columns} ({serves}); have {indexes}")


def test_the_flagged_filter_index_is_partial() -> None:
    (index,) = [i for i in Report._meta.indexes if i.name == "report_resubmission"]
    assert index.condition == models.Q(resubmission=True)
