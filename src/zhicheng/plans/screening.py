"""Pre-screening profiles against a plan: one applicant's, or an office's whole sheet."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from zhicheng.core.filetypes import FileTypeError, check_document_bytes
from zhicheng.eligibility import evaluate
from zhicheng.eligibility.flat import HEADERS, JSON_COLUMN, row_to_profile
from zhicheng.eligibility.plan import Plan as EnginePlan
from zhicheng.eligibility.profile import ProfileError, loads_profile, parse_profile
from zhicheng.eligibility.verdict import FAIL, UNKNOWN, Verdict
from zhicheng.identity.idnumber import mask

VERDICT_NAME = {"eligible": "符合", "ineligible": "不符合", "needs_review": "需人工审核"}
ROUTE_NAME = {"normal": "学历资历", "title": "职称资历", "skill": "技能人才贯通",
              "direct": "直接申报", "alternative": "条件替代", "quantified": "量化评价",
              "exceptional": "破格（例外）"}
MAX_ROWS = 200_000


class UploadError(ValueError):
    """An uploaded sheet that cannot be read at all; the message says why."""


@dataclass
class Row:
    label: str
    name: str
    id_number: str
    verdict: Verdict | None
    error: str | None

    @property
    def failed(self) -> list[str]:
        if not self.verdict:
            return []
        return [c.message for c in self.verdict.criteria if c.status == FAIL]

    @property
    def unknown(self) -> list[str]:
        if not self.verdict:
            return []
        return [c.message for c in self.verdict.criteria if c.status == UNKNOWN]

    @property
    def masked_id(self) -> str:
        return mask(self.id_number)


def profile_from_user(user: Any, as_of: Any = None, *, verified_only: bool = False
                      ) -> dict[str, Any]:
    """What the platform knows of a person, in the contract's profile form: account, unit
    and the personal archive. What is missing leads to `unknown`, never to a guess;
    verified_only leaves out titles and achievements the unit has not verified."""
    person = {"name": user.name, "id_type": user.id_type or None,
              "id_number": user.id_number, "sex": user.sex or None,
              "birth_date": user.birth_date.isoformat() if user.birth_date else None}
    profile: dict[str, Any] = {"schema": "zhicheng.profile/1",
                               "person": {k: v for k, v in person.items() if v is not None}}
    if as_of:
        profile["as_of"] = as_of.isoformat()
    employer = user.employer
    if employer is not None:
        profile["employment"] = {"status": "employed", "employer": {
            k: v for k, v in {"name": employer.name, "region": employer.region or None,
                              "ownership": employer.ownership or None}.items() if v}}
    from zhicheng.archive.profile import archive_sections

    profile.update(archive_sections(user, verified_only=verified_only))
    if user.pk is not None:
        from zhicheng.integrity.domain import profile_records

        records = profile_records(user.pk)
        if records:
            profile["integrity_records"] = records
    return profile


def check(plan: EnginePlan, data: dict[str, Any]) -> Verdict:
    return evaluate(plan, parse_profile(data))


def read_upload(name: str, raw: bytes) -> Iterator[tuple[str, Any]]:
    """Rows of an uploaded JSON Lines or Excel file as (label, profile text or dict).

    The type is decided by the content: an Excel file is a ZIP archive.
    """
    if raw.startswith(b"PK\x03\x04"):
        yield from _xlsx_rows(raw)
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError("文件既不是 Excel（.xlsx）也不是 UTF-8 编码的 JSON Lines") from None
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            count += 1
            if count > MAX_ROWS:
                raise UploadError(f"一次最多预检 {MAX_ROWS} 份档案")
            yield f"第{number}行", line


def _xlsx_rows(raw: bytes) -> Iterator[tuple[str, Any]]:
    try:  # entry count and unpacked size first: a zip bomb is refused before openpyxl opens it
        check_document_bytes(raw, ("xlsx",), "档案表", len(raw))
    except FileTypeError as exc:
        raise UploadError(str(exc)) from None
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        raise UploadError("无法读取该 Excel 文件（请另存为 .xlsx 后重试）") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise UploadError("Excel 第一行应为表头")
    names = [str(h).strip() if h is not None else "" for h in header]
    if not any(n in HEADERS or n == JSON_COLUMN for n in names):
        raise UploadError("Excel 表头不可识别，请使用下载的模板")
    for number, values in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise UploadError(f"一次最多预检 {MAX_ROWS} 份档案")
        if values is None or all(v in (None, "") for v in values):
            continue
        yield f"第{number}行", dict(zip(names, values, strict=False))
    book.close()


def check_upload(name: str, raw: bytes) -> None:
    """UploadError at once for a file that cannot be read at all (its type, its header), so
    the office is told on the form rather than by a failed job."""
    rows = read_upload(name, raw)
    try:
        next(rows, None)
    finally:
        rows.close()


def screen(plan: EnginePlan, rows: Iterable[tuple[str, Any]],
           progress: Callable[[int], None] | None = None) -> list[Row]:
    """Judge each row; `progress`, if given, is told the number of rows done after each."""
    out: list[Row] = []
    for label, item in rows:
        name = id_number = ""
        try:
            if isinstance(item, dict):
                data = row_to_profile(item)
                profile = parse_profile(data)
            else:
                profile = loads_profile(item)
            person = profile.get("person") or {}
            name, id_number = person.get("name") or "", person.get("id_number") or ""
            out.append(Row(label, name, id_number, evaluate(plan, profile), None))
        except ProfileError as exc:
            out.append(Row(label, name, id_number, None, str(exc)))
        if progress is not None:
            progress(len(out))
    return out


def results_workbook(plan_title: str, rows: list[Row]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "预检结果"
    sheet.append([plan_title])
    sheet["A1"].font = Font(bold=True, size=13)
    header = ["行", "姓名", "证件号码", "结论", "路径", "不符合的条件", "需审核的条件",
              "附加条件", "无法读取的原因"]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
    for r in rows:
        v = r.verdict
        sheet.append([
            r.label, r.name, r.id_number,
            VERDICT_NAME.get(v.verdict, v.verdict) if v else "无法读取",
            ROUTE_NAME.get(v.route or "", v.route or "") if v else "",
            "\n".join(r.failed), "\n".join(r.unknown),
            "\n".join(v.conditions) if v else "", r.error or "",
        ])
    widths = [10, 10, 22, 12, 12, 60, 60, 40, 40]
    for i, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A3"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class ShownRow:
    """A row of a stored results file, as the screening page shows it (ID masked)."""

    label: str
    name: str
    masked_id: str
    verdict: str | None  # eligible / ineligible / needs_review; None: unreadable
    route: str
    failed: list[str]
    unknown: list[str]
    error: str

    @property
    def verdict_label(self) -> str:
        return VERDICT_NAME.get(self.verdict or "", "无法读取")


def read_results(raw: bytes, limit: int) -> list[ShownRow]:
    """The first `limit` rows of a results file written by results_workbook."""
    codes = {label: code for code, label in VERDICT_NAME.items()}
    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    out = []
    for values in book.active.iter_rows(min_row=3, max_row=2 + limit, values_only=True):
        label, name, number, verdict, route, failed, unknown, _, error = (
            "" if v is None else str(v) for v in (*values, *[None] * 9)[:9])
        out.append(ShownRow(label, name, mask(number), codes.get(verdict), route,
                            failed.splitlines(), unknown.splitlines(), error))
    book.close()
    return out


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "档案"
    years = ["公需学时2021", "专业学时2021", "公需学时2022", "专业学时2022",
             "年度考核2021", "年度考核2022"]
    sheet.append([*HEADERS, *years, JSON_COLUMN])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(["2022-08-20", "王磊", "居民身份证", "310115199004120311", "男", "1990-04-12",
                  None, "在职", "否", "是", "上海某软件有限公司", "上海市浦东新区", None,
                  "民营企业", "否", "上海市", "本科", "2014-07-01", "全日制", "理工科", "是",
                  "2014-07-15", None, None, None, None, "computer_application",
                  30, 60, 30, 60, "合格", "合格", None])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def verdict_json(v: Verdict) -> str:
    return json.dumps(v.as_dict(), ensure_ascii=False, indent=2)
