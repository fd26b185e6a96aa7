"""The Chinese font: found, embedded, and really drawn (not as empty boxes)."""

from __future__ import annotations

import io
import logging
import subprocess
import sys

import pypdf
import pytest
from PIL import Image

from tests.documents.pdfcheck import dark_share, differing_pixels, page_texts, render, squeeze
from zhicheng.documents import FontNotFoundError, cjk_font_path
from zhicheng.documents.layout import Sheet


def one_line(text: str) -> bytes:
    sheet = Sheet("字形测试")
    sheet.set_font_size(28)
    sheet.set_xy(20, 20)
    sheet.cell(text=text)
    return sheet.to_bytes()


def line_image(text: str) -> Image.Image:
    """The strip of page holding the line, x 18..160 mm and y 18..36 mm, at 144 dpi."""
    px = 72 * 2 / 25.4
    box = (18 * px, 18 * px, 160 * px, 36 * px)
    return render(one_line(text), scale=2).crop(tuple(round(v) for v in box))


def test_font_file_is_installed() -> None:
    path = cjk_font_path()
    assert path.name == "wqy-microhei.ttc"
    assert path.read_bytes()[:4] == b"ttcf"


def test_missing_font_package_gives_clear_error() -> None:
    with pytest.raises(FontNotFoundError, match="pip install"):
        cjk_font_path(package="zhicheng_no_such_font_package")


def test_missing_font_file_gives_clear_error() -> None:
    with pytest.raises(FontNotFoundError, match=r"NoSuchFont\.otf"):
        cjk_font_path(filename="NoSuchFont.otf")


def test_chinese_glyphs_are_drawn_not_boxes() -> None:
    engineer = line_image("工程师评审")
    other = line_image("年度考核表")
    boxes = line_image("□□□□□")
    assert dark_share(engineer) > 0.03
    # Missing glyphs all render as the same empty box, so these would be near identical.
    assert differing_pixels(engineer, other) > 1500
    assert differing_pixels(engineer, boxes) > 1500


def test_same_text_renders_identically() -> None:
    # Control for the test above: rendering itself is deterministic.
    assert differing_pixels(line_image("工程师评审"), line_image("工程师评审")) == 0


def test_font_is_embedded_as_subset() -> None:
    reader = pypdf.PdfReader(io.BytesIO(one_line("工程师评审")))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    (font,) = [ref.get_object() for ref in fonts.values()]
    assert "WenQuanYi" in font["/BaseFont"]
    assert font["/Encoding"] == "/Identity-H"
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    embedded = descriptor["/FontFile2"].get_object().get_data()
    assert 0 < len(embedded) < 100_000  # a subset, not the 5 MB font


def test_package_does_not_import_django() -> None:
    code = "import sys, zhicheng.documents; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_missing_glyph_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    # Control for the "no glyph is missing" checks of the documents: 䶮 (U+4DAE) is not covered.
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        one_line("刘䶮")
    assert "missing" in caplog.text


def test_many_distinct_characters_extract_exactly() -> None:
    # 700 different hanzi: past 255 glyphs, a font embedded with a custom encoding CMap
    # (fpdf2's way with CFF fonts) comes out of pypdf garbled.
    hanzi = "".join(bytes([0xB0 + i // 94, 0xA1 + i % 94]).decode("gb2312") for i in range(700))
    sheet = Sheet("字符测试")
    sheet.paragraph(hanzi)
    assert squeeze(page_texts(sheet.to_bytes())[0]).startswith(hanzi)
