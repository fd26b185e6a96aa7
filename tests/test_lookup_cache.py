"""The cached look-ups (core/cached.py): a user's roles, the plan lists and parsed rules, the
work calendar. Each is read once and then served from the cache, and any change to the rows
it comes from is seen on the next request: at once by the transaction that made it, and by
everyone once it commits. A revoked role in particular never outlives its request.

pytest-django runs each test in a transaction that is never committed; the tests that need
the committed state run the on-commit callbacks (django_capture_on_commit_callbacks)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.reviews.chain import Chain, build, client_for, make_plan
from zhicheng.audit.domain import SYSTEM
from zhicheng.core import cached
from zhicheng.orgs import acting
from zhicheng.orgs.domain import grant_role, revoke_role
from zhicheng.orgs.models import OrgStatus, Role, RoleGrant
from zhicheng.plans import loader
from zhicheng.plans.lookups import committee_plans, open_plans
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """`with committed():` — the changes inside count as committed when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def chain(committed: Any) -> Chain:
    with committed():
        return build()


def _queries(client: Client, url: str, table: str = "") -> tuple[int, Any]:
    """(queries of the request, touching `table` if given; the response)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return sum(1 for q in ctx.captured_queries if table in q["sql"]), response


# ---- roles --------------------------------------------------------------------------


def test_roles_are_read_once_then_served_from_the_cache(chain: Chain) -> None:
    client = client_for(chain.unit)
    first, r = _queries(client, "/reviews/")
    assert r.status_code == 200
    assert _queries(client, "/reviews/", "orgs_rolegrant")[0] == 0
    again, r = _queries(client, "/reviews/")
    # the roles' query, and the header's unread count (cached as well)
    assert r.status_code == 200 and again == first - 2
    with CaptureQueriesContext(connection) as ctx:
        options = acting.available(chain.unit.user)
    assert ctx.captured_queries == []
    assert [o.grant_id for o in options] == [None, chain.unit.grant.pk]


def test_a_revoked_role_is_refused_on_the_next_request(chain: Chain, committed: Any) -> None:
    client = client_for(chain.office)
    assert client.get("/reviews/").status_code == 200  # the roles are in the cache now
    assert client.get("/reviews/").status_code == 200
    with committed():
        revoke_role(chain.office.grant, SYSTEM, "调离岗位")
    assert client.get("/reviews/").status_code == 403
    assert client.get("/certificates/office/").status_code == 403
    assert client.get("/dashboard/").context["acting"] == acting.APPLICANT


def test_a_role_revoked_in_the_open_transaction_is_refused_too(chain: Chain) -> None:
    """The transaction that revokes sees it at once (the cache is not used until commit)."""
    client = client_for(chain.department_desk)
    assert client.get("/reviews/").status_code == 200
    grant = RoleGrant.objects.get(pk=chain.department_desk.grant.pk)
    grant.revoked_at = timezone.now()
    grant.save()  # as the admin does
    assert client.get("/reviews/").status_code == 403


def test_a_deleted_grant_and_a_new_one_are_seen_on_the_next_request(chain: Chain,
                                                                    committed: Any) -> None:
    client = client_for(chain.unit)
    assert client.get("/reviews/").status_code == 200
    with committed():
        RoleGrant.objects.filter(pk=chain.unit.grant.pk).delete()
    assert client.get("/reviews/").status_code == 403
    with committed():
        grant = grant_role(chain.unit.user, Role.UNIT_ADMIN, chain.other_employer, SYSTEM)
    options = client.get("/dashboard/").context["acting_options"]
    assert [o.grant_id for o in options] == [None, grant.pk]
    factories.act_as(client, grant)
    assert client.get("/reviews/").status_code == 200


def test_an_organisation_no_longer_approved_is_refused_on_the_next_request(
        chain: Chain, committed: Any) -> None:
    client = client_for(chain.unit)
    assert client.get("/reviews/").status_code == 200
    with committed():
        chain.employer.status = OrgStatus.PENDING
        chain.employer.save()
    assert client.get("/reviews/").status_code == 403
    assert "待审核" in client.get("/dashboard/").content.decode()
    with committed():
        chain.employer.status = OrgStatus.APPROVED
        chain.employer.name = "改名后的科技有限公司"
        chain.employer.save()
    assert "改名后的科技有限公司" in client.get("/reviews/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_grant_rolled_back_never_reaches_the_cache(django_assert_num_queries: Any) -> None:
    """Outside pytest-django's test transaction: the roles of a transaction that is rolled
    back are read from the database inside it and never stored."""
    user = factories.make_user()
    employer = factories.make_employer()
    assert [o.role for o in acting.available(user)] == [Role.APPLICANT]
    with transaction.atomic():
        grant = factories.grant(user, Role.UNIT_ADMIN, employer)
        assert [o.grant_id for o in acting.available(user)] == [None, grant.pk]
        assert [o.grant_id for o in acting.available(user)] == [None, grant.pk]
        transaction.set_rollback(True)
    assert [o.role for o in acting.available(user)] == [Role.APPLICANT]
    with django_assert_num_queries(0):  # and the cache serves the user again
        assert [o.role for o in acting.available(user)] == [Role.APPLICANT]
    with transaction.atomic():
        grant = factories.grant(user, Role.UNIT_ADMIN, employer)
    with django_assert_num_queries(1):
        assert [o.grant_id for o in acting.available(user)] == [None, grant.pk]
    with django_assert_num_queries(0):
        assert [o.grant_id for o in acting.available(user)] == [None, grant.pk]


# ---- the mechanism ------------------------------------------------------------------


def test_a_value_read_by_another_process_before_the_commit_is_not_served_after_it(
        django_capture_on_commit_callbacks: Any) -> None:
    assert cached.get("test", "k", lambda: "old") == "old"
    with django_capture_on_commit_callbacks() as callbacks:
        cached.invalidate(["test"])  # the change; not committed yet
        # meanwhile another process, which still reads the committed rows, stores them
        # under the generation it found
        cache.set(cached.value_key("test", "k"), (cache.get("zc-gen:test"), "old"))
        assert cached.get("test", "k", lambda: "new") == "new"  # this transaction: its rows
    for callback in callbacks:  # the commit
        callback()
    assert cached.get("test", "k", lambda: "new") == "new"
    assert cached.get("test", "k", lambda: "newer") == "new"  # and cached again


def test_a_lost_generation_only_drops_values() -> None:
    assert cached.get("test", "k", lambda: 1) == 1
    assert cached.get("test", "k", lambda: 2) == 1
    cache.delete("zc-gen:test")
    assert cached.get("test", "k", lambda: 3) == 3


# ---- plans --------------------------------------------------------------------------


def test_the_open_plans_are_read_once(chain: Chain, committed: Any,
                                      django_assert_num_queries: Any) -> None:
    with committed():
        plan = make_plan(chain.committee, title="公开的评审计划")
    client = Client()
    first, r = _queries(client, "/")
    assert first == 1 and "公开的评审计划" in r.content.decode()
    second, r = _queries(client, "/")
    assert second == 0 and "公开的评审计划" in r.content.decode()
    with django_assert_num_queries(0):
        assert plan.pk in [p.pk for p in open_plans()]

    with committed():
        plan.title = "改过名的评审计划"
        plan.save()
    assert "改过名的评审计划" in client.get("/").content.decode()
    with committed():
        plan.status = "closed"
        plan.save()
    assert "改过名的评审计划" not in client.get("/").content.decode()
    with committed():
        plan.status = "open"
        plan.save()
        chain.committee.name = "改名后的评审委员会"
        chain.committee.save()
    assert "改名后的评审委员会" in client.get("/").content.decode()
    assert chain.plan.pk in [p.pk for p in open_plans()]
    with committed():
        Plan.objects.filter(pk=plan.pk).delete()
    assert [p.pk for p in open_plans()] == [chain.plan.pk]


def test_the_offices_plan_settings_page_sees_its_own_change(chain: Chain, committed: Any,
                                                            django_assert_num_queries: Any
                                                            ) -> None:
    client = client_for(chain.office)
    assert client.get("/reviews/plans/").status_code == 200
    with django_assert_num_queries(0):
        assert [p.pk for p in committee_plans(chain.committee.pk)] == [chain.plan.pk]
    with committed():
        r = client.post(f"/reviews/plans/{chain.plan.pk}/", {
            "posting_workdays": 5, "fee": "480.00", "paper_copies": 2, "paper_workdays": 5,
            "acceptance_format": "{year}-{seq:04d}"})
    assert r.status_code == 302
    assert "480.00" in client.get("/reviews/plans/").content.decode()
    assert committee_plans(chain.committee.pk)[0].fee == Decimal("480.00")


def test_parsed_rules_are_kept_per_plan_and_version() -> None:
    first, second = loader.shipped_files()[:2]
    pf = loader.read(first)
    plan, _ = loader.load(pf)
    rules = plan.engine_plan()
    assert Plan.objects.get(pk=plan.pk).engine_plan() is rules  # parsed once
    # another plan, whose file has no recorded digest, gets its own rules
    other = make_plan(plan.committee, source=loader.read(second).text, document_sha256="")
    assert other.engine_plan() is not rules
    assert other.engine_plan().routes == loader.read(second).parsed.routes
    # a new version of the file is parsed again
    changed = pf.text.replace(plan.title, "改过的计划名称")
    plan.source = changed
    plan.save()
    assert Plan.objects.get(pk=plan.pk).engine_plan() is not rules


def test_the_work_calendar_sees_a_committed_change(committed: Any,
                                                   django_assert_num_queries: Any) -> None:
    from zhicheng.workcalendar import service

    service.current()
    with django_assert_num_queries(0):
        assert service.current().is_workday(date(2023, 9, 11))
    with committed():
        service.set_override(SYSTEM, date(2023, 9, 11), False, "台风停工")
    assert not service.current().is_workday(date(2023, 9, 11))
