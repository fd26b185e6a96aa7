"""Uploaded documents are typed by their content, never by their name."""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image

SIGNATURES = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpg",
}
MAX_PIXELS = 40_000_000


def sniff(head: bytes) -> str | None:
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def check_document(upload: UploadedFile, allowed: tuple[str, ...] = ("pdf", "png", "jpg"),
                   label: str = "文件") -> str:
    """Return the file's real type, or raise ValidationError naming what is wrong.

    The upload is renamed to a name of ours with the extension its content proves.
    """
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"{label}是空文件")
    if size > settings.UPLOAD_MAX_BYTES:
        limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"{label}不能超过 {limit} MB（当前 {size / 1048576:.1f} MB）")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = sniff(data[:16])
    names = {"pdf": "PDF", "png": "PNG 图片", "jpg": "JPG 图片"}
    if kind not in allowed:
        wanted = "、".join(names[a] for a in allowed)
        raise ValidationError(f"{label}的内容不是 {wanted}（请勿仅修改文件扩展名）")
    if kind == "pdf":
        if b"%%EOF" not in data[-2048:]:
            raise ValidationError(f"{label}不是完整的 PDF 文件")
    else:
        _check_image(data, label)
    upload.name = f"upload.{kind}"
    return kind


def _check_image(data: bytes, label: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise ValidationError(f"{label}的像素过大")
                img.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(f"{label}的像素过大") from None
    except Exception:
        raise ValidationError(f"{label}已损坏，无法读取") from None
