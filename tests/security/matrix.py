"""Who may reach which URL: one row per URL pattern, one expected outcome per role.

HOW TO ADD A ROW (tests/security/test_matrix.py fails for a URL pattern without one):

1. Find the pattern's key: its namespaced name ("reviews:detail"), or for an unnamed
   pattern its full route ("admin/auth/group/<path:object_id>/"). The failing test prints it.
2. Add a `Row(key, expect=..., ...)` to the list of its app below (keep the list in the
   order of the app's urls.py):
   - `kwargs`: a function of the World (tests/security/actors.py) giving the URL's kwargs,
     naming objects that belong to the applicant / the applicant's unit / the committee. If
     the URL names a kind of object the World does not have yet, add it to build_world().
   - `methods`: GET for a page that only shows, POST for a view that only takes posts
     (@require_POST), both for a page with a form. POST bodies are empty unless `data`
     (a function of the world and the role) says otherwise: the test is about being let
     in, not about the action succeeding. A POST that validates its body before it checks
     the caller (the JSON API) needs a valid body.
   - `expect`: the outcome for every role, built with the helpers below; start from the
     decorator (`public`, `signed_in`, `acting(...)`) and say which roles find the object
     (OK) and which are told it does not exist (NOT_FOUND). `post_expect` overrides it for
     POST where the two differ.
   - `variants`: instead of `kwargs`, several objects with their own outcomes (each archive
     section; an application at the unit, at the committee, still a draft).
   - `api=True` for the JSON API: desks call with their organisation's token, bodies are
     JSON.
   - A new ModelAdmin: add an AdminModel to ADMIN_MODELS (its six URLs follow).
   - `skip="why"` only for a URL that cannot be requested here; say why.
3. Run `.venv/bin/pytest tests/security -q`.

Outcomes. OK: any answer that is not a refusal (200, a redirect that is not to a sign-in or
password page, 400, 405, 409, 410, 422, a form shown again with its errors). Refusals, each
where it belongs:
  LOGIN        anonymous on a page for signed-in people: redirect to the login page
  FORBIDDEN    signed in, but the page is not for the role acted as (403; switch role)
  NOT_FOUND    the right role, but the object belongs to another person or organisation
               (404: the answer does not confirm that the object exists)
  ADMIN_LOGIN  the Django admin sends everyone who is not staff to its own login page
  ADMIN_INDEX  ... except from its logout URL, where it sends them to its index (which
               sends them on to its login page; they are not signed out). Staff opening
               the admin's login page are sent to the index too: they are signed in already.
  UNAUTHORISED the JSON API without a valid token (401)
A row with `skip` set is not requested; the reason is shown in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.urls import reverse

from zhicheng.archive.sections import SECTIONS
from zhicheng.audit.models import AuditEntry

from .actors import (
    ADMIN,
    ANONYMOUS,
    APPLICANT,
    DEPARTMENT,
    EXPERT,
    EXPERT_CONFLICTED,
    EXPERT_UNASSIGNED,
    OFFICE,
    OTHER_APPLICANT,
    OTHER_DEPARTMENT,
    OTHER_OFFICE,
    OTHER_UNIT,
    ROLES,
    UNIT,
    World,
)

OK = "ok"
LOGIN = "login"
FORBIDDEN = "403"
NOT_FOUND = "404"
ADMIN_LOGIN = "admin_login"
ADMIN_INDEX = "admin_index"
UNAUTHORISED = "401"
CONFIRM = "confirm_password"  # only in the recent-password test
OUTCOMES = (OK, LOGIN, FORBIDDEN, NOT_FOUND, ADMIN_LOGIN, ADMIN_INDEX, UNAUTHORISED)

GET, POST = "GET", "POST"
READ, WRITE, BOTH = (GET,), (POST,), (GET, POST)

# Who acts in which role (the admin holds no grant: it acts as an applicant outside /admin/)
AS_APPLICANT = (APPLICANT, OTHER_APPLICANT, ADMIN)
UNITS = (UNIT, OTHER_UNIT)
DEPARTMENTS = (DEPARTMENT, OTHER_DEPARTMENT)
OFFICES = (OFFICE, OTHER_OFFICE)
EXPERTS = (EXPERT, EXPERT_CONFLICTED, EXPERT_UNASSIGNED)
DESKS = UNITS + DEPARTMENTS + OFFICES

Expect = Mapping[str, str]
Kwargs = Callable[[World], dict[str, Any]]


def everyone(outcome: str = OK, **over: str) -> dict[str, str]:
    return {role: over.get(role, outcome) for role in ROLES}


def signed_in(**over: str) -> dict[str, str]:
    """Any signed-in user; anonymous goes to the login page."""
    return everyone(OK, **{ANONYMOUS: LOGIN, **over})


def acting(ok: Iterable[str], not_found: Iterable[str] = (), **over: str) -> dict[str, str]:
    """@acting_as: the roles in `ok` get in, those in `not_found` get in but do not find the
    object, every other signed-in role is refused (403), anonymous goes to the login page."""
    out = everyone(FORBIDDEN, **{ANONYMOUS: LOGIN})
    out.update(dict.fromkeys(ok, OK))
    out.update(dict.fromkeys(not_found, NOT_FOUND))
    out.update(over)
    return out


# The groups: a page of the role's own (its lists), or a page about one object that only its
# owner finds.
def applicant_page() -> dict[str, str]:
    return acting(AS_APPLICANT)


def applicants_own() -> dict[str, str]:
    """The applicant's own object: another applicant (and the admin) do not find it."""
    return acting([APPLICANT], not_found=[OTHER_APPLICANT, ADMIN])


def office_page() -> dict[str, str]:
    return acting(OFFICES)


def office_own() -> dict[str, str]:
    """An object of the committee: the other committee's office does not find it."""
    return acting([OFFICE], not_found=[OTHER_OFFICE])


def expert_page() -> dict[str, str]:
    return acting(EXPERTS)


def admin_only(**over: str) -> dict[str, str]:
    """Django admin: everyone but staff is sent to the admin's login page."""
    return everyone(ADMIN_LOGIN, **{ADMIN: OK, **over})


@dataclass(frozen=True)
class Variant:
    """One set of kwargs for a row (e.g. one archive section), with its own outcomes."""

    label: str
    kwargs: Kwargs
    expect: Expect | None = None  # None: the row's


@dataclass(frozen=True)
class Row:
    key: str  # "namespace:name", or the route of an unnamed pattern
    expect: Expect = field(default_factory=dict)
    methods: tuple[str, ...] = BOTH
    kwargs: Kwargs | None = None
    post_expect: Mapping[str, str] = field(default_factory=dict)  # POST differs from GET
    # the POST body (default empty), from the world and the role
    data: Callable[[World, str], dict[str, Any]] | None = None
    variants: tuple[Variant, ...] = ()
    url: Callable[[World], str] | None = None  # for regex patterns, or to add a query
    api: bool = False  # JSON API: desks call with their token, bodies are JSON
    skip: str = ""
    note: str = ""

    def cases(self) -> list[tuple[str, Kwargs | None, Expect]]:
        if self.variants:
            return [(v.label, v.kwargs, v.expect or self.expect) for v in self.variants]
        return [("", self.kwargs, self.expect)]

    def expected(self, expect: Expect, role: str, method: str) -> str:
        if method == POST and role in self.post_expect:
            return self.post_expect[role]
        return expect[role]


def pk(attr: str, name: str = "pk") -> Kwargs:
    """kwargs {name: world.<attr>.pk} (attr may be dotted: "chain.employer")."""

    def get(w: World) -> dict[str, Any]:
        obj: Any = w
        for part in attr.split("."):
            obj = getattr(obj, part)
        return {name: obj.pk}

    return get


def app_pk(w: World) -> dict[str, Any]:
    return {"pk": w.app.pk}


# ---- core, accounts, orgs --------------------------------------------------------------

CORE = [
    Row("core:home", everyone(), READ),
    Row("core:dashboard", signed_in(), READ),
    Row("core:healthz", everyone(), READ),
    Row("core:readyz", everyone(), READ),
]

ACCOUNTS = [
    # public forms; a signed-in user is sent on to the dashboard or shown the form again
    Row("accounts:register", everyone()),
    Row("accounts:login", everyone()),
    Row("accounts:logout", everyone(), WRITE),
    Row("accounts:password_reset", everyone()),
    Row("accounts:profile", signed_in(), READ),
    Row("accounts:confirm_password", signed_in()),
    Row("accounts:password_change", signed_in()),  # and recent_auth
    Row("accounts:mobile_change", signed_in()),  # and recent_auth
]

ORGS = [
    # GET only redirects to the dashboard; POST switches to a grant: the body names the
    # unit's grant, which nobody but the unit's operator holds
    Row("orgs:switch_role", signed_in(), BOTH,
        data=lambda w, role: {"role": str(w.chain.unit.grant.pk)},
        post_expect={r: FORBIDDEN for r in ROLES if r not in (ANONYMOUS, UNIT)}),
    Row("orgs:employer_register", signed_in()),
    Row("orgs:employer_list", acting(DEPARTMENTS), READ),
    Row("orgs:employer_review", acting([DEPARTMENT], not_found=[OTHER_DEPARTMENT]),
        kwargs=pk("chain.employer")),
    # the letter: the unit's own operators and its acceptance point; an explicit check that
    # answers 403 to everyone else, whatever the role
    Row("orgs:employer_letter", signed_in(**dict.fromkeys(
        [r for r in ROLES if r not in (ANONYMOUS, UNIT, DEPARTMENT)], FORBIDDEN)), READ,
        kwargs=pk("chain.employer")),
    Row("orgs:department_list", office_page()),  # POST: recent_auth
    Row("orgs:expert_list", office_page()),  # POST: recent_auth
    Row("orgs:my_employer", signed_in()),
]

# ---- plans, archive, applications, notifications ---------------------------------------

PLANS = [
    Row("plans:precheck", applicant_page()),
    Row("plans:screen", office_page()),
    Row("plans:screen_template", office_page(), READ),
    Row("plans:screen_download", office_own(), READ, kwargs=pk("screening_run")),
]


def entry(slug: str) -> Kwargs:
    return lambda w: {"slug": slug, "pk": w.entries[slug].pk}


def each_section() -> tuple[Variant, ...]:
    return tuple(Variant(s.slug, entry(s.slug)) for s in SECTIONS)


def each_file() -> tuple[Variant, ...]:
    def kwargs(slug: str, name: str) -> Kwargs:
        return lambda w: {"slug": slug, "pk": w.entries[slug].pk, "field": name}

    return tuple(Variant(f"{s.slug}.{name}", kwargs(s.slug, name))
                 for s in SECTIONS for name in s.files)


VERIFIABLE = [s.slug for s in SECTIONS if s.verifiable]

ARCHIVE = [
    Row("archive:index", applicant_page(), READ),
    Row("archive:export", applicant_page(), READ),
    Row("archive:import", applicant_page()),
    Row("archive:verify_list", acting(UNITS), READ),
    Row("archive:ce_import", applicant_page()),
    Row("archive:ce_pdf", applicant_page(), READ),
    Row("archive:appraisal_pdf", applicant_page(), READ),
    Row("archive:project_pdf", applicants_own(), READ,
        kwargs=lambda w: {"pk": w.entries["achievements"].pk}),
    # the unit verifies its own staff's rows; another unit does not find them
    Row("archive:verify", acting([UNIT], not_found=[OTHER_UNIT]),
        variants=tuple(Variant(slug, entry(slug)) for slug in VERIFIABLE)),
    Row("archive:section", applicant_page(), READ,
        variants=tuple(Variant(s.slug, lambda w, s=s: {"slug": s.slug}) for s in SECTIONS)),
    Row("archive:add", applicant_page(), kwargs=lambda w: {"slug": "titles"}),
    Row("archive:edit", applicants_own(), variants=each_section()),
    Row("archive:delete", applicants_own(), variants=each_section()),
    # a file: its owner, and the unit the owner works for (archive.access)
    Row("archive:file", signed_in(**dict.fromkeys(
        [r for r in ROLES if r not in (ANONYMOUS, APPLICANT, UNIT)], NOT_FOUND)), READ,
        variants=each_file()),
]

STEPS = ("eligibility", "photo", "pledge", "statement", "selection", "preview")

APPLICATIONS = [
    Row("applications:mine", applicant_page(), READ),
    # anyone acting as an applicant may start (the applicant already has one: refused with
    # a message, which is not an authorisation refusal)
    Row("applications:start", applicant_page(), WRITE, kwargs=pk("plan", "plan_pk")),
    Row("applications:progress", applicants_own(), READ, kwargs=app_pk),
    Row("applications:photo", applicants_own(), READ, kwargs=app_pk),
    Row("applications:withdraw", applicants_own(), kwargs=app_pk),
    Row("applications:form_pdf", applicants_own(), READ, kwargs=app_pk),
    Row("applications:reexam", applicants_own(), WRITE, kwargs=app_pk),
    Row("applications:step", applicants_own(), variants=tuple(
        Variant(s, lambda w, s=s: {"pk": w.app.pk, "step": s}) for s in STEPS)),
]

NOTIFICATIONS = [
    Row("notifications:inbox", signed_in(), READ),
    Row("notifications:read", signed_in(**dict.fromkeys(
        [r for r in ROLES if r not in (ANONYMOUS, APPLICANT)], NOT_FOUND)), WRITE,
        kwargs=pk("message")),
    Row("notifications:read_all", signed_in(), WRITE),
]

# ---- the review desks -------------------------------------------------------------------

# The application has reached the committee: its unit, department and office all see it.
ON_THE_DESKS = acting([UNIT, DEPARTMENT, OFFICE],
                      not_found=[OTHER_UNIT, OTHER_DEPARTMENT, OTHER_OFFICE])
UNIT_OWN = acting([UNIT], not_found=[OTHER_UNIT])


def export(which: str) -> Kwargs:
    return lambda w: {"pk": getattr(w, f"{which}_export").pk}


EXPORT_VARIANTS = (
    # a unit's export: found by that unit only (not by the office either)
    Variant("unit", export("unit"), acting([UNIT], not_found=[OTHER_UNIT, *OFFICES])),
    Variant("office", export("office"), acting([OFFICE], not_found=[OTHER_OFFICE, *UNITS])),
)

REVIEWS = [
    Row("reviews:desk", acting(DESKS), READ),
    # bulk actions pick from the desk's own applications in the query: another desk's ids
    # are silently left out (a message, not a refusal)
    Row("reviews:bulk_preview", acting(DESKS), WRITE,
        data=lambda w, role: {"action": "unit_pass", "ids": [w.app.pk]}),
    Row("reviews:bulk_apply", acting(DESKS), WRITE,
        data=lambda w, role: {"action": "unit_pass", "ids": [w.app.pk]}),
    # how far an application has travelled decides which desks find it
    Row("reviews:detail", methods=READ, variants=(
        Variant("at_committee", app_pk, ON_THE_DESKS),
        Variant("at_unit", pk("unit_app"), UNIT_OWN | dict.fromkeys(
            [DEPARTMENT, OTHER_DEPARTMENT, OFFICE, OTHER_OFFICE], NOT_FOUND)),
        Variant("draft", pk("draft_app"), acting([], not_found=DESKS)),
    )),
    Row("reviews:material", methods=READ, variants=(
        Variant("at_committee", lambda w: {"pk": w.app.pk, "part": "form", "index": 0},
                ON_THE_DESKS),
        Variant("draft", lambda w: {"pk": w.draft_app.pk, "part": "form", "index": 0},
                acting([], not_found=DESKS)),
    )),
    Row("reviews:act", ON_THE_DESKS, WRITE, kwargs=app_pk),
    Row("reviews:objection_add", UNIT_OWN, WRITE, kwargs=app_pk),
    Row("reviews:objection_resolve", UNIT_OWN, WRITE,
        kwargs=lambda w: {"pk": w.app.pk, "objection_pk": w.objection.pk}),
    Row("reviews:fraud", office_own(), WRITE, kwargs=app_pk),  # and recent_auth
    Row("reviews:paper", office_own(), WRITE, kwargs=app_pk),
    Row("reviews:fee", office_own(), WRITE, kwargs=app_pk),
    Row("reviews:exports", acting(UNITS + OFFICES), READ),
    Row("reviews:export_new", acting(UNITS + OFFICES), WRITE),
    Row("reviews:export", methods=READ, variants=EXPORT_VARIANTS),
    Row("reviews:export_download", methods=READ, variants=EXPORT_VARIANTS),  # recent_auth
    Row("reviews:plans", office_page(), READ),
    Row("reviews:plan_edit", office_own(), kwargs=pk("plan")),
]

# ---- experts, overlap, certificates, meetings -------------------------------------------

EXPERT_OWN = acting([EXPERT], not_found=[EXPERT_CONFLICTED, EXPERT_UNASSIGNED])

EXPERTS_ROWS = [
    Row("experts:pool", office_page()),
    Row("experts:plan", office_own(), kwargs=pk("plan")),
    Row("experts:propose", office_own(), WRITE, kwargs=pk("plan")),
    Row("experts:sheet", office_own(), kwargs=pk("plan")),
    Row("experts:run", office_own(), READ, kwargs=pk("run")),
    Row("experts:run_revise", office_own(), WRITE, kwargs=pk("run")),
    Row("experts:run_apply", office_own(), WRITE, kwargs=pk("run")),  # and recent_auth
    Row("experts:interviews", office_own(), kwargs=pk("group")),
    Row("experts:office_conflict", office_own(), kwargs=pk("expert")),
    Row("experts:mine", expert_page(), READ),
    # only the assigned expert without a conflict finds the application
    Row("experts:review", EXPERT_OWN, kwargs=app_pk),
    Row("experts:material", EXPERT_OWN, READ,
        kwargs=lambda w: {"pk": w.app.pk, "part": "form", "index": 0}),
    Row("experts:declare", expert_page()),
]

OVERLAP = [
    Row("overlapcheck:index", office_page()),
    Row("overlapcheck:run", office_own(), WRITE, kwargs=pk("material")),
    Row("overlapcheck:reindex", office_page(), WRITE),
    Row("overlapcheck:report", office_own(), READ, kwargs=pk("report")),
]

CERTIFICATES = [
    Row("certificates:verify", everyone(), READ),
    Row("certificates:by_token", everyone(), READ,
        kwargs=lambda w: {"token": w.certificate.token}),
    Row("certificates:mine", applicant_page(), READ),
    Row("certificates:mine_pdf", applicants_own(), READ, kwargs=pk("certificate")),
    Row("certificates:office_list", office_page(), READ),
    Row("certificates:office_issue", office_own(), WRITE, kwargs=pk("cert_app", "app_pk")),
    Row("certificates:office_detail", office_own(), READ, kwargs=pk("certificate")),
    Row("certificates:office_revoke", office_own(), WRITE, kwargs=pk("certificate")),
    Row("certificates:office_reissue", office_own(), WRITE, kwargs=pk("certificate")),
    Row("certificates:office_pdf", office_own(), READ, kwargs=pk("certificate")),
]

# The meeting's members are the assigned expert and the conflicted one; the unassigned
# expert is not a member and does not find the meeting.
MEETING_MEMBER = acting([EXPERT, EXPERT_CONFLICTED], not_found=[EXPERT_UNASSIGNED])

MEETINGS = [
    Row("meetings:list", office_page()),
    Row("meetings:detail", office_own(), READ, kwargs=pk("meeting")),
    Row("meetings:attendance", office_own(), WRITE, kwargs=pk("meeting")),
    Row("meetings:open", office_own(), WRITE, kwargs=pk("meeting")),
    Row("meetings:close", office_own(), WRITE, kwargs=pk("meeting")),
    Row("meetings:results", office_own(), kwargs=pk("plan", "plan_pk")),
    Row("meetings:decide_reexam", office_own(), WRITE, kwargs=pk("reexam")),
    Row("meetings:mine", expert_page(), READ),
    Row("meetings:vote", MEETING_MEMBER, READ, kwargs=pk("meeting")),
    # a ballot on an application the expert must recuse from is not found
    Row("meetings:cast", EXPERT_OWN, WRITE,
        kwargs=lambda w: {"pk": w.meeting.pk, "app_pk": w.app.pk}),
]

# the office's statistics of its own committee (no object in the URL: a table by its name)
STATS = [
    Row("stats:index", office_page(), READ),
    Row("stats:download", office_page(), READ, kwargs=lambda w: {"table": "stage"}),
]

# 我的任务: anyone signed in has the list (of their own jobs in the role they act in); the
# office's job is found by the office alone, in that role
JOBS = [
    Row("jobs:list", signed_in(), READ),
    Row("jobs:detail", signed_in(**dict.fromkeys(
        [r for r in ROLES if r not in (ANONYMOUS, OFFICE)], NOT_FOUND)), READ,
        kwargs=pk("job")),
]

I18N = [
    # Django's language switch: public by design (it only sets the language cookie)
    Row("set_language", everyone()),
]

# ---- the Django admin ---------------------------------------------------------------------
# Every admin URL goes through AdminSite.admin_view (staff only, else the admin's login page),
# then the ModelAdmin's permissions. The platform admin is a superuser; read-only admins
# refuse it what they never allow (403).


def _group(w: World) -> Any:
    return Group.objects.order_by("pk").first()


def _task_result(w: World) -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.order_by("pk").first()


def _day_override(w: World) -> Any:
    from zhicheng.workcalendar.models import DayOverride

    return DayOverride.objects.order_by("pk").first()


def _covered_year(w: World) -> Any:
    from zhicheng.workcalendar.models import CoveredYear

    return CoveredYear.objects.order_by("pk").first()


@dataclass(frozen=True)
class AdminModel:
    label: str  # app_label_model_name, as in the admin's URL names
    path: str  # app_label/model_name
    obj: Callable[[World], Any]
    # what the admin refuses the superuser: view -> outcome ("change:POST": saving a change)
    refused: Mapping[str, str] = field(default_factory=dict)


READ_ONLY = {"add": FORBIDDEN, "delete": FORBIDDEN, "change:POST": FORBIDDEN}

ADMIN_MODELS = [
    AdminModel("auth_group", "auth/group", _group),
    AdminModel("django_tasks_database_dbtaskresult", "django_tasks_database/dbtaskresult",
               _task_result, READ_ONLY),
    AdminModel("audit_auditentry", "audit/auditentry",
               lambda w: AuditEntry.objects.order_by("pk").first(), READ_ONLY),
    AdminModel("accounts_user", "accounts/user", lambda w: w.chain.applicant),
    AdminModel("orgs_organisation", "orgs/organisation", lambda w: w.chain.employer),
    AdminModel("orgs_rolegrant", "orgs/rolegrant", lambda w: w.chain.unit.grant),
    AdminModel("plans_plan", "plans/plan", lambda w: w.plan),
    AdminModel("plans_screeningrun", "plans/screeningrun", lambda w: w.screening_run,
               {"add": FORBIDDEN, "change:POST": FORBIDDEN}),
    AdminModel("workcalendar_dayoverride", "workcalendar/dayoverride", _day_override),
    AdminModel("workcalendar_coveredyear", "workcalendar/coveredyear", _covered_year),
    AdminModel("notifications_message", "notifications/message", lambda w: w.message,
               READ_ONLY),
    AdminModel("notifications_deliveryattempt", "notifications/deliveryattempt",
               lambda w: w.delivery, READ_ONLY),
]


def _admin_rows(model: AdminModel) -> list[Row]:
    def obj_id(w: World) -> dict[str, Any]:
        return {"object_id": str(model.obj(w).pk)}

    def admin(view: str) -> dict[str, str]:
        return admin_only(**{ADMIN: model.refused.get(view, OK)})

    def note(view: str) -> str:
        return "read-only in the admin" if view in model.refused else ""

    change_post = {ADMIN: model.refused["change:POST"]} if "change:POST" in model.refused else {}

    return [
        Row(f"admin:{model.label}_changelist", admin("changelist")),
        Row(f"admin:{model.label}_add", admin("add"), note=note("add")),
        Row(f"admin:{model.label}_history", admin("history"), READ, kwargs=obj_id),
        Row(f"admin:{model.label}_delete", admin("delete"), kwargs=obj_id,
            note=note("delete")),
        Row(f"admin:{model.label}_change", admin("change"), kwargs=obj_id,
            post_expect=change_post),
        # the old change URL without "change/": redirects to it
        Row(f"admin/{model.path}/<path:object_id>/", admin("change"), READ, kwargs=obj_id),
    ]


ADMIN_APPS = ("auth", "django_tasks_database", "audit", "accounts", "orgs", "plans",
              "workcalendar", "notifications")

ADMIN_SITE = [
    Row("admin:index", admin_only()),
    # the admin's login form is public; a signed-in non-staff user is shown it again, staff
    # are sent on to the index
    Row("admin:login", everyone(**{ADMIN: ADMIN_INDEX}), post_expect={ADMIN: OK}),
    Row("admin:logout", everyone(ADMIN_INDEX, **{ADMIN: OK}), WRITE),
    Row("admin:password_change", admin_only()),
    Row("admin:password_change_done", admin_only(), READ),
    # the organisation picker of a role grant (organisations have search fields)
    Row("admin:autocomplete", admin_only(), READ, url=lambda w: (
        "/admin/autocomplete/?app_label=orgs&model_name=rolegrant&field_name=organisation"
        "&term=x")),
    Row("admin:jsi18n", admin_only(), READ),
    # no model has get_absolute_url: even staff find nothing there
    Row("admin:view_on_site", admin_only(**{ADMIN: NOT_FOUND}), READ, kwargs=lambda w: {
        "content_type_id": str(_content_type(w.plan)), "object_id": str(w.plan.pk)},
        note="no model of ours has a page of its own on the site"),
    Row("admin:app_list", admin_only(), READ, variants=tuple(
        Variant(label, lambda w, label=label: {"app_label": label}) for label in ADMIN_APPS)),
    # custom admin views
    Row("admin:auth_user_password_change", admin_only(), kwargs=lambda w: {
        "id": str(w.chain.applicant.pk)}),
    Row("admin:plans_plan_upload", admin_only()),
    # anything else under /admin/: staff get a 404, everyone else the login page
    Row("admin/(?P<url>.*)$", admin_only(**{ADMIN: NOT_FOUND}), READ,
        url=lambda w: "/admin/no-such-page/", note="nothing is there: staff get 404"),
]


def _content_type(obj: Any) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


ADMIN_ROWS = ADMIN_SITE + [row for model in ADMIN_MODELS for row in _admin_rows(model)]

# ---- the JSON API (/api/v1/) and its tokens page ------------------------------------------
# On the API the desks call with their organisation's token (no session), the people with
# their session (actors.World.client). Without credentials the API answers 401; a session
# on a token-only operation is no credential either (401).

PEOPLE = AS_APPLICANT + EXPERTS


def api(ok: Iterable[str] = (), not_found: Iterable[str] = (),
        forbidden: Iterable[str] = ()) -> dict[str, str]:
    out = everyone(UNAUTHORISED)
    out.update(dict.fromkeys(forbidden, FORBIDDEN))
    out.update(dict.fromkeys(ok, OK))
    out.update(dict.fromkeys(not_found, NOT_FOUND))
    return out


def token_only(ok: Iterable[str] = (), not_found: Iterable[str] = (),
               forbidden: Iterable[str] = ()) -> dict[str, str]:
    """A token operation: each desk as said, every person (a session) and anyone 401."""
    return api(ok, not_found, forbidden)


def session_only(ok: Iterable[str] = AS_APPLICANT, not_found: Iterable[str] = ()
                 ) -> dict[str, str]:
    """One's own data: a session acting as applicant; experts are refused (403); tokens and
    anyone get 401."""
    return api(ok, not_found, forbidden=[r for r in EXPERTS if r not in ok])


API_ON_THE_DESKS = token_only([UNIT, DEPARTMENT, OFFICE],
                              not_found=[OTHER_UNIT, OTHER_DEPARTMENT, OTHER_OFFICE])
# a department's token cannot hold the export scopes, a unit's not certificates:read
API_EXPORT_VARIANTS = (
    Variant("unit", export("unit"), token_only(
        [UNIT], not_found=[OTHER_UNIT, *OFFICES], forbidden=DEPARTMENTS)),
    Variant("office", export("office"), token_only(
        [OFFICE], not_found=[OTHER_OFFICE, *UNITS], forbidden=DEPARTMENTS)),
)


def _export_body(w: World, role: str) -> dict[str, Any]:
    return {"kind": "roster" if role in OFFICES else "posting"}


API = [
    Row("api-v1:openapi-json", everyone(), READ, api=True),
    Row("api-v1:api-root", everyone(NOT_FOUND), READ, api=True,
        note="django-ninja's home page: with the docs turned off there is nothing there"),
    Row("api-v1:plans", everyone(), READ, api=True),
    # a draft plan: only its committee's office (token with plans:read) finds it
    Row("api-v1:plan", methods=READ, api=True, variants=(
        Variant("open", lambda w: {"key": w.plan.key}, everyone()),
        Variant("draft", lambda w: {"key": w.draft_plan.key},
                everyone(NOT_FOUND, **{OFFICE: OK})),
    )),
    # a token with eligibility:check, or a session acting as applicant
    Row("api-v1:eligibility", api([*DESKS, *AS_APPLICANT], forbidden=EXPERTS), WRITE,
        kwargs=lambda w: {"key": w.plan.key}, api=True),
    Row("api-v1:applications", token_only(DESKS), READ, api=True),
    Row("api-v1:application", methods=READ, api=True, variants=(
        Variant("at_committee", app_pk, API_ON_THE_DESKS),
        Variant("at_unit", pk("unit_app"), token_only(
            [UNIT], not_found=[OTHER_UNIT, *DEPARTMENTS, *OFFICES])),
        Variant("draft", pk("draft_app"), token_only(not_found=DESKS)),
    )),
    Row("api-v1:application_profile", API_ON_THE_DESKS, READ, kwargs=app_pk, api=True),
    Row("api-v1:exports_new", token_only(UNITS + OFFICES, forbidden=DEPARTMENTS), WRITE,
        data=_export_body, api=True),
    Row("api-v1:exports", token_only(UNITS + OFFICES, forbidden=DEPARTMENTS), READ, api=True),
    Row("api-v1:export", methods=READ, api=True, variants=API_EXPORT_VARIANTS),
    Row("api-v1:export_download", methods=READ, api=True, variants=API_EXPORT_VARIANTS),
    Row("api-v1:certificate_verify", everyone(), READ, api=True, url=lambda w: (
        reverse("api-v1:certificate_verify") + f"?number={w.certificate.number}")),
    Row("api-v1:certificates", token_only(OFFICES, forbidden=UNITS + DEPARTMENTS), READ,
        api=True),
    Row("api-v1:my_archive", session_only(), READ, api=True),
    Row("api-v1:my_applications", session_only(), READ, api=True),
    Row("api-v1:my_application", session_only([APPLICANT], not_found=[OTHER_APPLICANT, ADMIN]),
        READ, kwargs=app_pk, api=True),
]

API_TOKENS = [
    # the page where a desk's staff manage their organisation's tokens (POST: recent_auth)
    Row("api_tokens:list", acting(DESKS)),
    Row("api_tokens:revoke", acting([UNIT], not_found=[d for d in DESKS if d != UNIT]), WRITE,
        kwargs=lambda w: {"pk": w.token_rows[UNIT].pk}),
]

ROWS: list[Row] = (CORE + ACCOUNTS + ORGS + PLANS + ARCHIVE + APPLICATIONS + NOTIFICATIONS
                   + REVIEWS + EXPERTS_ROWS + OVERLAP + CERTIFICATES + MEETINGS + I18N + ADMIN_ROWS
                   + API + API_TOKENS + STATS + JOBS)
BY_KEY: dict[str, Row] = {row.key: row for row in ROWS}
assert len(BY_KEY) == len(ROWS), "two rows for the same URL pattern"
