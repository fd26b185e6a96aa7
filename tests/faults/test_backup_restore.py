"""`zhicheng backup` and `zhicheng restore` round-trip a populated database and its files,
checked by comparing counts per model, the rows' encrypted values, the audit chain and file
hashes, computed here independently of the backup code; a tampered archive, another field
key or a non-empty database are refused before anything changes."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from tests.applications.helpers import photo_bytes
from tests.factories import PDF_BYTES, make_user
from zhicheng.accounts.models import User
from zhicheng.applications.models import Application
from zhicheng.audit.domain import verify
from zhicheng.audit.models import AuditEntry
from zhicheng.core.encryption import generate_key

from .conftest import Target, run, zhicheng

SKIPPED = {"sessions.session"}  # not backed up: a restore signs everyone out


@pytest.fixture
def files(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files on disk (the suite keeps them in memory)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path / "media"


def populate() -> None:
    """The demo round (applications at every desk, a certificate, votes, messages, audit
    rows), plus the files a round leaves: a photo, an archive document, an office's export,
    and a document in the overlap index."""
    from zhicheng.archive.models import Education
    from zhicheng.orgs.models import Role, RoleGrant
    from zhicheng.overlap import FileIndex
    from zhicheng.reviews import exports
    from zhicheng.reviews.models import Export

    call_command("load_plans", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    app = Application.objects.exclude(status="draft").order_by("pk").first()
    photo = default_storage.save(f"photos/{app.pk}.jpg", ContentFile(photo_bytes()))
    Application.objects.filter(pk=app.pk).update(photo=photo)
    zhang = User.objects.by_mobile("13800000001").get()
    diploma = default_storage.save("archive/diploma.pdf", ContentFile(PDF_BYTES))
    Education.objects.create(owner=zhang, level="master", field="science_engineering",
                             major="计算机技术", school="某大学", mode="full_time",
                             awarded="2012-06-30", certificate=diploma)
    grant = RoleGrant.objects.filter(role=Role.COMMITTEE_OFFICE).first()
    export = Export.objects.create(kind="roster", organisation=grant.organisation,
                                   role=grant.role, requested_by=grant.user)
    assert exports.build(export.pk) == "done"
    with FileIndex(settings.OVERLAP_INDEX) as index:
        index.add("fault-test", "0" * 64, "工程技术人员职称评审的演示全文。" * 40)


def model_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models()
            if not m._meta.proxy and m._meta.label_lower not in SKIPPED}


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(("-journal", "-wal", "-shm"))}


def people() -> dict[int, tuple[str, str | None]]:
    return {u.pk: (u.mobile, u.id_number) for u in User.objects.order_by("pk")}


def chain() -> list[tuple[int, str]]:
    return list(AuditEntry.objects.order_by("seq").values_list("seq", "hash"))


def state(media: Path) -> dict[str, Any]:
    return {"counts": model_counts(), "media": file_hashes(media),
            "index": file_hashes(Path(settings.OVERLAP_INDEX)), "people": people(),
            "chain": chain()}


def rewrite(src: Path, dst: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the archive with one member's bytes changed (and its size adjusted)."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for member in tin:
            data = tin.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == name:
                data = change(data)
                member.size = len(data)
            tout.addfile(member, io.BytesIO(data))
    return dst


def flip_last(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.django_db(transaction=True)
def test_demo_database_and_files_round_trip(files: Path, tmp_path: Path) -> None:
    # the second database: a new SQLite file, migrated (in the background meanwhile)
    second = tmp_path / "second"
    second.mkdir()
    other = Target(f"sqlite:///{second / 'db.sqlite3'}", None, second)
    migrating = subprocess.Popen(zhicheng("migrate", "--noinput", "-v0"), env=other.env(),
                                 cwd=second, stderr=subprocess.PIPE, text=True)
    populate()
    before = state(files)
    assert before["counts"]["applications.application"] >= 8
    assert before["counts"]["certificates.certificate"] == 1
    assert len(before["media"]) == 3 and before["index"]
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "已备份到" in out.getvalue() and "ZHICHENG_FIELD_KEY" in out.getvalue()

    # into the second database, by the command line
    assert migrating.wait(timeout=120) == 0, migrating.stderr.read()  # type: ignore[union-attr]
    migrating.stderr.close()  # type: ignore[union-attr]
    done = run(other, "restore", str(archive))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "恢复完成" in done.stdout and "审计链完整" in done.stdout
    done = run(other, "audit", "verify")
    assert done.returncode == 0 and "审计链完整" in done.stdout, done.stderr
    with sqlite3.connect(second / "db.sqlite3") as db:
        for label, count in before["counts"].items():
            table = apps.get_model(label)._meta.db_table
            assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, label
    assert file_hashes(second / "media") == before["media"]
    assert file_hashes(second / "overlap-index") == before["index"]
    # a tampered archive: exit code 1, the member named, in Chinese
    bad = rewrite(archive, tmp_path / "bad.tar.gz", "media/archive/diploma.pdf",
                  flip_last)
    done = run(other, "restore", "--force", str(bad))
    assert done.returncode == 1
    assert "media/archive/diploma.pdf" in done.stderr and "拒绝恢复" in done.stderr

    # into this database, which is not empty: refused without --force, nothing changed
    with pytest.raises(CommandError, match=r"目标非空.*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert state(files) == before
    # changes after the backup, then a forced restore takes the database back to it
    make_user(name="备份之后注册的人")
    Application.objects.filter(pk=Application.objects.first().pk).update(statement="改过")
    (files / "archive" / "diploma.pdf").unlink()
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "恢复完成" in out.getvalue(), out.getvalue()
    assert state(files) == before
    count, brk = verify()
    assert brk is None and count == len(before["chain"])
    zhang = User.objects.by_mobile("13800000001").get()  # found by its keyed hash again
    assert zhang.id_number == "110105199003071239" and zhang.check_password("Zhicheng@2026")
    assert User.objects.by_id_number("110105199003071239").get() == zhang


@pytest.fixture
def small(db: None, files: Path, tmp_path: Path) -> Path:
    """A small database and one file, backed up."""
    make_user(name="甲")
    default_storage.save("photos/a.jpg", ContentFile(photo_bytes()))
    path = tmp_path / "small.tar.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def refused(path: Path, match: str) -> None:
    """Refused with --force (so nothing would stop a flush but the check), nothing changed."""
    users, photo = User.objects.count(), default_storage.exists("photos/a.jpg")
    with pytest.raises(CommandError, match=match) as info:
        call_command("restore", str(path), "--force", stdout=io.StringIO())
    assert info.value.returncode == 1
    assert User.objects.count() == users and default_storage.exists("photos/a.jpg") == photo


@pytest.mark.parametrize(("member", "change", "match"), [
    ("media/photos/a.jpg", flip_last, r"media/photos/a\.jpg 已损坏或被改动"),
    ("db.json", lambda d: d.replace("甲".encode(), "乙".encode()), r"db\.json 已损坏或被改动"),
    ("manifest.json", lambda d: d.replace(b'"count": 1', b'"count": 2', 1), "签名不符"),
    ("manifest.json", lambda d: b"{", r"manifest\.json 已损坏"),
])
def test_a_tampered_archive_is_refused_naming_the_file(small: Path, tmp_path: Path,
                                                       member: str, change: Any,
                                                       match: str) -> None:
    refused(rewrite(small, tmp_path / "bad.tar.gz", member, change), match)


def test_an_archive_with_an_added_file_is_refused(small: Path, tmp_path: Path) -> None:
    bad = tmp_path / "added.tar.gz"
    with tarfile.open(small, "r:gz") as tin, tarfile.open(bad, "w:gz") as tout:
        for member in tin:
            tout.addfile(member, tin.extractfile(member))
        extra = tarfile.TarInfo("media/evil.html")
        extra.size = 4
        tout.addfile(extra, io.BytesIO(b"evil"))
    refused(bad, r"清单未列出的 media/evil\.html")


def test_another_field_key_is_refused(small: Path) -> None:
    with override_settings(FIELD_ENCRYPTION_KEY=generate_key()):
        with pytest.raises(CommandError, match="ZHICHENG_FIELD_KEY 与备份时使用的不同"):
            call_command("restore", str(small), "--check", stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(small), "--check", stdout=out)
    assert "备份文件完好" in out.getvalue()


def test_a_non_empty_database_is_refused_unless_forced(small: Path, files: Path) -> None:
    later = make_user(name="乙")
    with pytest.raises(CommandError, match=r"目标非空：数据库（.*accounts\.user") as info:
        call_command("restore", str(small), stdout=io.StringIO())
    assert info.value.returncode == 1
    assert User.objects.filter(pk=later.pk).exists()
    call_command("restore", str(small), "--force", stdout=io.StringIO())
    assert list(User.objects.values_list("name", flat=True)) == ["甲"]
    assert default_storage.exists("photos/a.jpg")


def test_a_mismatch_after_loading_exits_with_code_1(small: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from zhicheng.backup import tables

    real = tables.table_sums

    def one_row_lost(using: str = "default") -> dict[str, dict[str, Any]]:
        sums = real(using)
        sums["accounts.user"] = {**sums["accounts.user"], "count": 0}
        return sums

    monkeypatch.setattr(tables, "table_sums", one_row_lost)
    lost = r"(?s)恢复后校验不一致.*accounts\.user 行数不符：备份 1，恢复后 0"
    with pytest.raises(CommandError, match=lost) as info:
        call_command("restore", str(small), "--force", stdout=io.StringIO())
    assert info.value.returncode == 1
