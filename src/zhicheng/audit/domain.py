"""Writing and verifying the audit trail. Every state change in the platform calls `record`."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from zhicheng.core.prepared import Prepared

from . import chain
from .models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Who:
    """The person acting, the organisation and role they act for, and where from."""

    actor: Any = None
    acting_for: Any = None
    role: str = ""
    ip: str | None = None

    @classmethod
    def from_request(cls, request: HttpRequest) -> Who:
        acting = getattr(request, "acting", None)
        user = request.user if request.user.is_authenticated else None
        return cls(
            actor=user,
            acting_for=getattr(acting, "organisation", None),
            role=getattr(acting, "role", "") or "",
            ip=client_ip(request),
        )


SYSTEM = Who()


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address
    the outermost trusted proxy saw (so a client cannot choose its own by sending
    X-Forwarded-For)."""
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                     if p.strip()]
        if len(forwarded) >= hops:
            try:
                return str(ipaddress.ip_address(forwarded[-hops]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def record(who: Who, obj: models.Model | tuple[str, str], action: str, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           reason: str = "") -> AuditEntry:
    """Append one row to the chain, inside the caller's transaction (or its own)."""
    if isinstance(obj, tuple):
        object_type, object_id = obj
    else:
        object_type, object_id = obj._meta.label_lower, str(obj.pk or "")
    # no savepoint of its own inside the caller's transaction (two round trips per change):
    # an error here fails the caller's change as a whole, which is what should happen
    with transaction.atomic(savepoint=False):
        connection = transaction.get_connection()
        try:
            head = _HEAD.get(1, using=connection.alias)
        except AuditHead.DoesNotExist:
            head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.last_seq + 1,
            created_at=timezone.now(),
            actor=who.actor,
            actor_label=_label(who.actor),
            acting_for=who.acting_for,
            acting_role=who.role,
            ip=who.ip,
            object_type=object_type,
            object_id=object_id,
            action=action,
            before=_json(before),
            after=_json(after),
            reason=reason,
            prev_hash=head.last_hash,
        )
        entry.hash = chain.row_hash(entry.prev_hash, entry.hashed_fields())
        _append(connection, entry)
    return entry


# The chain's head, locked, read by SQL compiled once (core/prepared.py): every audited
# change reads it, and compiling the query cost more than running it.
_HEAD: Prepared[AuditHead] = Prepared(
    lambda pk: AuditHead.objects.select_for_update().filter(pk=pk), int, one=True)
_ENTRY_FIELDS = tuple(f for f in AuditEntry._meta.concrete_fields if not f.primary_key)


def _append(connection: Any, entry: AuditEntry) -> None:
    """Insert the row and move the head to it: on PostgreSQL in one statement."""
    values = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in _ENTRY_FIELDS]
    insert, move = _statements(connection)
    returning = connection.features.can_return_columns_from_insert
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH moved AS ({move}) {insert}", [entry.seq, entry.hash, 1, *values])
        else:
            cursor.execute(move, [entry.seq, entry.hash, 1])
            cursor.execute(insert, values)
        entry.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    entry._state.adding = False
    entry._state.db = connection.alias


_SQL: dict[str, tuple[str, str]] = {}


def _statements(connection: Any) -> tuple[str, str]:
    """The row's INSERT (returning its id where the database can) and the head's UPDATE."""
    found = _SQL.get(connection.vendor)
    if found is None:
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in _ENTRY_FIELDS)
        marks = ", ".join(["%s"] * len(_ENTRY_FIELDS))
        # names from the models, every value a bound parameter
        table = qn(AuditEntry._meta.db_table)
        insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        if connection.features.can_return_columns_from_insert:
            insert += f" RETURNING {qn(AuditEntry._meta.pk.column)}"
        move = (f"UPDATE {qn(AuditHead._meta.db_table)} SET {qn('last_seq')} = %s, "  # noqa: S608
                f"{qn('last_hash')} = %s WHERE {qn(AuditHead._meta.pk.column)} = %s")
        found = _SQL[connection.vendor] = (insert, move)
    return found


def _json(data: dict[str, Any] | None) -> Any:
    """Masked, and reduced to JSON types (dates become ISO strings) as the column stores it."""
    if data is None:
        return None
    return json.loads(json.dumps(chain.mask_data(data), cls=DjangoJSONEncoder,
                                 ensure_ascii=False))


def _label(actor: Any) -> str:
    if actor is None:
        return "系统"
    return f"{getattr(actor, 'name', '') or actor} (#{actor.pk})"


def _links() -> Iterator[chain.Link]:
    for e in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        yield chain.Link(seq=e.seq, prev_hash=e.prev_hash, hash=e.hash, fields=e.hashed_fields())


def verify() -> tuple[int, chain.Break | None]:
    """Check the whole chain; return the number of rows and the first break, if any."""
    head = AuditHead.objects.filter(pk=1).first()
    brk = chain.verify(_links(), head.last_seq if head else 0, head.last_hash if head else None)
    return AuditEntry.objects.count(), brk
