"""The application photo rules, on images made in memory (no files, no mocks)."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from zhicheng.archive.photo import PhotoError, PhotoFacts, check_photo

KB, MB = 1024, 1024 * 1024
OK_SIZE = 50 * KB


def _encode(img: Image.Image, fmt: str = "JPEG", **params: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def pad(data: bytes, size: int, seed: int = 0) -> bytes:
    """Insert JPEG comment segments of random noise after SOI: exactly `size` bytes, still valid."""
    need = size - len(data)
    assert need == 0 or need >= 4, "cannot pad by fewer than 4 bytes"
    rng = random.Random(seed)
    segments = []
    while need > 0:
        take = min(need, 65537)  # marker (2) + length (2) + at most 65533 bytes of payload
        if 0 < need - take < 4:
            take -= 4
        payload = rng.randbytes(take - 4)
        segments.append(b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload)
        need -= take
    return data[:2] + b"".join(segments) + data[2:]


def jpeg(width: int = 300, height: int = 400, size: int | None = OK_SIZE,
         orientation: int | None = None) -> bytes:
    img = Image.new("RGB", (width, height), (210, 190, 170))
    params: dict[str, object] = {"quality": 85}
    if orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = orientation
        params["exif"] = exif.tobytes()
    data = _encode(img, **params)
    return data if size is None else pad(data, size)


def noise_image(width: int, height: int, seed: int = 1) -> Image.Image:
    rng = random.Random(seed)
    return Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))


def problems(data: bytes) -> list[str]:
    with pytest.raises(PhotoError) as caught:
        check_photo(data)
    assert str(caught.value) == "；".join(caught.value.problems)
    assert isinstance(caught.value, ValueError)
    return caught.value.problems


def test_padding_helper_hits_the_size_exactly_and_stays_decodable() -> None:
    for size in (30 * KB + 1, MB - 1, 200 * KB):
        data = jpeg(size=size)
        assert len(data) == size
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            assert img.size == (300, 400)


def test_a_good_photo_gives_its_facts() -> None:
    facts = check_photo(jpeg(300, 400, OK_SIZE))
    assert facts == PhotoFacts(width=300, height=400, size_bytes=OK_SIZE, ratio=0.75)


# --- file size: over 30 KB and under 1 MB --------------------------------------------------

@pytest.mark.parametrize("size", [30 * KB + 1, MB - 1])
def test_sizes_just_inside_the_limits_pass(size: int) -> None:
    assert check_photo(jpeg(size=size)).size_bytes == size


@pytest.mark.parametrize(("size", "shown"), [
    (30 * KB, "30.0 KB"),
    (30 * KB - 1, "29.9 KB"),  # never rounded up onto the limit
    (18637, "18.2 KB"),
    (MB, "1.00 MB"),
    (MB + 1, "1.01 MB"),  # never rounded down onto the limit
])
def test_sizes_on_or_beyond_the_limits_are_refused_with_the_size(size: int, shown: str) -> None:
    assert problems(jpeg(size=size)) == [f"照片大小为 {shown}，须大于 30 KB 且小于 1 MB"]


# --- pixels: at least 215×300 ----------------------------------------------------------------

def test_exactly_215_by_300_passes() -> None:
    facts = check_photo(jpeg(215, 300))
    assert (facts.width, facts.height) == (215, 300)


@pytest.mark.parametrize(("width", "height"), [(214, 300), (215, 299), (200, 280)])
def test_too_few_pixels_are_refused_with_the_measured_size(width: int, height: int) -> None:
    assert problems(jpeg(width, height)) == [
        f"照片尺寸为 {width}×{height} 像素，须至少 215×300 像素"]


# --- width ÷ height from 0.65 to 0.80 inclusive ------------------------------------------

@pytest.mark.parametrize(("width", "height"), [(260, 400), (320, 400), (390, 600), (480, 600)])
def test_ratios_exactly_on_the_limits_pass(width: int, height: int) -> None:
    assert check_photo(jpeg(width, height)).ratio in (0.65, 0.8)


@pytest.mark.parametrize(("width", "height", "shown"), [
    (270, 300, "0.90"),
    (259, 400, "0.647"),  # 0.6475 would read as an allowed 0.65 with two decimals
    (321, 400, "0.802"),  # 0.8025 would read as an allowed 0.80
    (300, 300, "1.00"),
    (240, 400, "0.60"),
])
def test_ratios_outside_are_refused_with_the_ratio(width: int, height: int, shown: str) -> None:
    assert problems(jpeg(width, height)) == [
        f"照片宽高比为 {shown}（宽 {width} ÷ 高 {height}），须在 0.65 至 0.80 之间"]


def test_exif_orientation_is_applied_to_width_and_height() -> None:
    # Stored 400×300 but marked "turn 90°": the applicant sees, and we check, 300×400.
    facts = check_photo(jpeg(400, 300, orientation=6))
    assert (facts.width, facts.height) == (300, 400)
    assert problems(jpeg(300, 400, orientation=8))[0].startswith("照片宽高比为 1.33")


# --- several rules at once -----------------------------------------------------------------

def test_every_broken_rule_is_reported_at_once() -> None:
    small_png = _encode(Image.new("RGB", (100, 100), "white"), "PNG")
    found = problems(small_png)
    assert len(found) == 4
    assert found[0].startswith("照片大小为 0.")
    assert found[1] == "照片内容不是 JPG 图片（实为 PNG）"
    assert found[2] == "照片尺寸为 100×100 像素，须至少 215×300 像素"
    assert found[3] == "照片宽高比为 1.00（宽 100 ÷ 高 100），须在 0.65 至 0.80 之间"


def test_size_and_pixels_together() -> None:
    assert problems(jpeg(200, 280, size=20 * KB)) == [
        "照片大小为 20.0 KB，须大于 30 KB 且小于 1 MB",
        "照片尺寸为 200×280 像素，须至少 215×300 像素",
    ]


# --- content, not name --------------------------------------------------------------------

def test_a_png_renamed_jpg_is_refused_by_its_content() -> None:
    png = _encode(noise_image(300, 400), "PNG")
    assert 30 * KB < len(png) < MB
    assert problems(png) == ["照片内容不是 JPG 图片（实为 PNG）"]


def test_a_truncated_jpeg_is_refused() -> None:
    whole = _encode(noise_image(300, 400), quality=95)
    cut = whole[: len(whole) * 6 // 10]
    assert len(cut) > 30 * KB
    assert problems(cut) == ["照片已损坏，无法读取"]


def test_random_bytes_are_refused() -> None:
    data = random.Random(7).randbytes(OK_SIZE)
    assert problems(data) == ["照片内容不是 JPG 图片（无法识别的文件）"]


def test_random_bytes_after_a_jpeg_signature_are_damaged() -> None:
    data = b"\xff\xd8\xff\xe0" + random.Random(8).randbytes(OK_SIZE)
    assert problems(data) == ["照片已损坏，无法读取"]


def test_empty_data_is_refused() -> None:
    assert problems(b"") == ["照片大小为 0.0 KB，须大于 30 KB 且小于 1 MB",
                             "照片内容不是 JPG 图片（无法识别的文件）"]


# --- decompression bombs: refused from the header, never decoded ---------------------------

def _claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims another size."""
    data = bytearray(jpeg(300, 400, size=None))  # unpadded: no noise to mistake for a marker
    at = data.index(b"\xff\xc0")  # SOF0: marker, length (2), precision (1), height, width
    data[at + 5:at + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return pad(bytes(data), OK_SIZE)


def test_a_header_claiming_too_many_pixels_is_refused_before_decoding() -> None:
    assert problems(_claiming(6000, 8000)) == ["照片像素过多（6000×8000），无法处理"]


def test_a_decompression_bomb_is_refused() -> None:
    assert problems(_claiming(20000, 30000)) == ["照片像素过多，无法处理"]
