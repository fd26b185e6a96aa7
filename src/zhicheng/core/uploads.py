"""Uploaded documents are typed by their content, never by their name.

The Django side of `core.filetypes`: the size limit from settings, ValidationError for forms,
and the stored name made ours with the extension the content proves.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from .filetypes import FileTypeError, check_document_bytes


def check_document(upload: UploadedFile, allowed: tuple[str, ...] = ("pdf", "png", "jpg"),
                   label: str = "文件") -> str:
    """Return the file's real type, or raise ValidationError naming what is wrong."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        kind = check_document_bytes(data, allowed, label, settings.UPLOAD_MAX_BYTES)
    except FileTypeError as exc:
        raise ValidationError(str(exc)) from None
    upload.name = f"upload.{kind}"
    return kind
