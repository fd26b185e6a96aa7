"""SESSION_ENGINE without a shared cache (see the package)."""

from django.contrib.sessions.backends import db

from . import FewerWrites


class SessionStore(FewerWrites, db.SessionStore):  # type: ignore[misc]
    pass
