"""The application photo (报名照片), checked by decoding it, never by its file name. Pure.

Rules of the provincial notices: JPG only; over 30 KB and under 1 MB; at least 215×300 pixels;
width ÷ height from 0.65 to 0.80 inclusive. Every broken rule is reported at once, with the
measured value, so the applicant fixes everything in one go.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image

MIN_BYTES = 30 * 1024  # must be strictly greater
MAX_BYTES = 1024 * 1024  # must be strictly smaller
MIN_WIDTH, MIN_HEIGHT = 215, 300
RATIO_LOW, RATIO_HIGH = (65, 100), (80, 100)  # exact fractions, compared in integers
MAX_PIXELS = 40_000_000  # far beyond any photo; refuses decompression bombs before decoding
JPEG_FORMATS = frozenset({"JPEG", "MPO"})  # phone cameras write MPO, which is a JPEG file
_ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations shown turned by 90°
SEP = "；"


class PhotoError(ValueError):
    """The photo breaks one or more rules; the message names each, in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(SEP.join(problems))


@dataclass(frozen=True, slots=True)
class PhotoFacts:
    width: int
    height: int
    size_bytes: int
    ratio: float


def check_photo(data: bytes) -> PhotoFacts:
    """Return the photo's measurements, or raise PhotoError listing every rule it breaks.

    Width and height are as displayed (EXIF orientation applied), as the applicant sees them.
    """
    problems: list[str] = []
    size = len(data)
    if not MIN_BYTES < size < MAX_BYTES:
        problems.append(f"照片大小为 {_size_text(size)}，须大于 30 KB 且小于 1 MB")
    try:
        fmt, width, height = _decode(data)
    except _Unreadable as exc:
        raise PhotoError([*problems, str(exc)]) from None
    if fmt not in JPEG_FORMATS:
        problems.append(f"照片内容不是 JPG 图片（实为 {fmt}）")
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        problems.append(f"照片尺寸为 {width}×{height} 像素，须至少 {MIN_WIDTH}×{MIN_HEIGHT} 像素")
    ratio = width / height
    if not _ratio_ok(width, height):
        problems.append(
            f"照片宽高比为 {_ratio_text(width, height)}（宽 {width} ÷ 高 {height}），"
            "须在 0.65 至 0.80 之间"
        )
    if problems:
        raise PhotoError(problems)
    return PhotoFacts(width=width, height=height, size_bytes=size, ratio=ratio)


class _Unreadable(Exception):
    pass


def _decode(data: bytes) -> tuple[str, int, int]:
    """Decode the whole image; return its format and displayed width and height."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise _Unreadable(f"照片像素过多（{width}×{height}），无法处理")
                img.load()  # a full decode: truncated files fail here
                fmt = img.format or "未知格式"
                if img.getexif().get(0x0112) in _ROTATED:
                    width, height = height, width
    except _Unreadable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _Unreadable("照片像素过多，无法处理") from None
    except Image.UnidentifiedImageError:
        if data.startswith(b"\xff\xd8\xff"):
            raise _Unreadable("照片已损坏，无法读取") from None
        raise _Unreadable("照片内容不是 JPG 图片（无法识别的文件）") from None
    except Exception:
        raise _Unreadable("照片已损坏，无法读取") from None
    if width == 0 or height == 0:
        raise _Unreadable("照片已损坏，无法读取")
    return fmt, width, height


def _ratio_ok(width: int, height: int) -> bool:
    (lo_n, lo_d), (hi_n, hi_d) = RATIO_LOW, RATIO_HIGH
    return lo_n * height <= lo_d * width and width * hi_d <= hi_n * height


def _ratio_text(width: int, height: int) -> str:
    """Two decimals, or more when two would round a refused ratio onto a limit."""
    ratio = width / height
    for digits in (2, 3, 4):
        text = f"{ratio:.{digits}f}"
        if not 0.65 <= float(text) <= 0.80:
            return text
    return text


def _size_text(size: int) -> str:
    """Rounded away from the limit, so a refused size never reads as an allowed one."""
    if size < MAX_BYTES:
        tenths = size * 10 // 1024
        return f"{tenths // 10}.{tenths % 10} KB"
    hundredths = -(-size * 100 // MAX_BYTES)
    return f"{hundredths // 100}.{hundredths % 100:02d} MB"
