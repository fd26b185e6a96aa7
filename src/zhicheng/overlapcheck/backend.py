"""The platform's overlap index: files under VAR_DIR by default, or PostgreSQL tables in the
platform's own database when OVERLAP_BACKEND = "postgres"."""

from __future__ import annotations

from django.conf import settings

from zhicheng.overlap import FileIndex, IndexBackend


def open_index() -> IndexBackend:
    if getattr(settings, "OVERLAP_BACKEND", "files") == "postgres":
        from zhicheng.overlap.pgindex import PgIndex

        db = settings.DATABASES["default"]
        dsn = (f"host={db.get('HOST') or '127.0.0.1'} port={db.get('PORT') or 5432} "
               f"dbname={db['NAME']} user={db.get('USER') or 'postgres'}"
               + (f" password={db['PASSWORD']}" if db.get("PASSWORD") else ""))
        return PgIndex(dsn, schema=getattr(settings, "OVERLAP_SCHEMA", "overlap"))
    return FileIndex(settings.OVERLAP_INDEX)
