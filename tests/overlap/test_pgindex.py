"""The PostgreSQL backend gives the same reports as the file backend."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from zhicheng.overlap import Checker, FileIndex
from zhicheng.overlap.pgindex import PgIndex

CORPUS = ("我国工程技术人员职称评审工作坚持以品德能力业绩为导向，建立科学的评价标准，"
          "突出评价专业技术人才的业绩水平和实际贡献，注重考察专业技术人才的专业性技术性实践性"
          "创造性，引导专业技术人才钻研业务，提高技术水平，推动科技成果转化和产业化。")


def _dsn() -> str:
    """The PostgreSQL server the suite runs against (its maintenance database: the suite's
    own database only exists under pytest-django's test name), else the local one."""
    url = os.environ.get("OVERLAP_TEST_PG") or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
    server = url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0]
    return f"{server}/postgres"


@pytest.fixture
def pg() -> Iterator[PgIndex]:
    try:
        psycopg.connect(_dsn(), connect_timeout=3).close()
    except psycopg.Error as exc:
        pytest.skip(f"没有可用的 PostgreSQL：{exc}")
    index = PgIndex(_dsn(), schema=f"overlap_test_{uuid.uuid4().hex[:10]}")
    yield index
    index.drop()
    index.close()


def _docs(seed: int = 7) -> dict[str, str]:
    rng = random.Random(seed)
    chars = [c for c in CORPUS if c not in "，。"]
    docs = {}
    for i in range(12):
        body = "".join(rng.choice(chars) for _ in range(400))
        docs[f"2022/doc{i}.txt"] = body
    docs["2022/copied.txt"] = "前言。" + CORPUS + "后记"
    return docs


def test_same_reports_as_the_file_backend(pg: PgIndex, tmp_path: Path) -> None:
    docs = _docs()
    with FileIndex(tmp_path / "idx") as files:
        for name, text in docs.items():
            files.add(name, "sha-" + name, text)
            pg.add(name, "sha-" + name, text)
        files.flush()
        query = "引言：" + CORPUS[10:80] + "，另有" + docs["2022/doc3.txt"][100:160]
        a = Checker(files).check("query.txt", query).as_dict()
        b = Checker(pg).check("query.txt", query).as_dict()
    assert a == b
    assert {s["source"] for s in b["sources"]} == {"2022/copied.txt", "2022/doc3.txt"}


def test_replace_remove_and_contains(pg: PgIndex) -> None:
    pg.add("a.txt", "v1", CORPUS)
    assert pg.contains("a.txt", "v1") and not pg.contains("a.txt", "v2")
    pg.add("a.txt", "v2", "完全不同的一段文字内容用于替换旧的版本" * 3)
    assert pg.contains("a.txt", "v2") and not pg.contains("a.txt", "v1")
    report = Checker(pg).check("q.txt", CORPUS).as_dict()
    assert report["sources"] == []  # the old version's fingerprints no longer count
    assert pg.names() == ["a.txt"] and pg.remove("a.txt") and pg.names() == []
    stats = pg.stats()
    assert stats["documents"] == 0 and stats["removed"] == 2


def test_an_index_with_other_parameters_is_refused(pg: PgIndex) -> None:
    from zhicheng.overlap import IndexUnusable

    with pg._db.cursor() as cur:
        cur.execute(f"UPDATE {pg.schema}.meta SET value = '7' WHERE key = 'k'")
    pg._db.commit()
    with pytest.raises(IndexUnusable, match="参数"):
        PgIndex(_dsn(), schema=pg.schema)
