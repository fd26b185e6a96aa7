"""Documents are typed by their content: real files made in memory, renamed ones refused."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import openpyxl
import pytest
from PIL import Image

from tests.factories import pdf_bytes
from zhicheng.core.filetypes import FileTypeError, check_document_bytes, sniff_document

MB = 1024 * 1024
LIMIT = 20 * MB
DOCS = ("pdf", "doc", "docx")
NOT_DOCS = "论文的内容不是 PDF、DOC/DOCX（请勿仅修改文件扩展名）"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{WORD_TYPE}"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>论文正文</w:t></w:r></w:p></w:body></w:document>"
)
PDF = pdf_bytes()


def zipped(entries: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


def docx(content_types: str = CONTENT_TYPES) -> bytes:
    return zipped({"[Content_Types].xml": content_types, "_rels/.rels": RELS,
                   "word/document.xml": DOCUMENT})


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["年度", "学时"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def ole2(*streams: str, filler: bytes = b"") -> bytes:
    """A minimal compound file (v3, 512-byte sectors): header, one FAT sector, one directory."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:34] = (0x3E).to_bytes(2, "little") + (3).to_bytes(2, "little") + \
        b"\xfe\xff" + (9).to_bytes(2, "little") + (6).to_bytes(2, "little")
    header[44:52] = (1).to_bytes(4, "little") + (1).to_bytes(4, "little")  # 1 FAT; dir at 1
    header[56:68] = (4096).to_bytes(4, "little") + end.to_bytes(4, "little") + bytes(4)
    header[68:76] = free.to_bytes(4, "little") + bytes(4)
    header[76:] = (0).to_bytes(4, "little") + free.to_bytes(4, "little") * 108
    fat = (fat_sector.to_bytes(4, "little") + end.to_bytes(4, "little")
           + free.to_bytes(4, "little") * 126)
    entries = [_entry("Root Entry", 5, child=1 if streams else free)]
    entries += [_entry(name, 2, sibling=i + 2 if i + 1 < len(streams) else free)
                for i, name in enumerate(streams)]
    directory = b"".join(entries).ljust(512, b"\x00")
    return bytes(header) + fat + directory + filler


def _entry(name: str, kind: int, child: int = 0xFFFFFFFF, sibling: int = 0xFFFFFFFF) -> bytes:
    raw = bytearray(128)
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    raw[0:len(encoded)] = encoded
    raw[64:66] = len(encoded).to_bytes(2, "little")
    raw[66] = kind
    raw[68:80] = (0xFFFFFFFF).to_bytes(4, "little") + sibling.to_bytes(4, "little") + \
        child.to_bytes(4, "little")
    raw[116:120] = (0xFFFFFFFE).to_bytes(4, "little")
    return bytes(raw)


def image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), "navy").save(buf, fmt)
    return buf.getvalue()


def refused(data: bytes, allowed: tuple[str, ...] = DOCS, max_bytes: int = LIMIT) -> str:
    with pytest.raises(FileTypeError) as caught:
        check_document_bytes(data, allowed, "论文", max_bytes)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


# --- accepted by content ----------------------------------------------------------------

@pytest.mark.parametrize(("data", "kind"), [
    (PDF, "pdf"), (docx(), "docx"), (ole2("WordDocument", "1Table"), "doc"),
    (image("JPEG"), "jpg"), (image("PNG"), "png"), (xlsx(), "xlsx"),
])
def test_real_files_are_typed_by_content(data: bytes, kind: str) -> None:
    assert sniff_document(data) == kind
    assert check_document_bytes(data, (kind,), "附件", LIMIT) == kind


def test_a_word_document_whose_content_types_use_a_default_is_still_a_docx() -> None:
    types = CONTENT_TYPES.replace('ContentType="application/xml"', f'ContentType="{WORD_TYPE}"')
    types = types.replace(f'<Override PartName="/word/document.xml" ContentType="{WORD_TYPE}"/>',
                          "")
    assert check_document_bytes(docx(types), DOCS, "论文", LIMIT) == "docx"


# --- renamed or wrong files -----------------------------------------------------------------

def test_an_xlsx_renamed_docx_is_refused() -> None:
    assert refused(xlsx()) == NOT_DOCS


def test_a_plain_zip_is_refused() -> None:
    assert refused(zipped({"readme.txt": "hello", "data.csv": "a,b"})) == NOT_DOCS
    assert sniff_document(zipped({"readme.txt": "hello"})) is None


def test_a_zip_with_word_entries_but_no_word_content_type_is_refused() -> None:
    types = CONTENT_TYPES.replace(WORD_TYPE, "application/xml")
    assert refused(docx(types)) == NOT_DOCS


def test_a_macro_enabled_word_document_is_refused_by_name() -> None:
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    message = refused(docx(CONTENT_TYPES.replace(WORD_TYPE, macro)))
    assert message == "论文是含宏的 Word 文档（DOCM），请另存为 DOCX 后上传"


def test_a_text_file_renamed_pdf_is_refused() -> None:
    text = "这是一个文本文件，不是PDF。\n".encode() * 10
    assert refused(text, ("pdf",)) == "论文的内容不是 PDF（请勿仅修改文件扩展名）"


def test_a_truncated_pdf_is_refused() -> None:
    body = PDF.replace(b"%%EOF\n", b"") + b"stream\n" + random.Random(3).randbytes(5000)
    assert refused(body) == "论文不是完整的 PDF 文件（文件可能未传完或已损坏）"


def test_an_image_where_only_documents_are_allowed_is_refused() -> None:
    assert refused(image("PNG")) == NOT_DOCS


def test_the_allowed_kinds_are_named_in_order() -> None:
    message = refused(b"plain text", ("pdf", "jpg", "png"))
    assert message == "论文的内容不是 PDF、JPG 图片、PNG 图片（请勿仅修改文件扩展名）"
    assert refused(b"plain text", ("docx",)) == "论文的内容不是 DOCX（请勿仅修改文件扩展名）"


# --- OLE2 (.doc) ------------------------------------------------------------------------------

def test_an_ole2_file_without_a_word_stream_is_refused() -> None:
    xls = ole2("Workbook", "\x05SummaryInformation")
    assert refused(xls) == NOT_DOCS
    assert sniff_document(xls) is None


def test_word_document_mentioned_in_content_is_not_a_word_stream() -> None:
    # An .xls holding bytes shaped like a "WordDocument" entry, but off the 128-byte grid
    # of directory entries (say, inside a cell or an embedded picture).
    assert refused(ole2("Workbook", filler=b"\x00" * 3 + _entry("WordDocument", 2))) == NOT_DOCS
    assert refused(ole2("Workbook", filler="WordDocument".encode("utf-16-le"))) == NOT_DOCS


def test_a_password_protected_office_file_says_so() -> None:
    message = refused(ole2("EncryptionInfo", "EncryptedPackage"))
    assert message == "论文设置了打开密码，请取消密码后重新上传"


def test_a_bare_ole2_signature_is_refused() -> None:
    assert refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) == NOT_DOCS


# --- damaged, empty, too large, bombs -------------------------------------------------------

def test_a_zip_bomb_is_refused() -> None:
    # 6 MB of zeros packs into a few KB; a 100 KB limit allows 5 MB unpacked.
    bomb = zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT,
                   "word/media/padding.bin": bytes(6 * MB)})
    assert len(bomb) < 100 * 1024
    assert refused(bomb, max_bytes=100 * 1024) == "论文解压后过大，疑似恶意文件，请重新保存后上传"
    assert check_document_bytes(bomb, DOCS, "论文", 200 * 1024) == "docx"


def test_a_damaged_zip_is_refused() -> None:
    data = docx()
    assert refused(data[: len(data) // 2]) == "论文已损坏，无法读取"


def test_a_truncated_image_is_refused() -> None:
    rng = random.Random(5)
    img = Image.frombytes("RGB", (120, 120), rng.randbytes(120 * 120 * 3))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    cut = buf.getvalue()[: len(buf.getvalue()) // 2]
    assert refused(cut, ("png",)) == "论文已损坏，无法读取"


def test_an_image_header_claiming_too_many_pixels_is_refused() -> None:
    data = bytearray(image("PNG"))
    data[16:24] = (9000).to_bytes(4, "big") + (9000).to_bytes(4, "big")  # IHDR width, height
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # keep the chunk valid
    assert refused(bytes(data), ("png",)).startswith("论文的像素过多")


def test_an_empty_file_is_refused() -> None:
    assert refused(b"") == "论文是空文件"
    assert sniff_document(b"") is None


def test_a_file_over_the_limit_is_refused_with_its_size() -> None:
    data = PDF + bytes(2 * MB)
    assert refused(data, max_bytes=2 * MB) == "论文不能超过 2 MB（当前 2.01 MB）"
    assert refused(data, max_bytes=MB // 2) == "论文不能超过 0.5 MB（当前 2.01 MB）"
    assert check_document_bytes(PDF + bytes(100), DOCS, "论文", len(PDF) + 100) == "pdf"
