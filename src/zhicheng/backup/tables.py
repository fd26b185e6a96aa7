"""The tables: which models are backed up, their canonical dump, and loading it back.

Each row is one line of canonical JSON (keys sorted, no spaces, UTF-8) in Django's dumpdata
shape. A table's hash is the SHA-256 of its lines, each followed by a newline, in primary-key
order: dumping the restored database gives the same bytes, so the same hash. Datetimes keep
their microseconds (Django's own JSON encoder drops them, which would break the audit
chain's hashes), many-to-many lists are sorted, and encrypted columns hold their stored
ciphertext.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers import base as serializers_base
from django.core.serializers import python as python_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, router
from django.db.models.functions import Cast
from django.utils.encoding import is_protected_type

from zhicheng.core.encryption import DecryptionError, EncryptedCharField, decrypt

# Created by `migrate` itself (and so referred to by natural key), or not worth keeping.
SKIPPED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
# `migrate` itself creates one row here (the committee offices' admin group): a freshly
# migrated database holding only that still counts as empty.
MADE_BY_MIGRATE = frozenset({"auth.group"})
RAW = "zc_backup_raw_"


class Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, cls=Encoder, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def dumped_models(using: str = "default") -> list[type[models.Model]]:
    out = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in SKIPPED:
            continue
        if router.allow_migrate_model(using, model):
            out.append(model)
    return out


def encrypted_fields(model: type[models.Model]) -> list[EncryptedCharField]:
    return [f for f in model._meta.local_fields if isinstance(f, EncryptedCharField)]


def _value(obj: models.Model, f: models.Field) -> Any:
    """What Django's serializer writes for a field (see Serializer._value_from_field)."""
    value = f.value_from_object(obj)
    return value if is_protected_type(value) else f.value_to_string(obj)


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | str) or value is None else str(value)


class Natural:
    """Natural keys of content types and permissions, looked up once."""

    def __init__(self, using: str) -> None:
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        self.types = {ct.pk: [ct.app_label, ct.model]
                      for ct in ContentType.objects.db_manager(using).all()}
        self.perms = {p.pk: list(p.natural_key()) for p in
                      Permission.objects.db_manager(using).select_related("content_type")}
        self.by_label = {"contenttypes.contenttype": self.types, "auth.permission": self.perms}

    def of(self, model: type[models.Model]) -> dict[Any, list[str]] | None:
        return self.by_label.get(model._meta.label_lower)


def _m2m(f: models.ManyToManyField, using: str, natural: Natural) -> dict[Any, list[Any]]:
    through = f.remote_field.through
    source = through._meta.get_field(f.m2m_field_name()).attname
    target = through._meta.get_field(f.m2m_reverse_field_name()).attname
    keys = natural.of(f.remote_field.model)
    out: dict[Any, list[Any]] = defaultdict(list)
    for owner, other in through._base_manager.using(using).values_list(source, target):
        out[owner].append(keys[other] if keys is not None else _plain(other))
    for values in out.values():
        values.sort()
    return out


def rows(model: type[models.Model], using: str = "default",
         natural: Natural | None = None) -> Iterator[dict[str, Any]]:
    """The model's rows as dumpdata objects, in primary-key order."""
    natural = natural or Natural(using)
    meta = model._meta
    fields = [f for f in meta.local_fields if f.serialize]
    secret = encrypted_fields(model)
    qs = model._base_manager.using(using).order_by("pk")
    if secret:
        qs = qs.defer(*[f.name for f in secret]).annotate(
            **{RAW + f.attname: Cast(f.attname, models.TextField()) for f in secret})
    many = {f.name: _m2m(f, using, natural) for f in meta.local_many_to_many
            if f.serialize and f.remote_field.through._meta.auto_created}
    for obj in qs.iterator(chunk_size=2000):
        data: dict[str, Any] = {}
        for f in fields:
            if f in secret:
                data[f.name] = getattr(obj, RAW + f.attname)
            elif f.remote_field is None:
                data[f.name] = _value(obj, f)
            else:
                keys = natural.of(f.remote_field.model)
                ref = getattr(obj, f.attname)
                data[f.name] = (keys[ref] if keys is not None and ref is not None
                                else _value(obj, f))
        for name, links in many.items():
            data[name] = links.get(obj.pk, [])
        yield {"model": meta.label_lower, "pk": _value(obj, meta.pk), "fields": data}


@dataclass
class TableSum:
    count: int = 0
    digest: Any = field(default_factory=hashlib.sha256)

    def add(self, line: str) -> None:
        self.count += 1
        self.digest.update(line.encode("utf-8") + b"\n")

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "sha256": self.digest.hexdigest()}


def table_sums(using: str = "default") -> dict[str, dict[str, Any]]:
    """Count and canonical hash of every backed-up table, as the database holds it now."""
    natural = Natural(using)
    out = {}
    for model in dumped_models(using):
        total = TableSum()
        for row in rows(model, using, natural):
            total.add(canonical(row))
        out[model._meta.label_lower] = total.as_dict()
    return out


def counts(using: str = "default") -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.using(using).count()
            for m in dumped_models(using)}


def holds_data(using: str = "default") -> list[str]:
    """The backed-up tables that hold rows (apart from what migrate itself creates)."""
    from zhicheng.core.groups import OFFICE_GROUP

    out = []
    for model in dumped_models(using):
        rows = model._base_manager.using(using)
        if model._meta.label_lower in MADE_BY_MIGRATE:
            rows = rows.exclude(name=OFFICE_GROUP)
        if rows.exists():
            out.append(model._meta.label_lower)
    return out


def flush(using: str = "default") -> None:
    """Empty every table but content types and permissions (which migrate made and the
    backup refers to by natural key), resetting the sequences. Runs in the caller's
    transaction, so a failed restore leaves the old rows in place."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    connection = connections[using]
    keep = {ContentType._meta.db_table, Permission._meta.db_table}
    tables = sorted(t for t in connection.introspection.django_table_names(
        only_existing=True, include_views=False) if t not in keep)
    if connection.vendor == "postgresql":
        # rows written earlier in the same transaction have deferred foreign-key checks
        # pending, and PostgreSQL will not TRUNCATE a table with pending checks: run them now
        connection.check_constraints()
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True,
                                          allow_cascade=False)
    connection.ops.execute_sql_flush(statements)
    ContentType.objects.clear_cache()


class LoadError(Exception):
    """A row of the backup cannot be loaded; the message says which, in Chinese."""


def load(lines: Iterable[str], using: str = "default") -> dict[str, int]:
    """Save the rows of `lines` (canonical JSON, one per line) into empty tables; return the
    number of rows per model. Encrypted values are decrypted to check the key and saved, then
    their stored ciphertext is written back unchanged. Call inside a transaction."""
    connection = connections[using]
    stored: dict[type[models.Model], list[tuple[Any, ...]]] = defaultdict(list)
    loaded: dict[str, int] = defaultdict(int)
    secret_of: dict[type[models.Model], list[EncryptedCharField]] = {}

    def objects() -> Iterator[dict[str, Any]]:
        for line in lines:
            row = json.loads(line)
            try:
                model = apps.get_model(row["model"])
            except (LookupError, ValueError):
                raise LoadError(f"备份中的模型 {row['model']} 在当前版本中不存在") from None
            if model not in secret_of:
                secret_of[model] = encrypted_fields(model)
            secret = secret_of[model]
            if secret:
                tokens = []
                for f in secret:
                    token = row["fields"].get(f.name)
                    if token is not None:
                        try:
                            row["fields"][f.name] = decrypt(token, f.context or "")
                        except DecryptionError:
                            raise LoadError(
                                f"{row['model']} #{row['pk']} 的 {f.name} 无法用当前的 "
                                "ZHICHENG_FIELD_KEY 解密：密钥与备份时不同，或备份已被改动"
                            ) from None
                    tokens.append(token)
                stored[model].append((*tokens, row["pk"]))
            loaded[row["model"]] += 1
            yield row

    deferred = []
    try:
        for obj in python_serializer.Deserializer(objects(), using=using,
                                                  handle_forward_references=True):
            obj.save(using=using, force_insert=True)
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields(using=using)
    except serializers_base.DeserializationError as exc:
        raise LoadError(f"备份中的数据无法载入：{exc}") from None
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, values in stored.items():
            meta = model._meta
            sets = ", ".join(f"{quote(f.column)} = %s" for f in secret_of[model])
            # names from the model's own metadata, quoted; the values are parameters
            sql = (f"UPDATE {quote(meta.db_table)} SET {sets} "  # noqa: S608
                   f"WHERE {quote(meta.pk.column)} = %s")
            cursor.executemany(sql, [(*v[:-1], meta.pk.get_db_prep_value(
                meta.pk.to_python(v[-1]), connection)) for v in values])
        models_loaded = [apps.get_model(label) for label in loaded]
        for statement in connection.ops.sequence_reset_sql(no_style(), models_loaded):
            cursor.execute(statement)
    tables = [m._meta.db_table for m in models_loaded]
    connection.check_constraints(table_names=tables)
    return dict(loaded)
