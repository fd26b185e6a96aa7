"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's client builds a new `redis.Redis` for every cache call, and each one fills a
table of some two hundred response callbacks: about a tenth of a millisecond, several
times per request. A client takes a connection from its pool for each command and holds
no other state, so one client per pool serves every call of the process.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class Cache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClient

    def validate_key(self, key: str) -> None:
        """Nothing to check: Django's check warns about keys memcached would refuse (over
        250 characters, spaces, control characters), which Redis takes as they are. It
        walks every character of every key, several keys a request."""

    def get_master_client(self) -> Any:
        """The process's client of the first server: django-rq's connection when a queue
        names this cache (USE_REDIS_CACHE)."""
        return self._cache.get_client(write=True)
