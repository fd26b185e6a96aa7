"""评审表: content, watermark on every page, and long content flowing over pages."""

from __future__ import annotations

import logging

import pytest

from tests.documents import samples
from tests.documents.pdfcheck import dark_share, page_texts, render, share_between, squeeze
from zhicheng.documents import application_form, watermark_text


@pytest.fixture(scope="module")
def typical() -> bytes:
    return application_form(samples.application())


@pytest.fixture(scope="module")
def long() -> bytes:
    return application_form(samples.application(work_rows=40, statement_length=1000))


def test_watermark_text() -> None:
    assert watermark_text(samples.PLAN, samples.EXPORTED) == (
        "2023年度无锡市锡山区工程技术中级专业技术资格评审 · 导出于 2026-11-24 10:31")


def test_key_content_is_extractable(typical: bytes) -> None:
    text = "".join(page_texts(typical))
    for expected in (samples.NAME, samples.PLAN, "专业技术资格评审表", "3202**********1234",
                     "江南大学", "非全日制", "锡山区第3建筑工程公司", "是否专业技术工作",
                     "WX2013-0456", "无锡市优质工程奖", "城市桥梁预应力孔道压浆密实度检测方法研究",
                     "2026-11-2009:15", samples.STATEMENT_END):
        assert expected in text, expected


def test_continuing_education_is_summed_per_year_and_category(typical: bytes) -> None:
    text = "".join(page_texts(typical))
    assert "2023专业科目54.5" in text
    assert "合计162.5" in text


def test_watermark_on_every_page(long: bytes) -> None:
    mark = squeeze(watermark_text(samples.PLAN, samples.EXPORTED))
    pages = page_texts(long)
    assert len(pages) > 1
    assert all(mark in page for page in pages)


def test_watermark_is_drawn_light_grey(typical: bytes) -> None:
    last = render(typical, page=len(page_texts(typical)) - 1, scale=1)
    lower_half = last.crop((0, last.height // 2, last.width, last.height - 60))
    assert share_between(lower_half, 170, 245) > 0.01
    assert dark_share(lower_half) < 0.001


def test_first_page_has_sensible_ink(typical: bytes) -> None:
    assert 0.02 < dark_share(render(typical)) < 0.4


def test_long_content_flows_onto_several_pages(long: bytes) -> None:
    pages = page_texts(long)
    assert len(pages) >= 3
    text = "".join(pages)
    for row in range(1, 41):
        assert f"锡山区第{row}建筑工程公司" in text
    statement = samples.statement(1000)
    assert statement[-60:] in pages[-1]
    assert samples.STATEMENT_END not in "".join(pages[:-1])


def test_no_glyph_is_missing_from_the_font(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        application_form(samples.application())
    assert "missing" not in caplog.text
