"""SESSION_ENGINE with a cache every server shares (see the package)."""

from typing import Any

from django.contrib.sessions.backends import cached_db

from . import FewerWrites

_UNSET = object()


class SessionStore(FewerWrites, cached_db.SessionStore):  # type: ignore[misc]
    _preloaded: Any = _UNSET

    def preload(self, data: Any) -> None:
        """What the cache held under this session's key, read together with the page's
        other look-ups (core/middleware.py): load() takes it instead of asking again."""
        self._preloaded = data

    def load(self) -> dict[str, Any]:
        data, self._preloaded = self._preloaded, _UNSET
        if data is not _UNSET and data is not None:
            return data  # type: ignore[no-any-return]
        return super().load()  # type: ignore[no-any-return]
