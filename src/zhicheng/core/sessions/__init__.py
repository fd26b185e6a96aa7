"""Django's session stores with two writes fewer at every sign-in: `db` (the database
alone) and `cached_db` (the database keeps sessions, a shared cache serves them; production
with Redis). cached_db needs a cache every server shares: with a cache per process, a
session signed out in one process would still be served by another.

Django asks the database whether a newly drawn key is taken before it inserts the row, but
the insert is made with must_create, so a taken key fails it and a new key is drawn anyway.
And at sign-in, cycle_key() inserts the session under its new key at once, and the response
writes it again with the signed-in user in it. Here the new key is drawn when the response
saves the session: one insert with what the session holds by then. The old key is deleted
at once, as before, so a session fixed by an attacker is gone either way."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.utils.crypto import get_random_string


class FewerWrites:
    """Mixed in before one of Django's database stores."""

    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

    def cycle_key(self: Any) -> None:
        data = self._session
        key = self.session_key
        self._session_key = None  # save() creates the row under a new key
        self._session_cache = data
        self.modified = True
        if key:
            self.delete(key)
