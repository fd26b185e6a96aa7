"""The page: an A4 `FPDF` with the Chinese font, optional watermark and the blocks documents use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from fpdf import FPDF, FontFace
from fpdf.enums import Align, TextMode, WrapMode, XPos, YPos

from .fonts import FONT_INDEX, cjk_font_path

FAMILY = "WenQuanYiMicroHei"
BODY_SIZE = 10.5
LINE = 6.0
LABEL_FILL = (236, 236, 236)
WATERMARK_GREY = (150, 150, 150)
EMPTY = "（无）"


def show(value: object) -> str:
    """Format a value for a cell: dates as ISO, booleans as 是/否, hours without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


class Sheet(FPDF):
    """An A4 portrait page in WenQuanYi Micro Hei, with page numbers and an optional watermark."""

    def __init__(self, title: str, *, watermark: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.watermark = watermark
        self.add_font(FAMILY, fname=cjk_font_path(), collection_font_number=FONT_INDEX)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(title)
        self.set_lang("zh-CN")
        self.set_creator("zhicheng")
        self.set_font(FAMILY, size=BODY_SIZE)
        self.add_page()

    def footer(self) -> None:
        with self.local_context(font_size_pt=9, text_color=(90, 90, 90)):
            self.set_y(-13)
            self.cell(0, 5, f"第 {self.page_no()} 页", align=Align.C)
        if self.watermark:
            self._draw_watermark()

    def _draw_watermark(self) -> None:
        # Drawn last, translucent, so filled cells cannot hide it.
        with self.local_context(font_size_pt=15, text_color=WATERMARK_GREY, fill_opacity=0.35):
            cx, cy = self.w / 2, self.h / 2
            width = self.get_string_width(self.watermark)
            with self.rotation(angle=40, x=cx, y=cy):
                for dy in (-75.0, 0.0, 75.0):
                    self.text(cx - width / 2, cy + dy, self.watermark)

    def to_bytes(self) -> bytes:
        return bytes(self.output())

    def bold(self, text: str, size: float, align: Align = Align.C, height: float = 10) -> None:
        # The font has one weight; stroking the outline gives a faux bold.
        with self.local_context(font_size_pt=size, text_mode=TextMode.FILL_STROKE, line_width=0.2):
            self.multi_cell(0, height, text, align=align, wrapmode=WrapMode.CHAR,
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def title_block(self, title: str, subtitle: str = "") -> None:
        self.bold(title, 18)
        if subtitle:
            with self.local_context(font_size_pt=11):
                self.multi_cell(0, 7, subtitle, align=Align.C, wrapmode=WrapMode.CHAR,
                                new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def section(self, text: str) -> None:
        if self.will_page_break(LINE * 4):
            self.add_page()
        self.ln(2)
        with self.local_context(fill_color=LABEL_FILL):
            with self.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.15):
                self.cell(0, 8, text, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def fields(self, pairs: Sequence[tuple[str, object]], columns: int = 2) -> None:
        """Label/value rows, `columns` pairs to a row."""
        label_style = FontFace(fill_color=LABEL_FILL)
        label_width = 24.0
        widths = (label_width, (self.epw - label_width * columns) / columns) * columns
        with self.table(col_widths=widths, first_row_as_headings=False, line_height=LINE + 1,
                        text_align=Align.L, wrapmode=WrapMode.CHAR, padding=(1, 1.5)) as table:
            for start in range(0, len(pairs), columns):
                row = table.row()
                chunk = pairs[start:start + columns]
                for index, (label, value) in enumerate(chunk):
                    row.cell(label, style=label_style)
                    last = index == len(chunk) - 1
                    span = 1 + 2 * (columns - len(chunk)) if last else 1
                    row.cell(show(value), colspan=span)
        self.ln(1)

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[object]],
             widths: Sequence[float]) -> None:
        """A table whose heading row repeats on every page it spans; （无） when empty."""
        heading_style = FontFace(fill_color=LABEL_FILL)
        with self.table(col_widths=tuple(widths), headings_style=heading_style,
                        line_height=LINE, text_align=Align.L, wrapmode=WrapMode.CHAR,
                        padding=(1, 1.5)) as table:
            head = table.row()
            for heading in headings:
                head.cell(heading)
            if not rows:
                table.row().cell(EMPTY, colspan=len(headings), align=Align.C)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(show(value))
        self.ln(1)

    def paragraph(self, text: str, border: bool = False) -> None:
        self.multi_cell(0, LINE + 1, text or EMPTY, border=1 if border else 0,
                        wrapmode=WrapMode.CHAR, padding=(1, 1.5) if border else 0,
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def blank_box(self, label: str, height: float) -> None:
        """A bordered box to be filled in by hand, its label in the top-left corner."""
        if self.will_page_break(height):
            self.add_page()
        x, y = self.get_x(), self.get_y()
        self.rect(x, y, self.epw, height)
        self.set_xy(x + 2, y + 1.5)
        self.cell(0, LINE, f"{label}：")
        self.set_xy(x, y + height)

    def sign_line(self) -> None:
        """盖章 and 日期 blanks, right-aligned; ideographic spaces keep the blanks wide."""
        self.ln(2)
        text = f"盖章：{'　' * 8}日期：{'　' * 3}年{'　' * 2}月{'　' * 2}日"
        self.cell(0, LINE + 2, text, align=Align.R, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
