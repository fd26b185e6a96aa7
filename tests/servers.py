"""Starting the project's own servers from a test: free ports, serve_prod's helpers, and a
database of the test's own that matches the pass (SQLite, or PostgreSQL when the suite runs
on PostgreSQL)."""

from __future__ import annotations

import importlib.util
import os
import socket
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_prod() -> ModuleType:
    """deploy/serve_prod.py (a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("serve_prod", ROOT / "deploy" / "serve_prod.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def own_database_url(tmp_path: Path, name: str) -> str:
    """SQLite in the SQLite pass; a PostgreSQL database of its own in the PostgreSQL pass."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        host = db["HOST"] or "127.0.0.1"
        return (f"postgres://{db['USER'] or 'postgres'}@{host}:{db['PORT'] or 5432}/"
                f"zhicheng_{name}_{os.getpid()}")
    return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
