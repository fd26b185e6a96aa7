"""Queries compiled to SQL once and run again with new values.

Django compiles a queryset to SQL every time it runs: for a read of one application by its
key that is 190 of the 330 µs of CPU the read costs (bench/request_cpu.py). The reads on
every wizard page, desk page and audited change are written as a `Prepared` query instead:
a function from the values that change (keys, ids) to a queryset, compiled on first use
per database with stand-in values, then run with the caller's values in their places.

What the SQL holds besides the arguments must not change between calls: the function is
compiled twice with different stand-ins, and anything else that differs (a `now()`, a
setting read in the function) is refused at once rather than frozen into the SQL. Only
what is cheap to get exactly right is supported: model rows (with select_related and
annotations, made as Django makes them) and values_list rows; anything else (prefetching,
extra(), values() dicts) is refused when compiled.

Arguments are meant for exact look-ups in `filter()`: an integer no database column can
hold then matches nothing, as Django's own look-up would. A value in `exclude()` should be
one the database gave (an id), never one from a request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import (
    MAX_GET_RESULTS,
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.transaction import TransactionManagementError

T = TypeVar("T")

# Stand-in values: inside even a small integer column's range (Django turns an
# out-of-range lookup into an empty result rather than SQL). A constant of the query that
# happens to equal one is caught by the second compilation, where it does not change.
_INT_BASE = (30_011, 29_017)
_INT64 = (-(2**63), 2**63 - 1)


class NotPreparable(ValueError):
    """The query cannot be prepared: it would not give what the queryset gives."""


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[int | None, ...]  # per parameter: the argument it takes, or None
    constants: tuple[Any, ...]  # per parameter: its value when it takes no argument
    wrappers: tuple[Any, ...]  # per parameter: the type the backend gave the argument
    for_update: bool
    columns: int  # columns the rows keep (Django may select more, for ordering)
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]
    shape: str  # "model", "tuple" or "flat"
    model: Any
    init_list: tuple[str, ...]
    model_columns: tuple[int, int]  # where the model's own columns are in a row
    annotations: tuple[tuple[str, int], ...]
    related: Any  # what select_related's populators are made of


def _key(value: Any) -> tuple[type, Any] | None:
    """A parameter as a stand-in is recognised: by its plain value (the backend may hand an
    integer over as psycopg's Int2 or Int4), or None for what cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (int, int(value))
    if isinstance(value, str):
        return (str, str(value))
    return None


def _stand_ins(kinds: Sequence[type], base: int) -> list[Any]:
    out: list[Any] = []
    for i, kind in enumerate(kinds):
        if kind is int:
            out.append(base + i)
        elif kind is str:
            out.append(f"\x1fprepared-{base}-{i}")
        else:
            raise NotPreparable(f"argument {i}: only int and str arguments are supported")
    return out


class Prepared(Generic[T]):
    """`build(*args)` as a query compiled once per database; `kinds` are the arguments'
    types (int or str). `one=True` compiles it as `QuerySet.get()` does (no ordering,
    at most 21 rows) for `get()`; `first=True` as `QuerySet.first()` does (by primary key
    unless ordered, one row) for `first()`."""

    def __init__(self, build: Callable[..., QuerySet[Any]], *kinds: type,
                 one: bool = False, first: bool = False) -> None:
        if one and first:
            raise ValueError("a prepared query is compiled as get() or as first(), not both")
        self.build = build
        self.kinds = kinds
        self.one = one
        self.first_only = first
        self._compiled: dict[str, _Compiled] = {}
        self._alias: str | None = None
        self._populators: dict[str, list[Any]] = {}

    def _queryset(self, args: Sequence[Any]) -> QuerySet[Any]:
        qs = self.build(*args)
        if self.first_only:
            return (qs if qs.ordered else qs.order_by("pk"))[:1]
        if self.one:
            if qs.query.can_filter() and not qs.query.distinct_fields:
                qs = qs.order_by()
            if (not qs.query.select_for_update
                    or connections[qs.db].features.supports_select_for_update_with_limit):
                qs.query.set_limits(high=MAX_GET_RESULTS)
        return qs

    def compiled(self, alias: str) -> _Compiled:
        found = self._compiled.get(alias)
        if found is None:
            found = self._compiled[alias] = self._compile(alias)
        return found

    def _compile(self, alias: str) -> _Compiled:
        first, second = (self._queryset(_stand_ins(self.kinds, base)) for base in _INT_BASE)
        compiler = first.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        sql2, params2 = second.query.get_compiler(using=alias).as_sql()
        if sql != sql2 or len(params) != len(params2):
            raise NotPreparable(f"the SQL of {self.build} changes with its arguments")
        markers = {_key(v): i for i, v in enumerate(_stand_ins(self.kinds, _INT_BASE[0]))}
        seconds = _stand_ins(self.kinds, _INT_BASE[1])
        slots: list[int | None] = []
        constants: list[Any] = []
        wrappers: list[Any] = []
        for value, other in zip(params, params2, strict=True):
            slot = markers.get(_key(value))
            # the backend's own type for the column (psycopg's Int2 for a smallint), kept
            wrappers.append(type(value) if slot is not None
                            and type(value) not in (int, str) else None)
            if slot is not None and other != seconds[slot]:
                raise NotPreparable(f"{self.build} holds a value equal to a stand-in for "
                                    f"argument {slot}: {value!r}")
            if slot is None and value != other:
                if any(str(m[1]) in str(value) for m in markers):
                    raise NotPreparable(f"an argument of {self.build} does not reach its SQL "
                                        f"as it is ({value!r}): only exact look-ups")
                raise NotPreparable(f"{self.build} puts a value in its SQL that is not an "
                                    f"argument and changes between calls: {value!r}")
            slots.append(slot)
            constants.append(None if slot is not None else value)
        missing = set(range(len(self.kinds))) - {s for s in slots if s is not None}
        if missing:
            raise NotPreparable(f"arguments {sorted(missing)} of {self.build} do not reach "
                                f"its SQL as they are: only exact look-ups")
        return _Compiled(sql=sql, slots=tuple(slots), constants=tuple(constants),
                         wrappers=tuple(wrappers),
                         for_update=bool(first.query.select_for_update),
                         **_reading(first, compiler))

    def _rows(self, args: Sequence[Any], using: str | None) -> tuple[_Compiled, str,
                                                                      Iterator[Any]]:
        if len(args) != len(self.kinds):
            raise TypeError(f"expected {len(self.kinds)} arguments, got {len(args)}")
        alias = using or self.alias()
        compiled = self.compiled(alias)
        connection = connections[alias]
        features = connection.features
        if (compiled.for_update and features.has_select_for_update
                and features.supports_transactions and connection.get_autocommit()):
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction.")
        if any(type(a) is int and not _INT64[0] <= a <= _INT64[1] for a in args):
            return compiled, alias, iter(())  # SQLite would raise, PostgreSQL find nothing
        params = [c if s is None else w(args[s]) if w else args[s]
                  for s, c, w in zip(compiled.slots, compiled.constants, compiled.wrappers,
                                     strict=True)]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return compiled, alias, _converted(rows, compiled, connection)

    def alias(self) -> str:
        """The database the queryset itself would use (its router's choice)."""
        if self._alias is None:
            self._alias = self._queryset(_stand_ins(self.kinds, _INT_BASE[0])).db
        return self._alias

    def all(self, *args: Any, using: str | None = None) -> list[T]:
        """The rows as the queryset would give them."""
        compiled, alias, rows = self._rows(args, using)
        if compiled.shape == "model":
            return self._objects(compiled, alias, rows)
        if compiled.shape == "flat":
            return [row[0] for row in rows]
        return [tuple(row) for row in rows]  # type: ignore[misc]

    def _objects(self, compiled: _Compiled, alias: str, rows: Iterator[Any]) -> list[T]:
        """Model instances, as Django's ModelIterable makes them."""
        populators = self._populators.get(alias)
        if populators is None and compiled.related is not None:
            populators = self._populators[alias] = get_related_populators(
                *compiled.related, alias)
        model, init_list = compiled.model, compiled.init_list
        start, end = compiled.model_columns
        out = []
        for row in rows:
            obj = model.from_db(alias, init_list, row[start:end])
            for populator in populators or ():
                populator.populate(row, obj)
            for name, pos in compiled.annotations:
                setattr(obj, name, row[pos])
            out.append(obj)
        return out

    def first(self, *args: Any, using: str | None = None) -> T | None:
        """The first row, or None (compiled with first=True)."""
        found = self.all(*args, using=using)
        return found[0] if found else None

    def get(self, *args: Any, using: str | None = None) -> T:
        """The one row, or the model's DoesNotExist / MultipleObjectsReturned."""
        found = self.all(*args, using=using)
        if len(found) == 1:
            return found[0]
        model = self.compiled(using or self.alias()).model
        if not found:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        raise model.MultipleObjectsReturned(
            f"get() returned more than one {model._meta.object_name}")


def _reading(qs: QuerySet[Any], compiler: Any) -> dict[str, Any]:
    """How rows become what the queryset gives: its shape, columns and converters."""
    query = qs.query
    if qs._prefetch_related_lookups or qs._known_related_objects or query.extra_select:
        raise NotPreparable("prefetch, known related objects and extra() are not supported")
    select = compiler.select
    columns = compiler.col_count
    expressions = [s[0] for s in select[:columns]]
    converters = tuple((pos, tuple(convs), expression) for pos, (convs, expression)
                       in compiler.get_converters(expressions).items())
    if compiler.has_composite_fields(expressions):
        raise NotPreparable("composite fields are not supported")
    shape, model_columns, annotations = "", (0, 0), ()
    init_list: tuple[str, ...] = ()
    if qs._iterable_class is ModelIterable:
        info = compiler.klass_info
        fields = info["select_fields"]
        model_columns = (fields[0], fields[-1] + 1)
        shape = "model"
        init_list = tuple(s[0].target.attname for s in select[slice(*model_columns)])
        annotations = tuple(compiler.annotation_col_map.items())
    elif qs._iterable_class in (ValuesListIterable, FlatValuesListIterable):
        names = [*query.values_select, *query.annotation_select]
        wanted = [*qs._fields, *(f for f in query.annotation_select if f not in qs._fields)]
        if qs._fields and wanted != names:
            raise NotPreparable("values_list() naming annotations out of order")
        shape = "flat" if qs._iterable_class is FlatValuesListIterable else "tuple"
    else:
        raise NotPreparable(f"{qs._iterable_class.__name__} rows are not supported")
    return {"columns": columns, "converters": converters, "shape": shape,
            "model": qs.model, "init_list": init_list, "model_columns": model_columns,
            "annotations": annotations,
            "related": (compiler.klass_info, select) if shape == "model" else None}


def _converted(rows: Sequence[Sequence[Any]], compiled: _Compiled,
               connection: Any) -> Iterator[Any]:
    columns = compiled.columns
    cut = (row[:columns] for row in rows) if rows and len(rows[0]) > columns else iter(rows)
    if not compiled.converters:
        return cut
    return (_apply(list(row), compiled.converters, connection) for row in cut)


def _apply(row: list[Any], converters: Sequence[tuple[int, tuple[Any, ...], Any]],
           connection: Any) -> list[Any]:
    for pos, convs, expression in converters:
        value = row[pos]
        for converter in convs:
            value = converter(value, expression, connection)
        row[pos] = value
    return row

