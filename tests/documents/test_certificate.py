"""项目完成情况证明."""

from __future__ import annotations

import dataclasses

import pytest

from tests.documents import samples
from tests.documents.pdfcheck import all_text, dark_share, page_texts, render
from zhicheng.documents import project_completion_certificate


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return project_completion_certificate(samples.certificate())


def test_content_is_extractable(pdf: bytes) -> None:
    text = all_text(pdf)
    for expected in ("项目完成情况证明", samples.NAME, "锡沪路快速化改造工程质量检测",
                     "无锡市锡山区交通运输局", "2019-03至2021-05", "本人角色主持",
                     "无锡市优质工程奖（市级一等）", "提出孔道压浆密实度快速检测方法",
                     "单位意见", "盖章", "日期", "年", "月", "日"):
        assert expected in text, expected


def test_fits_on_one_page_with_sensible_ink(pdf: bytes) -> None:
    assert len(page_texts(pdf)) == 1
    assert 0.01 < dark_share(render(pdf)) < 0.4


def test_missing_award_reads_none() -> None:
    data = dataclasses.replace(samples.certificate(), award="")
    assert "获奖及等级无" in all_text(project_completion_certificate(data))


def test_unknown_role_is_refused() -> None:
    data = dataclasses.replace(samples.certificate(), role="参与")
    with pytest.raises(ValueError, match="本人角色"):
        project_completion_certificate(data)
