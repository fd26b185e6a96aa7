"""Text of a .txt, .docx or .pdf file, the type told by the content, not the name.

* PDF: starts with ``%PDF-`` (or has it within the first KiB, as readers allow, and ends
  with ``%%EOF``). pypdf's text per page,
  pages joined with newlines; refused over 50 MB or 500 pages; a PDF without any counted
  character is taken for a scan and refused with a message saying so.
* DOCX: a ZIP holding ``word/document.xml``. Paragraphs and table cells (merged cells once,
  nested tables included) in document order, joined with newlines.
* Anything else is text and must be UTF-8 (a byte-order mark is dropped): the contract counts
  a file that is not UTF-8 as unreadable, so there is no guessing of GB18030 or UTF-16.

Every failure raises `ExtractError` with a Chinese message naming the file.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .normalize import normalize

MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 500
_BOM = b"\xef\xbb\xbf"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ExtractError(Exception):
    """The file's text cannot be extracted; the message names the file."""


def kind(data: bytes) -> str:
    """'pdf', 'docx', 'zip' (some other ZIP), 'ole' (old Office) or 'text'."""
    head = data[:1024]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-") or (
            b"%PDF-" in head and b"%%EOF" in data[-1024:]):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else "zip"
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
    if data.startswith(_OLE):
        return "ole"
    return "text"


def extract(source: str | os.PathLike[str] | tuple[str, bytes]) -> str:
    """The text of a file given by path, or as (name, content)."""
    if isinstance(source, tuple):
        name, data = source
    else:
        name = str(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise ExtractError(f"{name}：无法读取（{exc.strerror or exc}）") from exc
    found = kind(data)
    if found == "pdf":
        return _pdf(name, data)
    if found == "docx":
        return _docx(name, data)
    if found == "zip":
        raise ExtractError(f"{name}：是 ZIP 压缩文件但不是 Word（.docx）文档，无法读取")
    if found == "ole":
        raise ExtractError(f"{name}：是旧版 Word（.doc）等格式，请另存为 .docx 或 PDF 后再提交")
    return _text(name, data)


def _text(name: str, data: bytes) -> str:
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{name}：不是 UTF-8 编码的文本（第 {exc.start} 字节起无法解码），"
                           "请另存为 UTF-8 后再试") from exc
    if "\x00" in text:
        raise ExtractError(f"{name}：不是文本文件（含有二进制内容），无法读取")
    return text


def _cells(table: Any) -> Iterator[Any]:
    seen: set[Any] = set()  # the elements themselves: lxml keeps one proxy per live element
    for row in table.rows:
        for cell in row.cells:
            if cell._tc not in seen:  # a merged cell is listed once per grid column
                seen.add(cell._tc)
                yield cell


def _blocks(container: Any) -> Iterator[str]:
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for cell in _cells(block):
                yield from _blocks(cell)
        else:
            yield block.text


def _docx(name: str, data: bytes) -> str:
    import docx

    try:
        return "\n".join(_blocks(docx.Document(io.BytesIO(data))))
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged files
        raise ExtractError(f"{name}：Word 文档已损坏或格式不正确，无法读取（{exc}）") from exc


def _pdf(name: str, data: bytes) -> str:
    from pypdf import PdfReader

    if len(data) > MAX_PDF_BYTES:
        raise ExtractError(f"{name}：PDF 超过 {MAX_PDF_BYTES // (1024 * 1024)} MB，不予处理")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(f"{name}：PDF 已加密，无法读取，请提供未加密的文件")
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise ExtractError(f"{name}：PDF 共 {pages} 页，超过 {MAX_PDF_PAGES} 页，不予处理")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except ExtractError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ExtractError(f"{name}：PDF 已损坏或格式不正确，无法读取（{exc}）") from exc
    if not len(normalize(text)):
        raise ExtractError(f"{name}：是扫描件或图片，未包含可提取的文字，"
                           "请提供文字版 PDF 或 Word 文件")
    return text
