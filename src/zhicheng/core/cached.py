"""Look-ups kept in the cache framework (local memory per process in tests and the demo,
Redis shared by every server in production) and dropped by all processes when a row they
were read from changes.

Each scope (one user's roles, the plans, the work calendar) has a generation: a random token
stored in the cache. A value is stored together with the generation it was read under and
is served only while that generation stands. `invalidate` gives the scope a new generation
at once and again when the transaction commits, so a value another process read from the
old rows in between is never served. Inside the transaction that changed a scope the cache
is not used for that scope at all: its rows are not committed and may yet be rolled back.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# Bounds staleness should a change ever bypass the signals (a queryset update, raw SQL).
TIMEOUT = 600
GENERATION_TIMEOUT = 24 * 3600  # a lost generation only makes the values stale: safe
_MISSING = object()
# What prefetch() read for the current request, per thread: cache key -> value or _MISSING
_prefetched = threading.local()


def _generation_key(scope: str) -> str:
    return f"zc-gen:{scope}"


def value_key(scope: str, key: str) -> str:
    """The cache key a value is stored under (for tests and tools that drop it by hand)."""
    return f"zc-val:{scope}:{key}"


def get(scope: str, key: str, load: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """The cached value of `key` in `scope`, else `load()` (stored for the next caller)."""
    if _pending(scope):
        return load()
    generation_key, stored_key = _generation_key(scope), value_key(scope, key)
    found = _take_prefetched(generation_key, stored_key)
    if found is None:
        found = cache.get_many([generation_key, stored_key])
    generation = found.get(generation_key)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(generation_key, generation, GENERATION_TIMEOUT):
            generation = cache.get(generation_key, generation)
    held = found.get(stored_key, _MISSING)
    if isinstance(held, tuple) and len(held) == 2 and held[0] == generation:
        return held[1]  # type: ignore[no-any-return]
    value = load()
    cache.set(stored_key, (generation, value), timeout)
    return value


def prefetch(pairs: Iterable[tuple[str, str]], raw: Iterable[str] = ()) -> dict[str, Any]:
    """Read the values of these (scope, key) pairs, and their generations, in one round
    trip; the first get() of each in this request (thread) uses what was read. The
    look-ups every page makes (the user's row, roles and unread count) cost one round trip
    instead of three. `raw` cache keys are read in the same trip and returned (those found)."""
    keys = [k for scope, key in pairs for k in (_generation_key(scope), value_key(scope, key))]
    extra = list(raw)
    found = cache.get_many(keys + extra)
    _prefetched.values = {k: found.get(k, _MISSING) for k in keys}
    return {k: found[k] for k in extra if k in found}


def forget_prefetched() -> None:
    """Drop what prefetch() read (at the end of each request)."""
    _prefetched.values = None


def _take_prefetched(generation_key: str, stored_key: str) -> dict[str, Any] | None:
    values = getattr(_prefetched, "values", None)
    if not values or generation_key not in values or stored_key not in values:
        return None
    # once only: a second get() in the same request asks the cache again
    pair = {k: values.pop(k) for k in (generation_key, stored_key)}
    return {k: v for k, v in pair.items() if v is not _MISSING}


def invalidate(scopes: Iterable[str]) -> None:
    """Drop every cached value of `scopes`, for all processes (call on any change)."""
    scopes = set(scopes)
    if not scopes:
        return
    values = getattr(_prefetched, "values", None)
    if values:  # what was read before the change is no longer to be served
        for scope in scopes:
            prefix = value_key(scope, "")
            for k in [k for k in values if k == _generation_key(scope) or k.startswith(prefix)]:
                del values[k]
    _renew(scopes)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        _mark(connection, scopes)
        transaction.on_commit(lambda: _committed(connection, scopes))


def _renew(scopes: set[str]) -> None:
    cache.set_many({_generation_key(s): uuid.uuid4().hex for s in scopes},
                   GENERATION_TIMEOUT)


def _committed(connection: Any, scopes: set[str]) -> None:
    _renew(scopes)
    pending = _pending_set(connection)
    if pending is not None:
        pending -= scopes


# Scopes changed in the current transaction, kept on the (per-thread) connection together
# with the transaction's outermost atomic block: once that block is gone, committed or
# rolled back, the record no longer applies.

def _pending_set(connection: Any) -> set[str] | None:
    record = getattr(connection, "_zhicheng_pending_scopes", None)
    if record is None:
        return None
    block, scopes = record
    if not connection.atomic_blocks or connection.atomic_blocks[0] is not block:
        connection._zhicheng_pending_scopes = None
        return None
    return scopes  # type: ignore[no-any-return]


def _mark(connection: Any, scopes: set[str]) -> None:
    pending = _pending_set(connection)
    if pending is None:
        pending = set()
        connection._zhicheng_pending_scopes = (connection.atomic_blocks[0], pending)
    pending |= scopes


def _pending(scope: str) -> bool:
    pending = _pending_set(transaction.get_connection())
    return pending is not None and scope in pending
