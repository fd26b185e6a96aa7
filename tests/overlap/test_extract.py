"""Extraction: UTF-8 text, Word, text PDF; scans and damaged files refused by name; the type
is told by the content."""

from __future__ import annotations

import importlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from zhicheng.documents.fonts import FONT_INDEX, cjk_font_path
from zhicheng.overlap.extract import ExtractError, extract, kind
from zhicheng.overlap.normalize import normalize

extract_module = importlib.import_module("zhicheng.overlap.extract")
PARAGRAPH = "本项目针对大型桥梁结构健康监测中的数据异常问题，提出了一种识别方法。"


def text_pdf(*pages: str) -> bytes:
    pdf = FPDF()
    pdf.add_font("wqy", fname=str(cjk_font_path()), collection_font_number=FONT_INDEX)
    pdf.set_font("wqy", size=12)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, page)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=150)
    return bytes(pdf.output())


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("第一段：项目概述。")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "甲单元格"
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "合并单元格"
    table.cell(1, 0).text = "乙"
    table.cell(1, 1).text = "丙"
    table.cell(1, 2).text = "丁"
    document.add_paragraph("最后一段。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_utf8_text_with_and_without_bom() -> None:
    assert extract(("a.txt", PARAGRAPH.encode())) == PARAGRAPH
    assert extract(("a.txt", b"\xef\xbb\xbf" + PARAGRAPH.encode())) == PARAGRAPH


def test_text_not_utf8_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "旧文件.txt"
    path.write_bytes(PARAGRAPH.encode("gb18030"))
    with pytest.raises(ExtractError, match=r"旧文件\.txt.*UTF-8"):
        extract(path)
    with pytest.raises(ExtractError, match=r"missing\.txt.*无法读取"):
        extract(tmp_path / "missing.txt")
    with pytest.raises(ExtractError, match=r"bin\.txt"):
        extract(("bin.txt", b"abc\x00def"))


def test_word_paragraphs_and_cells_in_order() -> None:
    assert extract(("a.docx", word_file())).split("\n") == [
        "第一段：项目概述。", "甲单元格", "合并单元格", "乙", "丙", "丁", "最后一段。"]


def test_text_pdf() -> None:
    text = extract(("a.pdf", text_pdf(PARAGRAPH, "第二页的内容。")))
    assert normalize(PARAGRAPH).chars in normalize(text).chars
    assert "第二页" in text


def test_scanned_pdf_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ExtractError, match=r"scan\.pdf：是扫描件或图片.*文字版 PDF"):
        extract(("scan.pdf", scanned_pdf()))


def test_type_is_told_by_content() -> None:
    pdf, word = text_pdf(PARAGRAPH), word_file()
    assert kind(pdf) == "pdf" and kind(word) == "docx" and kind(b"plain") == "text"
    assert normalize(PARAGRAPH).chars in normalize(extract(("really-a-pdf.txt", pdf))).chars
    assert extract(("really-word.pdf", word)).startswith("第一段")
    assert extract(("plain.docx", PARAGRAPH.encode())) == PARAGRAPH
    about_pdf = "文件头是 %PDF-1.7，这是一份文字说明。".encode()
    assert extract(("about.txt", about_pdf)) == about_pdf.decode()
    assert kind(b"junk\n" + pdf) == "pdf"


def test_damaged_and_unsupported_files_are_named() -> None:
    with pytest.raises(ExtractError, match=r"bad\.pdf：PDF 已损坏"):
        extract(("bad.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    with pytest.raises(ExtractError, match=r"bad\.docx：Word 文档已损坏"):
        extract(("bad.docx", broken.getvalue()))
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("data.csv", "a,b")
    with pytest.raises(ExtractError, match=r"x\.docx：是 ZIP"):
        extract(("x.docx", other.getvalue()))
    with pytest.raises(ExtractError, match=r"old\.doc"):
        extract(("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100))


def test_pdf_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "MAX_PDF_PAGES", 1)
    with pytest.raises(ExtractError, match=r"long\.pdf：PDF 共 2 页"):
        extract(("long.pdf", text_pdf("一", "二")))
    monkeypatch.setattr(extract_module, "MAX_PDF_BYTES", 100)
    with pytest.raises(ExtractError, match=r"big\.pdf：PDF 超过"):
        extract(("big.pdf", text_pdf("一")))
