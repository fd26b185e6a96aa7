"""What the API returns, as pydantic schemas (they make the OpenAPI document)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from ninja import Field, Schema

T = TypeVar("T")
MAX_ID = 2**53  # ids in paths and filters: past this nothing exists (and no column overflows)
# No control characters in free-text filters (PostgreSQL refuses NUL in text).
TEXT_FILTER = r"^[^\x00-\x1f\x7f]*$"


class Page(Schema, Generic[T]):
    count: int = Field(description="符合条件的总数")
    next: str | None = Field(description="下一页的完整地址；最后一页为 null")
    previous: str | None = Field(description="上一页的完整地址；第一页为 null")
    results: list[T]


class Ref(Schema):
    id: int
    name: str


class PlanRef(Schema):
    id: int
    key: str
    title: str


class PlanOut(Schema):
    id: int
    key: str
    title: str
    level: str
    level_label: str
    year: int
    status: Literal["draft", "open", "closed"]
    committee: Ref
    notice: str
    region: str
    specialties: list[str]
    apply_opens: date | None
    apply_closes: date | None
    unit_closes: date | None
    department_closes: date | None
    fee: str | None = Field(description="评审费（元），十进制字符串；null 为不收费或未定")
    posting_workdays: int
    paper_copies: int


class Criterion(Schema):
    id: str | None
    status: Literal["pass", "fail", "unknown", "conditional", "not_applicable"]
    message: str
    clause: str


class RouteTried(Schema):
    route: str
    label: str
    status: str
    failed: list[str | None]


class VerdictOut(Schema):
    """The contract's verdict, as `zhicheng eligibility` prints it."""

    plan: str
    verdict: Literal["eligible", "ineligible", "needs_review"]
    route: str | None
    criteria: list[Criterion]
    conditions: list[str]
    review_points: list[str]
    routes_tried: list[RouteTried]


class Person(Schema):
    name: str
    id_number: str = Field(description="证件号码；申报人本人和该申报的评委会办公室见全号，"
                                       "其余隐去中间位")


class ApplicationOut(Schema):
    id: int
    plan: PlanRef
    level: str
    year: int
    specialty: str
    status: str
    status_label: str
    acceptance_no: str | None
    employer: Ref | None
    applicant: Person
    submitted_at: datetime | None
    status_changed_at: datetime | None


class Change(Schema):
    at: datetime
    action: str
    action_label: str
    source: str
    target: str
    acting_for: str | None = Field(description="办理机构；null 为申报人本人")
    by: str | None = Field(description="经办人姓名（申报人本人查看时不显示）")
    reason: str


class ApplicationDetailOut(ApplicationOut):
    history: list[Change]
    precheck: dict[str, Any] = Field(description="提交时的资格预检结论")


class MyApplicationOut(Schema):
    id: int
    plan: PlanRef
    level: str
    year: int
    specialty: str
    status: str
    status_label: str
    acceptance_no: str | None
    submitted_at: datetime | None


class MyApplicationDetailOut(MyApplicationOut):
    history: list[Change]


class ExportIn(Schema):
    kind: Literal["posting", "roster", "fees", "forms"] = Field(
        description="posting 公示表（用人单位）；roster 受理花名册、fees 缴费名单、"
                    "forms 评审表 PDF 压缩包（评委会办公室）")
    plan: int | None = Field(None, ge=1, le=MAX_ID, description="只导出这一计划（评委会办公室）")


class ExportOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: Literal["queued", "running", "done", "failed"]
    filters: dict[str, Any]
    rows: int
    total: int
    error: str
    created_at: datetime
    finished_at: datetime | None
    download: str | None = Field(description="生成完毕后的下载地址")


class CertificateOut(Schema):
    """Exactly what the public verification page shows."""

    number: str
    holder_name: str
    masked_id: str
    title: str
    specialty: str
    committee: str
    approved_on: date
    revoked: bool
    revoked_on: date | None
    reissues: int
