"""Queries compiled once (core/prepared.py): the same rows as the queryset, one statement a
call, and a refusal at once for whatever could not be reused safely."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.reviews.chain import make_plan
from zhicheng.audit.domain import SYSTEM, record
from zhicheng.audit.models import AuditEntry
from zhicheng.core.prepared import NotPreparable, Prepared
from zhicheng.orgs.models import Organisation
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db

ENTRY = Prepared(lambda object_type, object_id: AuditEntry.objects.filter(
    object_type=object_type, object_id=object_id), str, str)


def _entries() -> list[AuditEntry]:
    return [record(SYSTEM, ("x.thing", str(i % 2)), "thing.changed", before={"n": i},
                   after={"n": [i, {"深": "值"}]}, reason=f"第{i}次") for i in range(4)]


def _fields(obj: object) -> dict[str, object]:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_model_rows_are_the_querysets_rows_with_their_json_decoded() -> None:
    _entries()
    mine = ENTRY.all("x.thing", "1")
    theirs = list(AuditEntry.objects.filter(object_type="x.thing", object_id="1"))
    assert [_fields(o) for o in mine] == [_fields(o) for o in theirs]
    assert [o.after["n"][1] for o in mine] == [{"深": "值"}, {"深": "值"}]
    assert all(not o._state.adding and o._state.db == "default" for o in mine)
    assert ENTRY.all("x.thing", "7") == []


def test_one_statement_per_call_and_the_sql_django_writes() -> None:
    _entries()
    ENTRY.all("x.thing", "0")  # compiled
    with CaptureQueriesContext(connection) as ours:
        ENTRY.all("x.thing", "0")
    with CaptureQueriesContext(connection) as django:
        list(AuditEntry.objects.filter(object_type="x.thing", object_id="0"))
    assert len(ours) == 1
    assert ours[0]["sql"] == django[0]["sql"]


def test_get_is_querysets_get() -> None:
    employer = factories.make_employer()
    by_pk = Prepared(lambda pk: Organisation.objects.filter(pk=pk), int, one=True)
    assert _fields(by_pk.get(employer.pk)) == _fields(Organisation.objects.get(pk=employer.pk))
    with pytest.raises(Organisation.DoesNotExist):
        by_pk.get(employer.pk + 1000)
    # no column holds this integer: nothing matches, as with Django's own look-up
    with pytest.raises(Organisation.DoesNotExist):
        by_pk.get(2**70)
    _entries()
    two = Prepared(lambda t: AuditEntry.objects.filter(object_type=t), str, one=True)
    with pytest.raises(AuditEntry.MultipleObjectsReturned):
        two.get("x.thing")
    with pytest.raises(TypeError):
        by_pk.get()


def test_related_rows_and_annotations_come_as_django_makes_them() -> None:
    employer = factories.make_employer()
    factories.make_employer(department=employer.parent)
    with_parents = Prepared(lambda kind: Organisation.objects.filter(kind=kind)
                            .select_related("parent__parent").annotate(n=Count("children"))
                            .order_by("pk"), str)
    ours = with_parents.all("employer")
    theirs = list(Organisation.objects.filter(kind="employer").select_related("parent__parent")
                  .annotate(n=Count("children")).order_by("pk"))
    assert len(ours) == 2
    with CaptureQueriesContext(connection) as queries:
        for mine, django in zip(ours, theirs, strict=True):
            assert _fields(mine) == _fields(django) and mine.n == django.n == 0
            assert _fields(mine.parent) == _fields(django.parent)
            assert _fields(mine.parent.parent) == _fields(django.parent.parent)
    assert len(queries) == 0


def test_small_integer_columns_take_arguments() -> None:
    """PostgreSQL's smallint: a stand-in out of its range would compile to no SQL at all."""
    committee = factories.make_committee()
    plan = make_plan(committee, title="小整数年度")
    by_year = Prepared(lambda year, committee: Plan.objects.filter(
        year=year, committee_id=committee), int, int, first=True)
    assert by_year.first(plan.year, committee.pk) == plan
    assert by_year.first(plan.year + 1, committee.pk) is None


def test_deferred_columns_are_loaded_when_read() -> None:
    _entries()
    light = Prepared(lambda t: AuditEntry.objects.filter(object_type=t).only("seq", "action"),
                     str)
    rows = light.all("x.thing")
    assert rows[0].get_deferred_fields() >= {"before", "after", "reason"}
    assert rows[0].reason == "第0次"  # one more query, as Django's deferred field does


def test_values_list_rows_plain_and_flat() -> None:
    _entries()
    pairs = Prepared(lambda t: AuditEntry.objects.filter(object_type=t).order_by("seq")
                     .values_list("seq", "after"), str)
    assert pairs.all("x.thing") == list(AuditEntry.objects.filter(object_type="x.thing")
                                        .order_by("seq").values_list("seq", "after"))
    flat = Prepared(lambda t: AuditEntry.objects.filter(object_type=t).order_by("-seq")
                    .values_list("seq", flat=True), str)
    assert flat.all("x.thing") == [4, 3, 2, 1]
    counts = Prepared(lambda t: AuditEntry.objects.filter(object_type=t).order_by()
                      .values_list("object_id").annotate(n=Count("pk")).order_by("object_id"),
                      str)
    assert counts.all("x.thing") == [("0", 2), ("1", 2)]


@pytest.mark.django_db(transaction=True)
def test_locked_reads_need_a_transaction_where_the_database_locks() -> None:
    employer = factories.make_employer()
    locked = Prepared(lambda pk: Organisation.objects.select_for_update().filter(pk=pk), int,
                      one=True)
    with transaction.atomic():
        assert locked.get(employer.pk).pk == employer.pk
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in locked.compiled("default").sql
        with pytest.raises(TransactionManagementError):
            locked.get(employer.pk)


@pytest.mark.parametrize("build, kinds, says", [
    (lambda pk: Organisation.objects.filter(pk=pk, created_at__lte=timezone.now()), (int,),
     "not an argument"),
    (lambda name: Organisation.objects.filter(name__contains=name), (str,), "not reach"),
    (lambda pk: Organisation.objects.filter(pk=pk).values("name"), (int,), "not supported"),
    (lambda pk: Organisation.objects.filter(pk=pk).prefetch_related("children"), (int,),
     "prefetch"),
    (lambda day: Organisation.objects.filter(created_at__date=day), (object,), "only int"),
    # a constant that happens to equal an argument's stand-in is not mistaken for it
    (lambda pk: Organisation.objects.filter(pk=pk).exclude(pk=30_011), (int,), "stand-in"),
])
def test_what_cannot_be_reused_is_refused_when_compiled(build, kinds, says) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotPreparable, match=says):
        Prepared(build, *kinds).all(*[1 if k is int else "x" for k in kinds])
