"""专业技术资格电子证书 (the title certificate with its QR code)."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pypdf
import pytest

from tests.documents.pdfcheck import all_text, dark_share, page_texts, render
from zhicheng.documents.title_certificate import (
    TitleCertificate,
    qr_matrix,
    title_certificate,
)

URL = "https://zc.example.cn/certificates/by_token/AbCdEf0123456789xyzABC/"
FACTS = TitleCertificate(
    holder_name="欧阳晓峰", masked_id="3304**********1234", title="工程师",
    specialty="电子信息", committee="嘉兴市工程技术中级专业技术资格评审委员会",
    approved_on=date(2023, 11, 20), number="0001202300001", verify_url=URL,
    issued_on=date(2023, 12, 1))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return title_certificate(FACTS)


def test_text_names_the_holder_and_the_title(pdf: bytes) -> None:
    text = all_text(pdf)
    for expected in ("专业技术资格证书", "欧阳晓峰", "3304**********1234", "0001202300001",
                     "资格名称工程师", "电子信息", "嘉兴市工程技术中级专业技术资格评审委员会",
                     "2023年11月20日", "发证日期2023年12月1日", "扫码查验证书"):
        assert expected in text, expected
    assert "补发" not in text and "已撤销" not in text


def test_one_landscape_page_with_sensible_ink(pdf: bytes) -> None:
    assert len(page_texts(pdf)) == 1
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    assert 0.01 < dark_share(render(pdf)) < 0.3


def test_the_embedded_qr_image_holds_the_url_matrix(pdf: bytes) -> None:
    images = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 1
    picture = images[0].image.convert("L")
    matrix = qr_matrix(URL)
    box = picture.width // len(matrix)
    assert picture.size == (box * len(matrix),) * 2
    read = [[picture.getpixel((x * box + box // 2, y * box + box // 2)) < 128
             for x in range(len(matrix))] for y in range(len(matrix))]
    assert read == matrix


def test_reissue_note_and_revoked_mark() -> None:
    facts = dataclasses.replace(FACTS, reissues=2, reissued_on=date(2024, 3, 2), revoked=True)
    text = all_text(title_certificate(facts))
    assert "补发（第2次，2024年3月2日）" in text
    assert "本证书已撤销" in text
