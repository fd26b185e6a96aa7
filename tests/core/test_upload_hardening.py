"""Uploads: sizes before reading, image and zip bombs, bounded PDF parsing, our file names,
downloads saved rather than rendered."""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from tests import factories
from tests.core.test_filetypes import CONTENT_TYPES, DOCUMENT, docx
from zhicheng.archive import models as m
from zhicheng.archive.photo import PhotoError, check_photo
from zhicheng.core import filetypes
from zhicheng.core.bounded import BoundExceeded, run_bounded
from zhicheng.core.filetypes import FileTypeError, check_document_bytes
from zhicheng.core.uploads import UploadCapHandler, check_document, safe_suffix

SRC = Path(__file__).resolve().parents[2] / "src" / "zhicheng"
MB = 1024 * 1024


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes: a PNG whose header claims width × height pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


# --- images ---------------------------------------------------------------------------------

def test_pillow_refuses_decompression_bombs_platform_wide() -> None:
    assert Image.MAX_IMAGE_PIXELS == 80_000_000  # our own checks stop at 40 million first
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(png_claiming(50_000, 50_000)))


def test_a_tiny_png_claiming_50000_by_50000_pixels_is_refused() -> None:
    bomb = png_claiming(50_000, 50_000)
    assert len(bomb) < 1024
    with pytest.raises(FileTypeError, match="像素过多"):
        check_document_bytes(bomb, ("png", "pdf"), "证书", 10 * MB)
    with pytest.raises(PhotoError, match="像素过多"):
        check_photo(bomb)


@pytest.mark.parametrize(("side", "says"), [(7_000, "像素过多（7000×7000）"),
                                           (10_000, "像素过多")])
def test_pngs_over_our_limit_or_pillows_warning_are_refused(side: int, says: str) -> None:
    with pytest.raises(FileTypeError, match=re.escape(says)):
        check_document_bytes(png_claiming(side, side), ("png",), "证书", 10 * MB)


@pytest.mark.django_db
def test_an_image_bomb_sent_through_a_form_is_refused(client: Client) -> None:
    from tests.orgs.test_employer_registration import form_data, letter
    from zhicheng.orgs.models import Organisation, OrgKind

    client.force_login(factories.make_user())
    bomb = letter(png_claiming(50_000, 50_000), "letter.png", "image/png")
    r = client.post(reverse("orgs:employer_register"),
                    form_data(factories.make_department(), authorisation_letter=bomb))
    assert "授权委托书的像素过多" in r.content.decode()
    assert not Organisation.objects.filter(kind=OrgKind.EMPLOYER).exists()


# --- DOCX and other ZIPs ----------------------------------------------------------------------

def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked() -> None:
    bomb = factories_zip({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT,
                          "word/media/a.bin": bytes(8 * MB), "word/media/b.bin": bytes(8 * MB)})
    assert len(bomb) < 64 * 1024
    upload = SimpleUploadedFile("paper.docx", bomb)
    with pytest.raises(ValidationError, match="解压后过大"):
        check_document(upload, ("doc", "docx"), "论文", max_bytes=200 * 1024)


def test_a_docx_of_too_many_entries_is_refused() -> None:
    entries: dict[str, bytes | str] = {"[Content_Types].xml": CONTENT_TYPES,
                                       "word/document.xml": DOCUMENT}
    entries |= {f"word/media/{i}.xml": "" for i in range(filetypes.MAX_ZIP_ENTRIES)}
    with pytest.raises(FileTypeError, match="解压后过大"):
        check_document_bytes(factories_zip(entries), ("docx",), "论文", 10 * MB)


def test_unpacked_size_has_an_absolute_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filetypes, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(FileTypeError, match="解压后过大"):
        check_document_bytes(docx(), ("docx",), "论文", 10 * MB)


@pytest.mark.django_db
def test_a_screening_sheet_that_is_a_zip_bomb_is_refused() -> None:
    from zhicheng.plans.screening import UploadError, read_upload

    bomb = factories_zip({"[Content_Types].xml": "x", "xl/workbook.xml": "x",
                          "xl/worksheets/sheet1.xml": bytes(8 * MB)})
    with pytest.raises(UploadError, match="解压后过大"):
        list(read_upload("sheet.xlsx", bomb))


def factories_zip(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


# --- PDFs -------------------------------------------------------------------------------------

def test_a_pdf_is_parsed_and_its_pages_counted() -> None:
    assert check_document_bytes(factories.pdf_bytes(3), ("pdf",), "论文", 10 * MB, 3) == "pdf"
    with pytest.raises(FileTypeError, match=r"页数过多（4 页），最多 3 页"):
        check_document_bytes(factories.pdf_bytes(4), ("pdf",), "论文", 10 * MB, 3)


def test_a_pdf_that_needs_a_password_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(FileTypeError, match="设置了打开密码"):
        check_document_bytes(buf.getvalue(), ("pdf",), "论文", 10 * MB)


def test_a_pdf_that_pypdf_cannot_read_is_refused() -> None:
    garbage = b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n"
    with pytest.raises(FileTypeError, match="已损坏"):
        check_document_bytes(garbage, ("pdf",), "论文", 10 * MB)


def spin(data: bytes) -> None:
    while True:
        pass


def hog(data: bytes) -> int:
    return len(bytearray(2048 * MB))


def test_parsing_is_bounded_in_time() -> None:
    started = time.monotonic()
    with pytest.raises(BoundExceeded, match="超时"):
        run_bounded(spin, b"", seconds=1)
    assert time.monotonic() - started < 5


def test_parsing_is_bounded_in_memory() -> None:
    with pytest.raises(BoundExceeded, match="内存超限"):
        run_bounded(hog, b"", seconds=10, memory_bytes=256 * MB)


def test_a_pdf_that_takes_too_long_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filetypes, "pdf_facts", spin)
    monkeypatch.setattr(filetypes, "PDF_PARSE_SECONDS", 1)
    with pytest.raises(FileTypeError, match="无法在限定时间内读取"):
        check_document_bytes(factories.pdf_bytes(), ("pdf",), "论文", 10 * MB)


def test_the_child_returns_plain_results() -> None:
    assert run_bounded(filetypes.pdf_facts, factories.pdf_bytes(2)) == {"password": False,
                                                                       "pages": 2}


# --- sizes ----------------------------------------------------------------------------------

class Unreadable(SimpleUploadedFile):
    def read(self, *args: Any) -> bytes:
        raise AssertionError("read although its size is over the limit")


@pytest.mark.django_db
def test_the_size_is_checked_before_the_file_is_read(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = MB
    upload = Unreadable("big.pdf", b"x")
    upload.size = 3 * MB
    with pytest.raises(ValidationError, match=r"证书不能超过 1 MB（当前 3 MB）"):
        check_document(upload, label="证书")


def test_the_upload_cap_drops_what_is_past_it(settings: Any) -> None:
    settings.UPLOAD_HARD_MAX_BYTES = 10
    handler = UploadCapHandler()
    handler.new_file("f", "big.pdf", "application/pdf", None)
    kept = [handler.receive_data_chunk(b"abcdef", 0), handler.receive_data_chunk(b"ghijkl", 6),
            handler.receive_data_chunk(b"mnop", 12)]
    assert kept == [b"abcdef", None, None]  # a chunk crossing the cap is dropped whole
    too_large = handler.file_complete(16)  # empty, with its true size
    assert (too_large.size, too_large.read()) == (16, b"")
    handler.new_file("g", "small.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"abc", 0) == b"abc"
    assert handler.file_complete(3) is None  # the next handler makes the file


@pytest.mark.django_db
def test_an_upload_past_the_cap_is_refused_as_too_large(client: Client, settings: Any) -> None:
    settings.UPLOAD_HARD_MAX_BYTES = 2048
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # so the file goes to a temporary file
    client.force_login(factories.make_user())
    big = SimpleUploadedFile("cert.pdf", factories.pdf_bytes() + b"\n" * (20 * 1024))
    r = client.post(reverse("archive:add", args=["skills"]), {
        "level": "technician", "occupation": "电工", "obtained": "2020-05-01", "certificate": big})
    assert r.status_code == 200
    assert not m.SkillCertificate.objects.exists()


# --- names and downloads ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "suffix"), [
    ("证书.PDF", ".pdf"), ("a.docx", ".docx"), ("x.html", ".bin"), ("../../etc/passwd", ".bin"),
    ("shell.php", ".bin"), ("noext", ".bin"), ("a.jpg.exe", ".bin"),
])
def test_stored_names_never_keep_an_unknown_suffix(name: str, suffix: str) -> None:
    assert safe_suffix(name) == suffix


def test_every_upload_to_names_the_file_itself() -> None:
    from zhicheng.applications.models import photo_path
    from zhicheng.orgs.models import letter_path

    class Owner:
        owner_id = applicant_id = 7

    for name in ("../../evil.html", "证书.pdf"):
        stored = [m.archive_path(Owner(), name), letter_path(Owner(), name),  # type: ignore
                  photo_path(Owner(), name)]  # type: ignore[arg-type]
        for path in stored:
            assert ".." not in path and "evil" not in path and "证书" not in path
            assert re.search(r"/[0-9a-f]{32}\.(pdf|bin|jpg)$", path), path


def test_every_file_response_is_an_attachment() -> None:
    """Each FileResponse or file HttpResponse in the code is saved, not shown inline."""
    for path in SRC.rglob("*.py"):
        if "overlap" in path.parts[-2]:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(FileResponse|HttpResponse)\((?![^)]*text/html)", text):
            window = text[max(0, match.start() - 40): match.end() + 400]
            if match.group(1) == "HttpResponse" and "content_type=" not in window:
                continue
            assert ("as_attachment=True" in window or "attachment(" in window
                    or "attachment;" in window), f"{path.name}: {window[:120]}"


@pytest.mark.django_db
def test_archive_downloads_are_attachments_with_the_right_type(client: Client) -> None:
    user = factories.make_user()
    client.force_login(user)
    r = client.post(reverse("archive:add", args=["skills"]), {
        "level": "technician", "occupation": "电工", "obtained": "2020-05-01",
        "certificate": SimpleUploadedFile("我的证书.pdf", factories.PDF_BYTES)})
    assert r.status_code == 302
    cert = m.SkillCertificate.objects.get(owner=user)
    assert "我的证书" not in cert.certificate.name
    response = client.get(reverse("archive:file", args=["skills", cert.pk, "certificate"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{cert.pk}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    export = client.get(reverse("archive:export"))
    assert export["Content-Disposition"].startswith("attachment;")
    assert export["Content-Type"] == "application/json; charset=utf-8"
