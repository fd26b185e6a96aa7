"""年度考核登记表: a blank form per year, filled in and stamped by the employer."""

from __future__ import annotations

from .inputs import RESULTS, AppraisalTemplate
from .layout import LINE, Sheet

TITLE = "年度考核登记表"
BLOCK_HEIGHT = 112  # mm; a block never splits across pages, so two fit on an A4 page


def annual_appraisal_template(data: AppraisalTemplate) -> bytes:
    """Render one block per year in `data.years` as PDF bytes."""
    sheet = Sheet(f"{TITLE} {data.person_name}")
    sheet.title_block(TITLE)
    boxes = "　".join(f"□ {result}" for result in RESULTS)
    for index, year in enumerate(data.years):
        if index and sheet.will_page_break(BLOCK_HEIGHT):
            sheet.add_page()
        sheet.section(f"{year} 年度")
        sheet.fields([("考核年度", f"{year} 年度"), ("姓名", data.person_name),
                      ("单位", data.employer), ("考核结果", boxes)], columns=1)
        sheet.blank_box("单位意见", 40)
        sheet.sign_line()
        sheet.ln(LINE)
    return sheet.to_bytes()
