"""Where the Chinese font comes from.

The font is WenQuanYi Micro Hei 0.2.0-beta (文泉驿微米黑; Apache-2.0 or GPL-3+ with font
exception), installed from PyPI inside the data-only package `paperang-p2-fonts-cjk`; its file
is byte-identical to Debian's fonts-wqy-microhei. Nothing font-related is kept in this repository,
and only the glyphs a document uses are embedded in it (a subset).

It has TrueType outlines on purpose: fpdf2 embeds CFF-based CJK fonts (Noto Sans SC OTF) with
an embedded encoding CMap that pypdf cannot decode, so their text would not extract there.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_FILE = "fonts/wqy-microhei.ttc"
FONT_INDEX = 0  # in the collection: 0 is WenQuanYi Micro Hei, 1 its monospaced variant
FONT_DISTRIBUTION = "paperang-p2-fonts-cjk"


class FontNotFoundError(RuntimeError):
    """The Chinese font needed for PDF export is not installed."""


def cjk_font_path(package: str = FONT_PACKAGE, filename: str = FONT_FILE) -> Path:
    """Path of the Chinese font file; if absent, `FontNotFoundError` says how to install it."""
    hint = f"请安装字体包：pip install '{FONT_DISTRIBUTION}>=0.1,<0.2'（或 pip install -e .）"
    try:
        root = resources.files(package)
    except ModuleNotFoundError as exc:
        raise FontNotFoundError(f"未找到中文字体包 {package}，无法生成 PDF。{hint}") from exc
    path = Path(str(root.joinpath(*filename.split("/"))))
    if not path.is_file():
        raise FontNotFoundError(f"字体包 {package} 中没有字体文件 {filename}。{hint}")
    return path
