"""专业技术资格电子证书: one A4 landscape page with a QR code that links to the public check.

Pure Python (no Django). The caller masks the ID number and builds the verify URL.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import qrcode
from fpdf import FPDF
from fpdf.enums import Align, TextMode, WrapMode, XPos, YPos
from qrcode.constants import ERROR_CORRECT_M

from zhicheng.workdays import chinese_date

from .fonts import FONT_INDEX, cjk_font_path
from .layout import FAMILY

TITLE = "专业技术资格证书"
INK = (40, 40, 40)
RED = (150, 20, 20)
QR_SIZE = 42.0  # mm


@dataclass(frozen=True)
class TitleCertificate:
    """What the certificate shows; `masked_id` is printed as given."""

    holder_name: str  # 姓名
    masked_id: str  # 证件号码（已隐去中间位）
    title: str  # 资格名称, e.g. 工程师
    specialty: str  # 专业
    committee: str  # 评审委员会
    approved_on: date  # 评审通过日期
    number: str  # 证书编号
    verify_url: str  # what the QR code encodes
    series: str = "工程技术"  # 系列
    issued_on: date | None = None  # 发证日期
    reissues: int = 0  # 补发次数
    reissued_on: date | None = None  # 最近一次补发日期
    revoked: bool = False




def reissue_note(facts: TitleCertificate) -> str:
    if not facts.reissues:
        return ""
    when = f"，{chinese_date(facts.reissued_on)}" if facts.reissued_on else ""
    return f"补发（第{facts.reissues}次{when}）"


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR modules for `url` (border included), as `qr_png` draws them."""
    return _qr(url).get_matrix()


def qr_png(url: str) -> bytes:
    image = _qr(url).make_image(fill_color="black", back_color="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _qr(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(url)
    code.make(fit=True)
    return code


class _Page(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.add_font(FAMILY, fname=cjk_font_path(), collection_font_number=FONT_INDEX)
        self.set_margins(28, 24, 28)
        self.set_auto_page_break(auto=False)
        self.set_title(title)
        self.set_lang("zh-CN")
        self.set_creator("zhicheng")
        self.set_font(FAMILY, size=12)
        self.set_text_color(*INK)
        self.add_page()

    def frame(self) -> None:
        with self.local_context(draw_color=RED):
            self.set_line_width(1.2)
            self.rect(10, 10, self.w - 20, self.h - 20)
            self.set_line_width(0.3)
            self.rect(13, 13, self.w - 26, self.h - 26)

    def heading(self, text: str, size: float) -> None:
        with self.local_context(font_size_pt=size, text_mode=TextMode.FILL_STROKE,
                                line_width=0.3, text_color=RED, draw_color=RED):
            self.cell(0, size * 0.5, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def row(self, label: str, value: str, width: float) -> None:
        with self.local_context(text_color=(90, 90, 90)):
            self.cell(30, 9, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.multi_cell(width - 30, 9, value, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)


def title_certificate(facts: TitleCertificate) -> bytes:
    """Render the certificate as PDF bytes (one page)."""
    page = _Page(f"{TITLE} {facts.number}")
    page.frame()
    page.set_y(24)
    page.heading(TITLE, 28)
    with page.local_context(font_size_pt=11, text_color=(90, 90, 90)):
        page.cell(0, 8, "（电子证书）", align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    page.ln(4)
    # one clause a line, so that wrapping never starts a line with punctuation
    for clause in (f"{facts.holder_name}同志经{facts.committee}评审，",
                   f"于{chinese_date(facts.approved_on)}评审通过，具备{facts.series}系列"
                   f"{facts.specialty}专业{facts.title}资格。"):
        page.multi_cell(0, 8, clause, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
    text_width = page.epw - QR_SIZE - 20
    page.ln(3)
    rows = [("姓　　名", facts.holder_name), ("证件号码", facts.masked_id),
            ("资格名称", facts.title), ("系列专业", f"{facts.series} · {facts.specialty}"),
            ("评审机构", facts.committee), ("通过日期", chinese_date(facts.approved_on)),
            ("证书编号", facts.number)]
    if facts.issued_on:
        rows.append(("发证日期", chinese_date(facts.issued_on)))
    if facts.reissues:
        rows.append(("补发记录", reissue_note(facts)))
    top = page.get_y()
    for label, value in rows:
        page.row(label, value, text_width)
    _qr_block(page, facts.verify_url, top)
    if facts.revoked:
        with page.local_context(font_size_pt=20, text_color=RED):
            page.set_xy(page.l_margin, page.h - 52)
            page.cell(text_width, 10, "本证书已撤销", align=Align.L)
    with page.local_context(font_size_pt=9, text_color=(90, 90, 90)):
        page.set_xy(page.l_margin, page.h - 34)
        page.multi_cell(0, 5, "本证书为电子证书，可扫描右侧二维码或在平台“证书查验”页面输入"
                        "证书编号核验真伪；查验结果以平台显示为准。",
                        wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(page.output())


def _qr_block(page: _Page, url: str, top: float) -> None:
    x = page.w - page.r_margin - QR_SIZE - 6
    page.image(io.BytesIO(qr_png(url)), x=x, y=top, w=QR_SIZE, h=QR_SIZE)
    caption = 70.0
    left = x + QR_SIZE / 2 - caption / 2
    with page.local_context(font_size_pt=9, text_color=(90, 90, 90)):
        page.set_xy(left, top + QR_SIZE + 1)
        page.cell(caption, 5, "扫码查验证书", align=Align.C)
        page.set_xy(left, top + QR_SIZE + 6)
        with page.local_context(font_size_pt=5.5):
            page.multi_cell(caption, 3, url, align=Align.C, wrapmode=WrapMode.CHAR)
