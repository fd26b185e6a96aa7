"""Uploaded documents are typed by their content, never by their name.

The Django side of `core.filetypes`: the size limit from settings (checked before the file is
read), ValidationError for forms, the stored name made ours with the extension the content
proves, a hard cap on what the server accepts of any one file, and the headers of downloads.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .filetypes import NAMES, FileTypeError, check_document_bytes, too_large

# Extensions a stored file may keep; anything else is stored as .bin.
SAFE_SUFFIXES = frozenset(NAMES) | {"jpeg", "json", "zip"}


def check_document(upload: UploadedFile, allowed: tuple[str, ...] = ("pdf", "png", "jpg"),
                   label: str = "文件", max_bytes: int | None = None) -> str:
    """Return the file's real type, or raise ValidationError naming what is wrong."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:  # before reading it into memory
        raise ValidationError(too_large(str(label), upload.size, limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    try:
        kind = check_document_bytes(data, allowed, str(label), limit)
    except FileTypeError as exc:
        raise ValidationError(str(exc)) from None
    upload.name = f"upload.{kind}"
    return kind


def safe_suffix(filename: str) -> str:
    """The stored file's extension: the upload's own only if it is one we serve, else .bin.

    Forms rename uploads to `upload.<kind>` after typing them by content, so this only
    matters for files that arrive another way (the admin, a script).
    """
    suffix = PurePosixPath(filename or "").suffix.lower().lstrip(".")
    return "." + (suffix if suffix in SAFE_SUFFIXES else "bin")


class UploadCapHandler(FileUploadHandler):
    """First upload handler: passes on at most UPLOAD_HARD_MAX_BYTES of each file and drops
    the rest unread into memory or disk. A file past the cap reaches the form empty but with
    its true size, over every limit a form applies, and is refused as too large."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        cap = settings.UPLOAD_HARD_MAX_BYTES
        if self.received >= cap:
            return None
        keep = raw_data[: cap - self.received]
        self.received += len(keep)
        return keep if len(keep) == len(raw_data) else None  # the cut part is not kept either

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if file_size <= settings.UPLOAD_HARD_MAX_BYTES:
            return None  # the next handler made the file
        return InMemoryUploadedFile(io.BytesIO(b""), self.field_name, self.file_name,
                                    self.content_type, file_size, self.charset,
                                    self.content_type_extra)


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark a response as a file to save, never to render, under a name we chose."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
