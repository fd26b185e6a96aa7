"""The PostgreSQL backend, for a committee's server: the same interface as `FileIndex`,
kept in three tables of one schema. Fingerprints (40-bit) fit a signed bigint; postings are
written with COPY and looked up through an index on the hash.

Tables (schema `overlap` unless told otherwise):

* ``docs``: id, name, sha256, chars, live, text (zlib-compressed UTF-8);
* ``fingerprints``: hash bigint, doc_id integer, indexed on hash;
* ``meta``: the fingerprint parameters the index was built with.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import psycopg
from psycopg import sql

from .fingerprint import K, W
from .index import IndexUnusable, document_fingerprints, rank_candidates

FORMAT = "zhicheng-overlap/1"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class PgIndex:
    def __init__(self, dsn: str, schema: str = "overlap") -> None:
        if not _SCHEMA_NAME.fullmatch(schema):
            raise IndexUnusable(f"索引的 schema 名称不可用：{schema}")
        self.schema = schema
        try:
            self._db = psycopg.connect(dsn, autocommit=False)
        except psycopg.Error as exc:
            raise IndexUnusable(f"无法连接 PostgreSQL 索引：{exc}") from None
        self._create()

    def _q(self, text: str) -> sql.Composed:
        """A statement with the schema put in as an identifier, never as text."""
        return sql.SQL(text).format(s=sql.Identifier(self.schema))

    def _run(self, text: str, params: tuple | None = None) -> list[tuple]:
        with self._db.cursor() as cur:
            cur.execute(self._q(text), params)
            rows = cur.fetchall() if cur.description else []
        self._db.commit()
        return rows

    def _create(self) -> None:
        for statement in (
            "CREATE SCHEMA IF NOT EXISTS {s}",
            "CREATE TABLE IF NOT EXISTS {s}.meta (key text PRIMARY KEY, value text NOT NULL)",
            "CREATE TABLE IF NOT EXISTS {s}.docs (id serial PRIMARY KEY, name text NOT NULL,"
            " sha256 text NOT NULL, chars integer NOT NULL, live boolean NOT NULL DEFAULT true,"
            " text bytea NOT NULL)",
            "CREATE UNIQUE INDEX IF NOT EXISTS docs_live_name ON {s}.docs (name) WHERE live",
            "CREATE TABLE IF NOT EXISTS {s}.fingerprints (hash bigint NOT NULL,"
            " doc_id integer NOT NULL)",
            "CREATE INDEX IF NOT EXISTS fingerprints_hash ON {s}.fingerprints (hash)",
        ):
            self._run(statement)
        params = {"format": FORMAT, "k": str(K), "w": str(W)}
        for key, value in params.items():
            self._run("INSERT INTO {s}.meta VALUES (%s, %s) ON CONFLICT DO NOTHING",
                      (key, value))
        stored = dict(self._run("SELECT key, value FROM {s}.meta"))
        if any(stored.get(k) != v for k, v in params.items()):
            raise IndexUnusable(f"schema {self.schema} 中的索引参数与本程序不同：{stored}")

    def add(self, name: str, sha256: str, text: str) -> int:
        chars, hashes = document_fingerprints(text)
        data = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)
        with self._db.cursor() as cur:
            cur.execute(self._q("UPDATE {s}.docs SET live = false WHERE name = %s AND live"),
                        (name,))
            cur.execute(self._q("INSERT INTO {s}.docs (name, sha256, chars, text)"
                                " VALUES (%s, %s, %s, %s) RETURNING id"),
                        (name, sha256, chars, data))
            doc_id = cur.fetchone()[0]
            with cur.copy(self._q("COPY {s}.fingerprints (hash, doc_id) FROM STDIN")) as copy:
                for value in hashes.astype(np.int64).tolist():
                    copy.write_row((value, doc_id))
        self._db.commit()
        return int(doc_id)

    def contains(self, name: str, sha256: str) -> bool:
        return bool(self._run("SELECT 1 FROM {s}.docs WHERE name = %s AND sha256 = %s"
                              " AND live", (name, sha256)))

    def remove(self, name: str) -> bool:
        with self._db.cursor() as cur:
            cur.execute(self._q("UPDATE {s}.docs SET live = false WHERE name = %s AND live"),
                        (name,))
            gone = cur.rowcount > 0
        self._db.commit()
        return gone

    def names(self) -> list[str]:
        return [name for (name,) in self._run("SELECT name FROM {s}.docs WHERE live"
                                              " ORDER BY name")]

    def candidates(self, query_hashes: np.ndarray, limit: int) -> list[tuple[int, int]]:
        hashes = np.unique(np.asarray(query_hashes, dtype=np.uint64)).astype(np.int64)
        if not hashes.size:
            return []
        rows = self._run(
            "SELECT f.doc_id, q.ord - 1 FROM unnest(%s::bigint[]) WITH ORDINALITY AS q(hash, ord)"
            " JOIN {s}.fingerprints f ON f.hash = q.hash"
            " JOIN {s}.docs d ON d.id = f.doc_id AND d.live", (hashes.tolist(),))
        if not rows:
            return []
        pairs = np.asarray(rows, dtype=np.int64)
        ((documents,),) = self._run("SELECT count(*) FROM {s}.docs WHERE live")
        return rank_candidates(pairs[:, 0], pairs[:, 1], limit, documents)

    def document(self, doc_id: int) -> tuple[str, str]:
        rows = self._run("SELECT name, text FROM {s}.docs WHERE id = %s", (doc_id,))
        if not rows:
            raise KeyError(doc_id)
        name, data = rows[0]
        return name, zlib.decompress(data).decode("utf-8", "surrogatepass")

    def stats(self) -> dict[str, int]:
        ((documents, chars, removed),) = self._run(
            "SELECT count(*) FILTER (WHERE live), coalesce(sum(chars) FILTER (WHERE live), 0),"
            " count(*) FILTER (WHERE NOT live) FROM {s}.docs")
        ((keys,),) = self._run("SELECT count(*) FROM {s}.fingerprints")
        ((index_bytes, text_bytes),) = self._run(
            "SELECT pg_total_relation_size(%s), pg_total_relation_size(%s)",
            (f"{self.schema}.fingerprints", f"{self.schema}.docs"))
        return {"documents": documents, "chars": int(chars), "removed": removed,
                "fingerprints": keys, "index_bytes": index_bytes, "text_bytes": text_bytes}

    def drop(self) -> None:
        """Remove the whole index (tests, or an office starting over)."""
        self._run("DROP SCHEMA IF EXISTS {s} CASCADE")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> PgIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
