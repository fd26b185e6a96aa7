"""年度考核登记表 template."""

from __future__ import annotations

from tests.documents import samples
from tests.documents.pdfcheck import all_text, dark_share, page_texts, render
from zhicheng.documents import AppraisalTemplate, annual_appraisal_template


def test_one_block_per_year() -> None:
    text = all_text(annual_appraisal_template(samples.appraisal()))
    assert text.count("考核年度") == 3
    for year in (2021, 2022, 2023):
        assert f"考核年度{year}年度" in text
    assert text.count("□优秀□合格□基本合格□不合格") == 3
    assert text.count("单位意见") == 3
    assert text.count("盖章") == 3
    assert f"姓名{samples.NAME}" in text
    assert f"单位{samples.EMPLOYER}" in text


def test_blocks_are_not_split_across_pages() -> None:
    years = list(range(2019, 2026))
    pages = page_texts(annual_appraisal_template(AppraisalTemplate("张三", "某单位", years)))
    assert len(pages) > 1
    for page in pages:
        assert page.count("考核年度") == page.count("单位意见") == page.count("盖章") > 0


def test_first_page_has_sensible_ink() -> None:
    assert 0.01 < dark_share(render(annual_appraisal_template(samples.appraisal()))) < 0.4
