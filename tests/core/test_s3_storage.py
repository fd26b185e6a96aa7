"""Uploaded files in an S3 bucket (django-storages), against moto's S3-compatible server run
in this process: the STORAGES setting built from the environment, then the platform's own
paths end to end (an applicant's upload and download, the photo, an office export, the
overlap check reading a paper, backup and restore), each checked in the bucket itself with
boto3: the object under the prefix, the same bytes, and no way to read it unsigned."""

from __future__ import annotations

import hashlib
import io
import logging
import random
import tarfile
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from moto.server import ThreadedMotoServer
from openpyxl import load_workbook
from storages.backends.s3 import S3Storage

from tests import factories
from tests.applications.helpers import photo_bytes
from tests.overlapcheck.test_platform import PROSE, docx_bytes
from tests.reviews import chain as chain_module
from tests.reviews.chain import Chain, client_for, drive
from zhicheng.accounts.models import User
from zhicheng.applications.workflow import Actor, State
from zhicheng.archive.models import Education, Output
from zhicheng.core.storage_settings import (
    FILESYSTEM_BACKEND,
    S3_BACKEND,
    STATIC_BACKEND,
    storages_from_env,
)
from zhicheng.overlapcheck import domain as overlap
from zhicheng.overlapcheck.models import Material, Policy, Report, Status
from zhicheng.reviews import office
from zhicheng.reviews.models import Export, ExportStatus

KEY_ID, SECRET = "zhicheng-test-key", "zhicheng-test-secret"
REGION = "us-east-1"
PREFIX = "media"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


# -- the server and a bucket -------------------------------------------------------------------

@pytest.fixture(scope="module")
def endpoint(request: pytest.FixtureRequest) -> str:
    """moto's S3 server on a free port of 127.0.0.1, stopped when the module is done."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    request.addfinalizer(server.stop)
    log = logging.getLogger("werkzeug")  # a line per request otherwise
    level = log.level
    log.setLevel(logging.WARNING)
    request.addfinalizer(lambda: log.setLevel(level))
    host, port = server.get_host_and_port()
    return f"http://{host}:{port}"


@pytest.fixture(autouse=True)
def _no_stray_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own AWS settings must not reach the tests' storages."""
    for name in ("AWS_PROFILE", "AWS_S3_SESSION_PROFILE", "AWS_SESSION_TOKEN",
                 "AWS_S3_ACCESS_KEY_ID", "AWS_S3_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Bucket:
    """A bucket of its own for one test, and boto3 to look into it."""

    name: str
    endpoint: str
    client: Any

    def env(self, **extra: str) -> dict[str, str]:
        return {"ZHICHENG_S3_BUCKET": self.name, "ZHICHENG_S3_ENDPOINT_URL": self.endpoint,
                "ZHICHENG_S3_REGION": REGION, "ZHICHENG_S3_ACCESS_KEY_ID": KEY_ID,
                "ZHICHENG_S3_SECRET_ACCESS_KEY": SECRET, "ZHICHENG_S3_PREFIX": PREFIX,
                "ZHICHENG_S3_ADDRESSING_STYLE": "path"} | extra

    def use(self, settings: Any, **extra: str) -> None:
        """Make it the default storage. Static files keep the suite's storage: the manifest
        storage needs collectstatic, which has nothing to do with uploads."""
        built = storages_from_env(self.env(**extra), Path("/nonexistent"))
        settings.STORAGES = {**settings.STORAGES, "default": built["default"]}

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name,
                                                                      Prefix=prefix)
        return sorted(o["Key"] for page in pages for o in page.get("Contents", ()))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()  # type: ignore[no-any-return]

    def hashes(self, prefix: str) -> dict[str, str]:
        """sha256 of every object under `prefix`, by its name below the prefix."""
        return {k[len(prefix):]: hashlib.sha256(self.read(k)).hexdigest()
                for k in self.keys(prefix)}

    def unsigned_status(self, key: str) -> int:
        """What a plain GET of the object's URL gets, as anyone on the network would try."""
        try:
            with urllib.request.urlopen(f"{self.endpoint}/{self.name}/{key}",
                                        timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code


def new_bucket(endpoint: str) -> Bucket:
    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION,
                          aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    name = f"zhicheng-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return Bucket(name, endpoint, client)


@pytest.fixture
def bucket(endpoint: str, settings: Any) -> Bucket:
    """A new bucket, made the default storage under PREFIX for this test."""
    b = new_bucket(endpoint)
    b.use(settings)
    return b


@pytest.fixture
def chain(db: None) -> Chain:
    return chain_module.build()


def body(response: Any) -> bytes:
    assert response.status_code == 200, response.content[-2000:]
    return b"".join(response.streaming_content)


def private(b: Bucket, key: str) -> bool:
    acl = b.client.get_object_acl(Bucket=b.name, Key=key)
    public = [g for g in acl["Grants"] if g["Grantee"].get("URI") == ALL_USERS]
    return not public and b.unsigned_status(key) == 403


# -- the setting --------------------------------------------------------------------------------

def test_files_on_disk_unless_a_bucket_is_named(tmp_path: Path) -> None:
    media = tmp_path / "media"
    for env in ({}, {"ZHICHENG_S3_BUCKET": "  ", "ZHICHENG_S3_PREFIX": "ignored"}):
        assert storages_from_env(env, media) == {
            "default": {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": str(media)}},
            "staticfiles": {"BACKEND": STATIC_BACKEND}}
    assert STATIC_BACKEND == "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    options = storages_from_env({}, media)["default"]["OPTIONS"]
    name = FileSystemStorage(**options).save("archive/1/a.pdf", ContentFile(b"%PDF-"))
    assert (media / name).read_bytes() == b"%PDF-"


def test_bucket_options_from_the_environment(tmp_path: Path) -> None:
    built = storages_from_env({
        "ZHICHENG_S3_BUCKET": "zhicheng-files", "ZHICHENG_S3_ENDPOINT_URL": "https://oss.example.cn",
        "ZHICHENG_S3_REGION": "oss-cn-hangzhou", "ZHICHENG_S3_ACCESS_KEY_ID": "AKID",
        "ZHICHENG_S3_SECRET_ACCESS_KEY": "s3cret", "ZHICHENG_S3_PREFIX": "/zhicheng/media/",
        "ZHICHENG_S3_ADDRESSING_STYLE": "Virtual"}, tmp_path)
    assert built["default"]["BACKEND"] == S3_BACKEND == "storages.backends.s3.S3Storage"
    assert built["staticfiles"] == {"BACKEND": STATIC_BACKEND}
    options = built["default"]["OPTIONS"]
    assert {k: options[k] for k in (
        "bucket_name", "endpoint_url", "region_name", "access_key", "secret_key", "location",
        "default_acl", "querystring_auth", "file_overwrite", "custom_domain")} == {
        "bucket_name": "zhicheng-files", "endpoint_url": "https://oss.example.cn",
        "region_name": "oss-cn-hangzhou", "access_key": "AKID", "secret_key": "s3cret",
        "location": "zhicheng/media", "default_acl": None, "querystring_auth": True,
        "file_overwrite": False, "custom_domain": None}
    config = options["client_config"]
    assert config.s3 == {"addressing_style": "virtual"}
    assert config.request_checksum_calculation == "when_required"

    # django-storages takes every option as it is (no request is made here)
    storage = S3Storage(**options)
    assert (storage.bucket_name, storage.location, storage.file_overwrite,
            storage.default_acl) == ("zhicheng-files", "zhicheng/media", False, None)
    url = storage.url("archive/7/a.pdf")  # never handed out; if ever made, signed and short
    assert "/zhicheng/media/archive/7/a.pdf?" in url
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


def test_without_keys_boto3_finds_the_credentials(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "from-the-environment")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret-from-the-environment")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    options = storages_from_env({"ZHICHENG_S3_BUCKET": "b"}, tmp_path)["default"]["OPTIONS"]
    assert "access_key" not in options and options["endpoint_url"] is None
    assert options["location"] == "" and options["client_config"].s3 == {
        "addressing_style": "auto"}
    assert options["client_config"].request_checksum_calculation is None  # AWS: as boto3 does
    credentials = S3Storage(**options)._create_session().get_credentials()
    assert credentials.access_key == "from-the-environment"

    ours = storages_from_env({"ZHICHENG_S3_BUCKET": "b", "ZHICHENG_S3_ACCESS_KEY_ID": "ours",
                              "ZHICHENG_S3_SECRET_ACCESS_KEY": "x"}, tmp_path)
    credentials = S3Storage(**ours["default"]["OPTIONS"])._create_session().get_credentials()
    assert credentials.access_key == "ours"


@pytest.mark.parametrize(("env", "match"), [
    ({"ZHICHENG_S3_ACCESS_KEY_ID": "AKID"}, "须同时设置"),
    ({"ZHICHENG_S3_SECRET_ACCESS_KEY": "s"}, "须同时设置"),
    ({"ZHICHENG_S3_ADDRESSING_STYLE": "dns"}, "auto、path 或 virtual"),
    ({"ZHICHENG_S3_ENDPOINT_URL": "minio:9000"}, "https:// 或 http://"),
    ({"ZHICHENG_S3_PREFIX": "media/../other"}, "不是合法的对象前缀"),
    ({"ZHICHENG_S3_PREFIX": "media//x"}, "不是合法的对象前缀"),
])
def test_a_wrong_setting_is_refused_at_start(tmp_path: Path, env: dict[str, str],
                                             match: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=match):
        storages_from_env({"ZHICHENG_S3_BUCKET": "b", **env}, tmp_path)


# -- the platform on a bucket -------------------------------------------------------------------

def test_applicant_uploads_archive_file_and_photo_and_gets_them_back(bucket: Bucket,
                                                                     chain: Chain) -> None:
    client = client_for(None, chain.applicant)
    pdf = factories.pdf_bytes(pages=2)
    r = client.post(reverse("archive:add", args=["education"]), {
        "level": "bachelor", "field": "science_engineering", "major": "计算机科学",
        "related": "true", "school": "浙江大学", "mode": "full_time", "awarded": "2012-07-01",
        "certificate": SimpleUploadedFile("毕业证书.pdf", pdf)})
    assert r.status_code == 302, r.content.decode()[-2000:]
    edu = Education.objects.get(owner=chain.applicant)
    certificate = f"{PREFIX}/{edu.certificate.name}"
    assert bucket.keys(f"{PREFIX}/archive/") == [certificate]
    assert certificate.startswith(f"{PREFIX}/archive/{chain.applicant.pk}/")
    assert bucket.read(certificate) == pdf
    r = client.get(reverse("archive:file", args=["education", edu.pk, "certificate"]))
    assert body(r) == pdf and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")

    jpeg = photo_bytes()
    app = chain.app
    r = client.post(reverse("applications:step", args=[app.pk, "photo"]),
                    {"version": app.version, "photo": SimpleUploadedFile("我.jpg", jpeg)})
    assert r.status_code == 302, r.content.decode()[-2000:]
    app.refresh_from_db()
    photo = f"{PREFIX}/{app.photo.name}"
    assert bucket.keys(f"{PREFIX}/applications/") == [photo]
    assert bucket.read(photo) == jpeg
    assert body(client.get(reverse("applications:photo", args=[app.pk]))) == jpeg

    # nobody reads them from the bucket without signing, though a public object would be
    bucket.client.put_object(Bucket=bucket.name, Key="public-control.txt", Body=b"x",
                             ACL="public-read")
    assert bucket.unsigned_status("public-control.txt") == 200
    assert private(bucket, certificate) and private(bucket, photo)
    # and another applicant is not served them by the platform either
    other = client_for(None, factories.make_user())
    r = other.get(reverse("archive:file", args=["education", edu.pk, "certificate"]))
    assert r.status_code == 404


def test_two_files_of_the_same_name_never_replace_each_other(bucket: Bucket) -> None:
    first = default_storage.save("exports/202501/1-roster.xlsx", ContentFile(b"first"))
    second = default_storage.save("exports/202501/1-roster.xlsx", ContentFile(b"second"))
    assert first == "exports/202501/1-roster.xlsx" and second != first
    assert bucket.read(f"{PREFIX}/{first}") == b"first"
    assert bucket.read(f"{PREFIX}/{second}") == b"second"


def test_office_export_is_written_to_the_bucket_and_downloaded(
        bucket: Bucket, chain: Chain, django_capture_on_commit_callbacks: Any) -> None:
    app = drive(chain, chain.new_app(name="受理甲"), State.COMMITTEE_REVIEW,
                today=date(2023, 9, 27))
    office.accept(chain.desk_for(Actor.OFFICE, app), app, today=date(2023, 9, 27))
    client = client_for(chain.office)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("reviews:export_new"), {"kind": "roster"})
    export = Export.objects.get()
    assert r.status_code == 302 and export.status == ExportStatus.DONE, export.error
    key = f"{PREFIX}/{export.file.name}"
    assert bucket.keys(f"{PREFIX}/exports/") == [key]
    data = body(client.get(reverse("reviews:export_download", args=[export.pk])))
    assert data == bucket.read(key)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert [row[2] for row in rows[2:]] == ["受理甲"]
    assert private(bucket, key)


def test_overlap_check_reads_the_paper_from_the_bucket(bucket: Bucket, chain: Chain) -> None:
    Policy.objects.update_or_create(committee=chain.committee, defaults={"check_all": True})
    app = chain.new_app(name="原作者")
    paper = docx_bytes(PROSE)
    out = Output(owner=app.applicant, kind="technical_summary", title="技术总结",
                 chars=len(PROSE), written=date(2022, 3, 1))
    out.file.save("summary.docx", ContentFile(paper), save=False)
    out.save()
    app.outputs.add(out)
    assert bucket.read(f"{PREFIX}/{out.file.name}") == paper
    assert overlap.fingerprint_application(app.pk) == 1
    material = Material.objects.get(application=app)
    assert material.status == Status.CHECKED
    assert material.sha256 == hashlib.sha256(paper).hexdigest()
    assert Report.objects.get(material=material).chars > 100


def test_the_admin_shows_no_link_into_the_bucket(bucket: Bucket, chain: Chain,
                                                client: Any) -> None:
    from zhicheng.plans.models import ScreeningRun

    org = chain.employer
    org.authorisation_letter.save("letter.pdf", ContentFile(factories.PDF_BYTES), save=True)
    run = ScreeningRun(plan=chain.plan, committee=chain.committee, created_by=chain.office.user,
                       source_name="档案.zip")
    run.results.save("results.xlsx", ContentFile(b"xlsx"), save=True)
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    for url in (reverse("admin:orgs_organisation_change", args=[org.pk]),
                reverse("admin:plans_screeningrun_change", args=[run.pk])):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert bucket.endpoint not in html and "X-Amz-" not in html, url
    assert private(bucket, f"{PREFIX}/{org.authorisation_letter.name}")


# -- backup and restore -------------------------------------------------------------------------

def some_files(owner: User) -> dict[str, bytes]:
    """Files of the kinds a round leaves, saved through the models and the storage."""
    edu = Education(owner=owner, level="master", field="science_engineering", major="计算机技术",
                    school="某大学", mode="full_time", awarded=date(2012, 6, 30))
    pdf = factories.pdf_bytes()
    edu.certificate.save("diploma.pdf", ContentFile(pdf), save=True)
    jpeg = photo_bytes()
    photo = default_storage.save(f"applications/{owner.pk}/photo.jpg", ContentFile(jpeg))
    return {edu.certificate.name: pdf, photo: jpeg}


def sha(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


@pytest.mark.django_db
def test_backup_and_restore_round_trip_the_bucket(bucket: Bucket, endpoint: str,
                                                  settings: Any, tmp_path: Path) -> None:
    owner = factories.make_user(name="甲")
    files = some_files(owner)
    # past boto3's 8 MB multipart threshold and the 5 MB kept in memory on reading
    big = random.Random(7).randbytes(9 * 1024 * 1024)
    files[default_storage.save("exports/202301/1-forms.zip", ContentFile(big))] = big
    assert bucket.hashes(f"{PREFIX}/") == sha(files)
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "文件 3 个" in out.getvalue(), out.getvalue()
    with tarfile.open(archive, "r:gz") as tar:
        held = {m.name[len("media/"):]: tar.extractfile(m).read()  # type: ignore[union-attr]
                for m in tar if m.name.startswith("media/")}
    assert held == files

    # an object lost and a row added after the backup: the restore brings the backup back
    lost = next(iter(files))
    bucket.client.delete_object(Bucket=bucket.name, Key=f"{PREFIX}/{lost}")
    factories.make_user(name="备份之后的人")
    with pytest.raises(CommandError, match="目标非空"):
        call_command("restore", str(archive), stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "恢复完成" in out.getvalue(), out.getvalue()
    assert bucket.hashes(f"{PREFIX}/") == sha(files)
    assert list(User.objects.values_list("name", flat=True)) == ["甲"]
    # (moto keeps no ACL on an object uploaded in parts, so only the others are asked)
    assert all(private(bucket, f"{PREFIX}/{name}") for name, data in files.items()
               if data is not big)

    # into another bucket under another prefix, as a new deployment would
    other = new_bucket(endpoint)
    other.use(settings, ZHICHENG_S3_PREFIX="zhicheng/restored")
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "恢复完成" in out.getvalue(), out.getvalue()
    assert other.hashes("zhicheng/restored/") == sha(files)
    assert other.keys() == sorted(f"zhicheng/restored/{name}" for name in files)


@pytest.mark.django_db
def test_files_move_from_disk_to_a_bucket_by_backup_and_restore(
        bucket: Bucket, settings: Any, tmp_path: Path) -> None:
    media = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES,
                         "default": storages_from_env({}, media)["default"]}
    owner = factories.make_user(name="甲")
    files = some_files(owner)
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*.*")) == sorted(files)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    bucket.use(settings)
    out = io.StringIO()
    call_command("restore", str(archive), "--force", stdout=out)
    assert "恢复完成" in out.getvalue(), out.getvalue()
    assert bucket.hashes(f"{PREFIX}/") == sha(files)
    edu = Education.objects.get(owner__name="甲")
    client = client_for(None, edu.owner)
    got = body(client.get(reverse("archive:file", args=["education", edu.pk, "certificate"])))
    assert got == files[edu.certificate.name]


@pytest.mark.django_db
def test_an_unreachable_bucket_is_named_not_a_traceback(bucket: Bucket, settings: Any,
                                                        tmp_path: Path) -> None:
    default_storage.save("archive/1/a.pdf", ContentFile(factories.PDF_BYTES))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    bucket.use(settings, ZHICHENG_S3_BUCKET=f"missing-{uuid.uuid4().hex[:8]}")
    with pytest.raises(CommandError, match=r"备份失败：读取文件存储失败：.*NoSuchBucket"):
        call_command("backup", str(tmp_path / "again.tar.gz"), stdout=io.StringIO())
    assert not (tmp_path / "again.tar.gz").exists()
    with pytest.raises(CommandError, match=r"恢复失败：.*NoSuchBucket"):
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
