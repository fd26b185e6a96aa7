"""项目完成情况证明: one achievement, to be confirmed and stamped by the employer."""

from __future__ import annotations

from .inputs import ROLES, ProjectCertificate
from .layout import Sheet

TITLE = "项目完成情况证明"


def project_completion_certificate(data: ProjectCertificate) -> bytes:
    """Render the certificate as PDF bytes. Raises `ValueError` for a role not in `ROLES`."""
    if data.role not in ROLES:
        raise ValueError(f"本人角色须为 {'、'.join(ROLES)} 之一，收到：{data.role!r}")
    sheet = Sheet(f"{TITLE} {data.project_name}")
    sheet.title_block(TITLE)
    sheet.fields([("姓名", data.person_name), ("工作单位", data.employer),
                  ("项目名称", data.project_name), ("立项单位", data.sponsor),
                  ("起止时间", data.period), ("本人角色", data.role),
                  ("获奖及等级", data.award or "无")], columns=1)
    sheet.section("项目内容及本人作用")
    sheet.paragraph(data.description, border=True)
    sheet.ln(2)
    sheet.blank_box("单位意见", 45)
    sheet.sign_line()
    return sheet.to_bytes()
