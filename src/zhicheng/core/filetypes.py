"""Type an uploaded document by its content, never by its name. Pure: no Django here.

Kinds: "pdf", "jpg", "png", "docx", "doc", "xlsx". A ZIP counts as DOCX/XLSX only if its
entries say so; an OLE2 file counts as DOC only if it holds a "WordDocument" stream.

Every parse is bounded: the size first; a ZIP (DOCX/XLSX) by its entry count and declared
unpacked size before anything is unpacked (zipfile never unpacks past the declared size);
an image by its pixel count before it is decoded; a PDF by pypdf (strict=False) in a child
process limited in time and memory (core.bounded), and by its page count.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib

from PIL import Image

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
BOMB_RATIO = 50  # the unpacked entries of a DOCX/XLSX may sum to at most 50 × max_bytes
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # and never more than this
MAX_ZIP_ENTRIES = 5_000
MAX_PIXELS = 40_000_000
MAX_PDF_PAGES = 1_000
PDF_PARSE_SECONDS = 5.0
PDF_PARSE_MEMORY = 512 * 1024 * 1024
MAX_TYPES_BYTES = 1024 * 1024  # [Content_Types].xml is a few KB
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le") + b"\x00\x00"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD_MAIN = b"wordprocessingml.document.main+xml"
_WORD_MACRO = b"ms-word.document.macroenabled.main+xml"
NAMES = {"pdf": "PDF", "jpg": "JPG 图片", "png": "PNG 图片", "docx": "DOCX", "doc": "DOC",
         "xlsx": "XLSX"}


class FileTypeError(ValueError):
    """The file's content is not what is allowed; the message says why, in Chinese."""


def sniff_document(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The kind the content proves, or None if it proves none (or is damaged or unsafe)."""
    try:
        return check_document_bytes(data, tuple(NAMES), "文件", max_bytes)
    except FileTypeError:
        return None


def too_large(label: str, size: int, max_bytes: int) -> str:
    return f"{label}不能超过 {_mb(max_bytes)} MB（当前 {_mb(size, up=True)} MB）"


def check_document_bytes(data: bytes, allowed: tuple[str, ...], label: str,
                         max_bytes: int, max_pages: int = MAX_PDF_PAGES) -> str:
    """Return the file's kind if it is one of `allowed`, or raise FileTypeError saying why."""
    size = len(data)
    if size == 0:
        raise FileTypeError(f"{label}是空文件")
    if size > max_bytes:
        raise FileTypeError(too_large(label, size, max_bytes))
    kind = _claimed_kind(data, label, max_bytes)
    if kind not in allowed:
        raise FileTypeError(f"{label}的内容不是 {_wanted(allowed)}（请勿仅修改文件扩展名）")
    if kind == "pdf":
        if b"%%EOF" not in data[-2048:]:
            raise FileTypeError(f"{label}不是完整的 PDF 文件（文件可能未传完或已损坏）")
        _check_pdf(data, label, max_pages)
    if kind in ("jpg", "png"):
        _check_image(data, kind, label)
    return kind


def pdf_facts(data: bytes) -> dict[str, int | bool]:
    """Pages and encryption of a PDF, read by pypdf leniently (strict=False).

    Run it through core.bounded.run_bounded: a crafted file may make pypdf slow or greedy.
    """
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):  # 0: PasswordType.NOT_DECRYPTED
        return {"password": True, "pages": 0}
    return {"password": False, "pages": len(reader.pages)}


def _check_pdf(data: bytes, label: str, max_pages: int) -> None:
    import pypdf  # noqa: F401 - imported here, before the fork, not in the child

    from .bounded import BoundExceeded, run_bounded

    try:
        facts = run_bounded(pdf_facts, data, seconds=PDF_PARSE_SECONDS,
                            memory_bytes=PDF_PARSE_MEMORY)
    except BoundExceeded as exc:
        if "超时" in str(exc) or "内存" in str(exc):
            raise FileTypeError(f"{label}结构过于复杂，无法在限定时间内读取，"
                                "请另存为普通 PDF 后上传") from None
        raise FileTypeError(f"{label}已损坏，无法读取（请重新导出 PDF）") from None
    if facts["password"]:
        raise FileTypeError(f"{label}设置了打开密码，请取消密码后重新上传")
    if int(facts["pages"]) > max_pages:
        raise FileTypeError(f"{label}页数过多（{facts['pages']} 页），最多 {max_pages} 页")


def _claimed_kind(data: bytes, label: str, max_bytes: int) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(OLE2_MAGIC):
        return _ole2_kind(data, label)
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, label, max_bytes)
    return None


def _ole2_kind(data: bytes, label: str) -> str | None:
    """DOC if a directory entry (128-byte aligned) is the stream named "WordDocument"."""
    for match in re.finditer(re.escape(_WORD_STREAM), data):
        at = match.start()
        entry = data[at:at + 128]
        if at % 128 == 0 and len(entry) == 128 and entry[64:66] == b"\x1a\x00" and entry[66] == 2:
            return "doc"
    if _ENCRYPTED_STREAM in data:
        raise FileTypeError(f"{label}设置了打开密码，请取消密码后重新上传")
    return None


def _zip_kind(data: bytes, label: str, max_bytes: int) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            unpacked = sum(i.file_size for i in infos)
            if len(infos) > MAX_ZIP_ENTRIES or unpacked > min(BOMB_RATIO * max_bytes,
                                                               MAX_UNPACKED_BYTES):
                raise FileTypeError(f"{label}解压后过大，疑似恶意文件，请重新保存后上传")
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names:
                return None
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "word/document.xml" not in names:
                return None
            if zf.getinfo("[Content_Types].xml").file_size > MAX_TYPES_BYTES:
                return None
            types = zf.read("[Content_Types].xml").lower()
    except FileTypeError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
            RuntimeError, OSError, EOFError, ValueError):
        raise FileTypeError(f"{label}已损坏，无法读取") from None
    if _WORD_MACRO in types:
        raise FileTypeError(f"{label}是含宏的 Word 文档（DOCM），请另存为 DOCX 后上传")
    return "docx" if _WORD_MAIN in types else None


def _check_image(data: bytes, kind: str, label: str) -> None:
    formats = {"jpg": ("JPEG", "MPO"), "png": ("PNG",)}[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise FileTypeError(f"{label}的像素过多（{img.width}×{img.height}），无法处理")
                img.load()  # a full decode: truncated files fail here
                if img.format not in formats:
                    raise FileTypeError(f"{label}已损坏，无法读取")
    except FileTypeError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise FileTypeError(f"{label}的像素过多，无法处理") from None
    except Exception:
        raise FileTypeError(f"{label}已损坏，无法读取") from None


def _wanted(allowed: tuple[str, ...]) -> str:
    both = {"doc", "docx"} <= set(allowed)
    parts: list[str] = []
    for kind in allowed:
        name = "DOC/DOCX" if both and kind in ("doc", "docx") else NAMES.get(kind, kind.upper())
        if name not in parts:
            parts.append(name)
    return "、".join(parts)


def _mb(n: int, up: bool = False) -> str:
    """Megabytes with at most two decimals; rounded up for a measured size over a limit."""
    hundredths = -(-n * 100 // 1048576) if up else n * 100 // 1048576
    return f"{hundredths / 100:.2f}".rstrip("0").rstrip(".")
