"""Writing, checking and restoring a backup archive (the format is in the package docstring)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import posixpath
import shutil
import sqlite3
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from zhicheng.core.encryption import digest

from . import tables

FORMAT = "zhicheng-backup/1"
MANIFEST = "manifest.json"
DB = "db.json"
MEDIA = "media/"
INDEX = "overlap-index/"
CHUNK = 1 << 20
KEY_CHECK_TEXT = "zhicheng backup key check"
KEY_CHECK_CONTEXT = "zhicheng.backup.key"
SIGNATURE_CONTEXT = "zhicheng.backup.manifest"
# SQLite files of the overlap index: copied under a read lock (a consistent copy even while
# the index is written to); their journals are not needed.
SQLITE_SUFFIX = ".sqlite3"
SQLITE_JOURNALS = ("-journal", "-wal", "-shm")


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, in Chinese."""


@dataclass
class Report:
    """What a backup wrote or a restore found: figures to print, and any problems."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str) -> None:
        self.lines.append(text)

    @property
    def ok(self) -> bool:
        return not self.problems


# -- shared pieces ---------------------------------------------------------------------------

def _sha256_file(fh: IO[bytes]) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    while chunk := fh.read(CHUNK):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def key_check() -> str:
    """A keyed hash that tells whether two processes hold the same ZHICHENG_FIELD_KEY (it
    reveals nothing about the key)."""
    return digest(KEY_CHECK_TEXT, KEY_CHECK_CONTEXT)


def _signature(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return digest(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                  SIGNATURE_CONTEXT)


def migration_state(using: str = "default") -> dict[str, list[str]]:
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied[app].append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def storage_errors() -> tuple[type[BaseException], ...]:
    """What the file storage raises when it cannot be reached or refuses: OSError on disk,
    botocore's errors on S3 (not OSError, so named here for the commands to catch)."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


def storage_files(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file name in the storage, recursively, sorted."""
    keys = _bucket_keys(storage, path)
    if keys is not None:
        yield from keys
        return
    try:
        dirs, files = storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for name in sorted(dirs):
        yield from storage_files(storage, posixpath.join(path, name) if path else name)


def _bucket_keys(storage: Storage, path: str) -> Iterator[str] | None:
    """On S3, the names under `path` from one flat listing (a request per 1,000 names), not a
    listing per directory (one per applicant); S3 lists keys in sorted order. None for any
    other storage."""
    s3 = "storages.backends.s3.S3Storage"  # by name: boto3 is imported only where it is used
    if not any(f"{c.__module__}.{c.__qualname__}" == s3 for c in storage.__class__.__mro__):
        return None
    base = "/".join(p for p in (storage.location.strip("/"), path.strip("/")) if p)
    prefix = f"{base}/" if base else ""
    pages = storage.connection.meta.client.get_paginator("list_objects").paginate(
        Bucket=storage.bucket_name, Prefix=prefix)

    def names() -> Iterator[str]:
        for page in pages:
            for entry in page.get("Contents", ()):
                name = entry["Key"][len(prefix):]
                if name and not name.endswith("/"):  # "folders" made by consoles are no files
                    yield posixpath.join(path, name) if path else name

    return names()


def index_dir() -> Path | None:
    """The overlap index directory when the file backend is used."""
    if getattr(settings, "OVERLAP_BACKEND", "files") != "files":
        return None
    return Path(settings.OVERLAP_INDEX)


def index_files(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not p.name.endswith(SQLITE_JOURNALS))


def _referenced_files(using: str) -> set[str]:
    """File names the database refers to (FileField values)."""
    from django.apps import apps
    from django.db import models

    names: set[str] = set()
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                qs = model._base_manager.using(using).exclude(**{f.name: ""})
                names.update(n for n in qs.values_list(f.attname, flat=True) if n)
    return names


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class _Hashing:
    """A file wrapper that hashes what is read through it."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.sha = hashlib.sha256()
        self.size = 0

    def _seen(self, data: bytes) -> bytes:
        self.sha.update(data)
        self.size += len(data)
        return data

    def read(self, n: int = -1) -> bytes:
        return self._seen(self.fh.read(n))

    def __iter__(self) -> Iterator[bytes]:
        while line := self._seen(self.fh.readline(CHUNK)):
            yield line


# -- backup ----------------------------------------------------------------------------------

@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """A transaction that sees one snapshot of the whole database: REPEATABLE READ on
    PostgreSQL (the default, READ COMMITTED, would let a table dumped later see rows added
    after an earlier one was read); on SQLite a transaction already does."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create(path: str | os.PathLike[str], using: str = "default",
           storage: Storage | None = None) -> Report:
    """Write the backup archive to `path` (via a temporary file, renamed when complete)."""
    storage = storage or default_storage
    started = time.monotonic()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    report = Report()
    members: dict[str, dict[str, Any]] = {}
    fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".tar.gz", dir=target.parent)
    os.close(fd)
    now = time.time()

    def info(name: str, size: int) -> tarfile.TarInfo:
        ti = tarfile.TarInfo(name)
        ti.size, ti.mtime, ti.mode = size, int(now), 0o644
        return ti

    def add(name: str, fh: IO[bytes], size: int) -> None:
        """Add `size` bytes of fh (a file still growing is cut where it stood), hashing
        what goes in."""
        reader = _Hashing(fh)
        tar.addfile(info(name, size), reader)  # type: ignore[arg-type]
        members[name] = {"sha256": reader.sha.hexdigest(), "size": reader.size}

    try:
        with tempfile.TemporaryDirectory(prefix=".zhicheng-backup-", dir=target.parent) as work, \
                tarfile.open(tmp_name, "w:gz", compresslevel=6) as tar:
            db_path = Path(work) / DB
            with db_path.open("wb") as out, _snapshot(using):
                sums = _dump_tables(out, using)
                migrations = migration_state(using)
                referenced = _referenced_files(using)
            with db_path.open("rb") as fh:
                add(DB, fh, db_path.stat().st_size)

            try:
                media = list(storage_files(storage))
                for name in media:
                    size = storage.size(name)
                    with storage.open(name, "rb") as fh:
                        add(MEDIA + name, fh, size)
            except storage_errors() as exc:
                raise BackupError(f"读取文件存储失败：{exc}") from None

            root = index_dir()
            indexed = index_files(root) if root else []
            for rel in sorted(indexed, key=lambda r: not r.endswith(SQLITE_SUFFIX)):
                source = root / rel  # type: ignore[operator]
                if rel.endswith(SQLITE_SUFFIX):  # a consistent copy, taken first
                    copy = Path(work) / "index.sqlite3"
                    _copy_sqlite(source, copy)
                    source = copy
                size = source.stat().st_size
                with source.open("rb") as fh:
                    add(INDEX + rel, fh, size)

            manifest: dict[str, Any] = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "versions": {"zhicheng": _version("zhicheng"), "django": _version("Django"),
                             "python": platform.python_version()},
                "database": connections[using].vendor,
                "migrations": migrations,
                "tables": sums,
                "members": members,
                "overlap_index": bool(indexed),
                "missing_files": sorted(referenced - set(media)),
                "key_check": key_check(),
                "key_note": "字段加密密钥 ZHICHENG_FIELD_KEY 不在备份中，须另行妥善保管；"
                            "恢复时须使用备份时的同一密钥。",
            }
            manifest["signature"] = _signature(manifest)
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            tar.addfile(info(MANIFEST, len(body)), io.BytesIO(body))
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    elapsed = time.monotonic() - started
    rows = sum(s["count"] for s in sums.values())
    size = target.stat().st_size
    report.figures = {"tables": len(sums), "rows": rows, "media": len(media),
                      "index_files": len(indexed), "bytes": size, "seconds": elapsed}
    report.say(f"已备份到 {target}：{len(sums)} 张表共 {rows} 行，文件 {len(media)} 个，"
               f"查重索引文件 {len(indexed)} 个；备份文件 {_human(size)}，用时 {elapsed:.1f} 秒。")
    for name in manifest["missing_files"]:
        report.say(f"注意：数据库引用的文件 {name} 在存储中不存在，未能备份。")
    report.say("字段加密密钥 ZHICHENG_FIELD_KEY 不在备份中，请另行妥善保管；"
               "没有它，备份中的证件号码和手机号码无法读取，也无法恢复。")
    return report


def _dump_tables(out: IO[bytes], using: str) -> dict[str, dict[str, Any]]:
    sums: dict[str, dict[str, Any]] = {}
    first = True
    out.write(b"[\n")
    natural = tables.Natural(using)
    for model in tables.dumped_models(using):
        total = tables.TableSum()
        for row in tables.rows(model, using, natural):
            line = tables.canonical(row)
            total.add(line)
            out.write((b"" if first else b",\n") + line.encode("utf-8"))
            first = False
        sums[model._meta.label_lower] = total.as_dict()
    out.write(b"\n]\n")
    return sums


def _copy_sqlite(source: Path, dest: Path) -> None:
    """A consistent copy of a SQLite file in use: the bytes as they are, read under a shared
    lock (no writer can commit meanwhile); in WAL mode, through SQLite's backup API."""
    db = sqlite3.connect(source, isolation_level=None, timeout=60)
    try:
        if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
            out = sqlite3.connect(dest)
            try:
                db.backup(out)
            finally:
                out.close()
            return
        db.execute("BEGIN")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the shared lock
        shutil.copyfile(source, dest)
        db.execute("COMMIT")
    finally:
        db.close()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


# -- checking an archive ---------------------------------------------------------------------

def _safe_member(name: str) -> bool:
    if name in (MANIFEST, DB):
        return True
    if not name.startswith((MEDIA, INDEX)) or "\\" in name or "\x00" in name:
        return False
    parts = name.split("/")
    return all(p not in ("", ".", "..") for p in parts) and len(parts) > 1


def _db_lines(fh: Iterable[bytes]) -> Iterator[str]:
    """The object lines of db.json (without the list brackets and separating commas)."""
    pending = b""
    for raw in fh:
        if not raw.endswith(b"\n"):  # a line longer than the read size: gather it
            pending += raw
            continue
        line = (pending + raw).decode("utf-8").rstrip("\n")
        pending = b""
        if line in ("[", "]", ""):
            continue
        yield line.removesuffix(",")
    if pending.strip() not in (b"", b"]"):
        raise BackupError(f"{DB} 的结尾不完整")


@dataclass
class Checked:
    manifest: dict[str, Any]
    members: dict[str, tarfile.TarInfo]


def verify_archive(path: str | os.PathLike[str]) -> Checked:
    """Check the archive before anything is loaded: every member listed in the manifest with
    the same SHA-256 and size, nothing else in it, the manifest's signature and key check,
    and each table's count and hash recomputed from db.json. Raises BackupError naming
    the first member that does not match."""
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"找不到备份文件 {source}")
    seen: dict[str, tuple[str, int]] = {}
    infos: dict[str, tarfile.TarInfo] = {}
    sums: dict[str, tables.TableSum] = defaultdict(tables.TableSum)
    manifest_bytes = b""
    try:
        with tarfile.open(source, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    raise BackupError(f"备份文件中的 {member.name} 不是普通文件，拒绝恢复")
                if not _safe_member(member.name) or member.name in infos:
                    raise BackupError(f"备份文件中有不应出现的成员 {member.name}，拒绝恢复")
                infos[member.name] = member
                fh = tar.extractfile(member)
                assert fh is not None
                if member.name == MANIFEST:
                    manifest_bytes = fh.read()
                    continue
                if member.name == DB:
                    reader = _Hashing(fh)
                    for line in _db_lines(reader):
                        label = json.loads(line).get("model", "")
                        sums[label].add(line)
                    seen[DB] = (reader.sha.hexdigest(), reader.size)
                else:
                    seen[member.name] = _sha256_file(fh)
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError,
            UnicodeDecodeError) as exc:
        raise BackupError(
            f"备份文件 {source} 无法读取（已损坏或不是 zhicheng 备份）：{exc}") from None
    if not manifest_bytes:
        raise BackupError(f"备份文件 {source} 中缺少 {MANIFEST}，不是 zhicheng 备份")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise BackupError(f"备份文件中的 {MANIFEST} 已损坏") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')!r} 不是本版本能恢复的 {FORMAT}")
    if manifest.get("key_check") != key_check():
        raise BackupError("当前的字段加密密钥 ZHICHENG_FIELD_KEY 与备份时使用的不同，"
                          "无法恢复证件号码和手机号码；请设置备份时的密钥后再恢复")
    if manifest.get("signature") != _signature(manifest):
        raise BackupError(f"备份文件中的 {MANIFEST} 已被改动（签名不符），拒绝恢复")
    listed: dict[str, dict[str, Any]] = manifest.get("members", {})
    for name, expected in sorted(listed.items()):
        if name not in seen:
            raise BackupError(f"备份文件中缺少 {name}，拒绝恢复")
        if seen[name] != (expected["sha256"], expected["size"]):
            raise BackupError(f"备份文件中的 {name} 已损坏或被改动"
                              "（SHA-256 与清单不符），拒绝恢复")
    extra = sorted(set(seen) - set(listed))
    if extra:
        raise BackupError(f"备份文件中有清单未列出的 {extra[0]}，拒绝恢复")
    expected_tables = manifest.get("tables", {})
    for label in sorted(set(sums) | set(expected_tables)):
        got = sums[label].as_dict() if label in sums else {"count": 0,
                                                           "sha256": hashlib.sha256().hexdigest()}
        if got != expected_tables.get(label):
            raise BackupError(f"备份文件 {DB} 中表 {label} 的行数或哈希与清单不符，拒绝恢复")
    return Checked(manifest, infos)


# -- restore ---------------------------------------------------------------------------------

def _check_migrations(manifest: dict[str, Any], using: str) -> None:
    ours = migration_state(using)
    theirs = manifest.get("migrations", {})
    if not ours:
        raise BackupError("当前数据库尚未建表：请先运行 zhicheng migrate，再恢复")
    differ = []
    for app in sorted(set(ours) | set(theirs)):
        if ours.get(app, []) != theirs.get(app, []):
            mine = (ours.get(app) or ["无"])[-1]
            backed = (theirs.get(app) or ["无"])[-1]
            differ.append(f"{app}（备份：{backed}，当前：{mine}）")
    if differ:
        raise BackupError("数据库迁移状态与备份时不同：" + "；".join(differ)
                          + "。请使用与备份时相同版本的 zhicheng 恢复，恢复后再升级。")


def _not_empty(storage: Storage, using: str) -> list[str]:
    found = []
    data = tables.holds_data(using)
    if data:
        found.append(f"数据库（{', '.join(data[:5])}{' 等' if len(data) > 5 else ''}）")
    if next(storage_files(storage), None) is not None:
        found.append("文件存储（MEDIA）")
    root = index_dir()
    if root and root.exists() and any(root.iterdir()):
        found.append(f"查重索引目录 {root}")
    return found


def _restore_media(tar: tarfile.TarFile, checked: Checked, storage: Storage) -> int:
    n = 0
    for name, member in checked.members.items():
        if not name.startswith(MEDIA):
            continue
        target = name[len(MEDIA):]
        fh = tar.extractfile(member)
        assert fh is not None
        try:
            if storage.exists(target):
                storage.delete(target)
            saved = storage.save(target, File(fh, name=posixpath.basename(target)))
        except storage_errors() as exc:
            raise BackupError(f"写入文件存储失败（{target}）：{exc}。数据库已载入，文件未全部"
                              "恢复；排除故障后请加 --force 重新恢复") from None
        if saved != target:
            raise BackupError(f"文件 {target} 恢复后名称变为 {saved}，请检查存储设置")
        n += 1
    return n


def _restore_index(tar: tarfile.TarFile, checked: Checked) -> int:
    """Make the overlap index directory what the backup holds (replacing the one there)."""
    names = [n for n in checked.members if n.startswith(INDEX)]
    root = index_dir()
    if root is None:
        return 0
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.restoring-", dir=root.parent))
    try:
        for name in names:
            dest = staging.joinpath(*name[len(INDEX):].split("/"))
            if staging.resolve() not in dest.resolve().parents:
                raise BackupError(f"备份文件中的 {name} 指向索引目录之外，拒绝恢复")
            dest.parent.mkdir(parents=True, exist_ok=True)
            fh = tar.extractfile(checked.members[name])
            assert fh is not None
            with dest.open("wb") as out:
                shutil.copyfileobj(fh, out, CHUNK)
        old = None
        if root.exists():
            old = root.with_name(f".{root.name}.replaced-{os.getpid()}-{int(time.time())}")
            root.rename(old)
        if names:
            staging.rename(root)
        else:  # the backup had no index: none now either (it is rebuilt as files come in)
            staging.rmdir()
        if old is not None and old.is_dir():
            shutil.rmtree(old)
        elif old is not None:
            old.unlink()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(names)


def _compare_files(checked: Checked, storage: Storage, report: Report) -> int:
    listed = checked.manifest["members"]
    n = 0
    root = index_dir()
    for name, expected in sorted(listed.items()):
        if name.startswith(MEDIA):
            target = name[len(MEDIA):]
            if not storage.exists(target):
                report.problems.append(f"文件 {target} 恢复后不存在")
                continue
            with storage.open(target, "rb") as fh:
                got = _sha256_file(fh)
        elif name.startswith(INDEX) and root is not None:
            path = root.joinpath(*name[len(INDEX):].split("/"))
            if not path.is_file():
                report.problems.append(f"查重索引文件 {path} 恢复后不存在")
                continue
            with path.open("rb") as fh:
                got = _sha256_file(fh)
        else:
            continue
        n += 1
        if got != (expected["sha256"], expected["size"]):
            report.problems.append(f"文件 {name} 恢复后的 SHA-256 与备份不符")
    return n


def restore(path: str | os.PathLike[str], *, force: bool = False, using: str = "default",
            storage: Storage | None = None,
            progress: Callable[[str], None] | None = None) -> Report:
    """Check the archive, load it into an empty database (or, with force, one emptied in the
    same transaction), restore the files, then compare counts and hashes and verify the
    audit chain. Raises BackupError before anything is changed when the archive, the key,
    the migrations or the target's emptiness is wrong; afterwards, mismatches are listed in
    the report's problems."""
    storage = storage or default_storage
    say = progress or (lambda _text: None)
    started = time.monotonic()
    report = Report()
    checked = verify_archive(path)
    manifest = checked.manifest
    say(f"备份文件校验通过：{len(manifest['members'])} 个成员的 SHA-256 与清单一致"
        f"（备份于 {manifest['created_at']}）。")
    _check_migrations(manifest, using)
    occupied = _not_empty(storage, using)
    if occupied and not force:
        raise BackupError("目标非空：" + "、".join(occupied)
                          + "中已有数据。恢复会覆盖现有数据；确需覆盖请加 --force。")
    try:
        with tarfile.open(path, "r:gz") as tar:
            fh = tar.extractfile(checked.members[DB])
            assert fh is not None
            try:
                with transaction.atomic(using=using):
                    tables.flush(using)
                    loaded = tables.load(_db_lines(fh), using)
            except tables.LoadError as exc:
                raise BackupError(f"{exc}；数据库未作任何改动") from None
            except DatabaseError as exc:
                raise BackupError(f"载入数据失败，已整体回滚，数据库未作任何改动：{exc}") from None
            say(f"数据库已载入：{sum(loaded.values())} 行。")
            media = _restore_media(tar, checked, storage)
            indexed = _restore_index(tar, checked)
            say(f"文件已恢复：{media} 个文件，查重索引文件 {indexed} 个。")
            if index_dir() is None and any(n.startswith(INDEX) for n in checked.members):
                say("注意：当前使用 PostgreSQL 查重索引，备份中的查重索引文件未恢复。")
            kept = set(storage_files(storage)) - {n[len(MEDIA):] for n in checked.members
                                                  if n.startswith(MEDIA)}
            if kept:
                say(f"注意：文件存储中另有 {len(kept)} 个备份中没有的文件，未删除。")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"读取备份文件失败：{exc}") from None

    # verify what is now in place against the manifest
    expected = manifest["tables"]
    now = tables.table_sums(using)
    for label in sorted(set(expected) | set(now)):
        want, got = expected.get(label), now.get(label)
        if want is None or got is None:
            report.problems.append(f"表 {label} 只在{'当前数据库' if want is None else '备份'}中")
            continue
        if got["count"] != want["count"]:
            report.problems.append(f"表 {label} 行数不符：备份 {want['count']}，"
                                   f"恢复后 {got['count']}")
        elif got["sha256"] != want["sha256"]:
            report.problems.append(f"表 {label} 的内容哈希与备份不符")
    files = _compare_files(checked, storage, report)
    from zhicheng.audit.domain import verify

    audit_rows, brk = verify()
    if brk is not None:
        report.problems.append(f"审计链在第 {brk.seq} 条记录处断裂：{brk.reason}")
    rows = sum(t["count"] for t in now.values())
    elapsed = time.monotonic() - started
    report.figures = {"tables": len(now), "rows": rows, "files": files,
                      "audit_rows": audit_rows, "seconds": elapsed}
    for label, got in sorted(now.items()):
        if got["count"]:
            mark = "一致" if expected.get(label) == got else "不一致"
            report.say(f"  {label:<36} {got['count']:>7} 行  {got['sha256'][:16]}  {mark}")
    tables_ok = not any(p.startswith("表 ") for p in report.problems)
    files_ok = not any("文件" in p for p in report.problems)
    report.say(f"恢复后校验：{len(now)} 张表共 {rows} 行，行数与内容哈希"
               f"{'全部一致' if tables_ok else '有不一致'}；文件 {files} 个，SHA-256 "
               f"{'全部一致' if files_ok else '有不一致'}；审计链"
               f"{'完整' if brk is None else '断裂'}（{audit_rows} 条）。用时 {elapsed:.1f} 秒。")
    return report
