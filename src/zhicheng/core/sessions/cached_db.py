"""SESSION_ENGINE with a cache every server shares (see the package)."""

from django.contrib.sessions.backends import cached_db

from . import FewerWrites


class SessionStore(FewerWrites, cached_db.SessionStore):  # type: ignore[misc]
    pass
