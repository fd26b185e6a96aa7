"""Reading generated PDFs back: text with pypdf, pixels with pypdfium2."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
from PIL import Image, ImageChops


def squeeze(text: str) -> str:
    # Wrapped lines break anywhere, and table cells come out separated by spaces.
    return "".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page as pypdf extracts it, whitespace removed."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [squeeze(page.extract_text()) for page in reader.pages]


def all_text(pdf: bytes) -> str:
    return "".join(page_texts(pdf))


def render(pdf: bytes, page: int = 0, scale: float = 2.0) -> Image.Image:
    """One page as an 8-bit greyscale image (scale 1 = 72 dpi)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[page].render(scale=scale).to_pil().convert("L")
    finally:
        document.close()


def share_between(image: Image.Image, low: int, high: int) -> float:
    """Share of pixels whose grey level is in [low, high]."""
    histogram = image.histogram()
    return sum(histogram[low:high + 1]) / (image.width * image.height)


def dark_share(image: Image.Image) -> float:
    return share_between(image, 0, 127)


def differing_pixels(first: Image.Image, second: Image.Image) -> int:
    """How many pixels differ by more than a quarter of the grey range."""
    assert first.size == second.size
    return sum(ImageChops.difference(first, second).histogram()[65:])
