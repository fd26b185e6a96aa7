"""Continuing-education (继续教育) hours exported by training platforms, CSV or XLSX. Pure.

Headers differ between platforms, so each column accepts synonyms. Hours may be given directly,
as days or half-days (a day is 8 hours), or, for a conference or lecture, as a duration in
half-days: a half-day of conference or lecture is 4 hours. Bad cells are reported with their
line and column; only an unreadable file raises CeImportError.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import openpyxl

from zhicheng.core.filetypes import FileTypeError, check_document_bytes

Category = Literal["public", "professional"]
Row = tuple[int, list[object]]
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000  # non-blank rows
MAX_LINES = 200_000  # including blank ones (styled empty rows of a spreadsheet)
MAX_COLUMNS = 60
HEADER_SCAN = 30  # the header row may follow a title and a few notes
# field -> header names, preferred first (认定学时 beats 学时 when both are present)
FIELDS: dict[str, tuple[str, ...]] = {
    "year": ("年度", "年份", "学年", "培训年度"),
    "date": ("完成时间", "学习日期", "培训时间", "完成日期", "培训日期"),
    "category": ("科目类别", "课程类别", "类别", "科目"),
    "hours": ("认定学时", "获得学时", "学时", "学时数"),
    "days": ("天数",),
    "half_days": ("半天数",),
    "form": ("形式", "类型", "培训形式"),
    "duration": ("时长",),
    "provider": ("培训机构", "施教机构", "机构", "主办单位"),
    "course": ("课程名称", "项目名称", "培训名称"),
}
DEFAULT_UNIT = {"hours": "学时", "days": "天", "half_days": "半天", "duration": "半天"}
HOURS_PER = {"学时": 1.0, "小时": 1.0, "课时": 1.0, "h": 1.0, "天": 8.0, "半天": 4.0, "个半天": 4.0}
AMOUNT = re.compile(r"(-?\d+(?:\.\d+)?)?\s*(学时|小时|课时|h|个半天|半天|天)?")
YEAR = re.compile(r"(\d{4})(?:年度?|学年)?")
DATE = re.compile(r"(\d{4})(?:[-/.年]\d{1,2}|\d{4}).*")  # 2023-05-12, 2023年5月, 20230512
TOTAL = re.compile(r"(合计|总计|小计)([:(].*|学时.*)?")
EXPECTED = ("应包含以下列：年度（或年份、学年、完成时间、学习日期、培训时间）、"
            "类别（或科目类别、课程类别、科目）、学时（或学时数、认定学时、获得学时、天数、半天数，"
            "会议和讲座可用“形式”与“时长”）")
NOT_TABLE = "文件不是 CSV 或 Excel（.xlsx）表格"


class CeImportError(ValueError):
    """The file cannot be read as a table of hours; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class CeRow:
    year: int
    category: Category
    hours: float
    provider: str
    course: str
    line: int


def parse_ce_export(data: bytes, max_bytes: int = MAX_BYTES) -> tuple[list[CeRow], list[str]]:
    """Rows of hours and the problems of the rows that could not be read (line and column)."""
    zipped = data.startswith(b"PK\x03\x04")
    tables = _xlsx_tables(data, max_bytes) if zipped else _csv_tables(data, max_bytes)
    try:
        for rows in tables:
            found = _locate(rows)
            if found is not None:
                return _parse(*found)
    finally:
        tables.close()
    raise CeImportError(f"未找到表头行（在前 {HEADER_SCAN} 行中查找），{EXPECTED}")


def summarise(rows: Iterable[CeRow]) -> dict[int, dict[str, float]]:
    """Year → {"public": hours, "professional": hours}, years in order."""
    out: dict[int, dict[str, float]] = {}
    for row in sorted(rows, key=lambda r: r.year):
        year = out.setdefault(row.year, {"public": 0.0, "professional": 0.0})
        year[row.category] = round(year[row.category] + row.hours, 2)
    return out


def _csv_tables(data: bytes, max_bytes: int) -> Generator[Iterator[Row], None, None]:
    if len(data) > max_bytes:
        raise CeImportError(f"文件不能超过 {max_bytes / 1048576:g} MB"
                            f"（当前 {len(data) / 1048576:.1f} MB）")
    if not data.strip():
        raise CeImportError("文件是空的")
    if data.startswith((b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")):
        raise CeImportError(f"{NOT_TABLE}；旧版 Excel（.xls）文件请另存为 .xlsx 或 CSV 后导入")
    text = _decode(data)
    for delimiter in (",", "\t", ";"):
        yield _csv_rows(text, delimiter)


def _decode(data: bytes) -> str:
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else (
        "utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise CeImportError(f"{NOT_TABLE}，或其文字编码无法识别（请另存为 UTF-8 或 GBK 编码的 CSV）")


def _csv_rows(text: str, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for record in reader:
            yield line, list(record)
            line = reader.line_num + 1
    except csv.Error:
        raise CeImportError(f"CSV 文件第{line}行格式有误，无法读取") from None


def _xlsx_tables(data: bytes, max_bytes: int) -> Generator[Iterator[Row], None, None]:
    try:
        check_document_bytes(data, ("xlsx",), "文件", max_bytes)
    except FileTypeError as exc:
        raise CeImportError(f"{exc}；请导入 CSV 或 Excel（.xlsx）表格") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise CeImportError("Excel 文件已损坏，无法读取") from None
    try:
        for sheet in book.worksheets:
            yield _sheet_rows(sheet)
    finally:
        book.close()


def _sheet_rows(sheet: Any) -> Iterator[Row]:
    try:
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        for number, values in enumerate(rows, start=1):
            yield number, list(values)
    except Exception:  # openpyxl raises many kinds of errors on malformed sheets
        raise CeImportError("Excel 文件已损坏，无法读取") from None


def _locate(rows: Iterator[Row]) -> tuple[dict[str, int], list[object], Iterator[Row]] | None:
    for _ in range(HEADER_SCAN):
        item = next(rows, None)
        if item is None:
            return None
        columns = _header(item[1])
        if columns is not None:
            return columns, item[1], rows
    return None


def _header(cells: list[object]) -> dict[str, int] | None:
    found: dict[str, tuple[int, int]] = {}  # field -> (preference, column)
    for column, cell in enumerate(cells):
        hit = _field(cell)
        if hit is not None and (hit[0] not in found or hit[1] < found[hit[0]][0]):
            found[hit[0]] = (hit[1], column)
    has = set(found)
    hours = has & {"hours", "days", "half_days"} or {"duration", "form"} <= has
    if has & {"year", "date"} and has & {"category", "form"} and hours:
        return {name: column for name, (_, column) in found.items()}
    return None


def _field(cell: object) -> tuple[str, int] | None:
    """The field a header cell names, with its preference; "时长（小时）" etc. name their unit."""
    if not isinstance(cell, str):
        return None
    text = re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", cell))
    match = re.fullmatch(r"(.*?)(?:\((.*)\))?", text)
    if match is None:
        return None
    name, unit = match.groups()
    if name == "时长" and unit:
        if "时" in unit:
            return "hours", 99
        if "天" in unit and "半天" not in unit:
            return "days", 99
    for field, names in FIELDS.items():
        if name in names:
            return field, names.index(name)
    return None


def _parse(columns: dict[str, int], header: list[object],
           rows: Iterator[Row]) -> tuple[list[CeRow], list[str]]:
    titles = {f: str(header[c]).strip() for f, c in columns.items()}
    out: list[CeRow] = []
    errors: list[str] = []
    count = 0
    for line, raw in rows:
        if line > MAX_LINES:
            raise CeImportError(f"文件行数过多（超过 {MAX_LINES} 行），请按年度分别导出后导入")
        cells = [_clean(v) for v in raw]
        values = {f: _at(cells, c) for f, c in columns.items()}
        # blank (or only a 序号), a total, or the header repeated on each printed page
        if all(v is None for v in values.values()) or _is_total(cells) or _header(raw):
            continue
        count += 1
        if count > MAX_ROWS:
            raise CeImportError(f"文件行数过多（超过 {MAX_ROWS} 行），请按年度分别导出后导入")
        row, problems = _row(line, values, titles)
        errors.extend(f"第{line}行{p}" for p in problems)
        if row is not None:
            out.append(row)
    return out, errors


def _row(line: int, v: dict[str, object], titles: dict[str, str]) -> tuple[CeRow | None,
                                                                            list[str]]:
    problems: list[str] = []
    year = _year(v, titles, problems)
    category = _category(v, titles, problems)
    hours = _hours(v, titles, problems)
    if problems or year is None or category is None or hours is None:
        return None, problems
    provider, course = (str(v.get(f) or "") for f in ("provider", "course"))
    return CeRow(year, category, hours, provider, course, line), []


def _year(v: dict[str, object], titles: dict[str, str], problems: list[str]) -> int | None:
    field = "year" if v.get("year") is not None or "date" not in titles else "date"
    value, title = v.get(field), titles.get(field) or titles["date"]
    if value is None:
        problems.append(f"“{title}”为空")
        return None
    year: int | None = None
    if isinstance(value, date):
        year = value.year
    elif isinstance(value, int | float) and not isinstance(value, bool) and value == int(value):
        year = int(value) if field == "year" else None
    elif isinstance(value, str):
        match = re.fullmatch(YEAR if field == "year" else DATE, value)
        year = int(match[1]) if match else None
    if year is None or not 1950 <= year <= 2100:
        wanted = "年份（如 2023）" if field == "year" else "日期（如 2023-05-12）"
        problems.append(f"“{title}”应为{wanted}，实为“{_show(value)}”")
        return None
    return year


def _category(v: dict[str, object], titles: dict[str, str],
              problems: list[str]) -> Category | None:
    """From the category column, or, when it is absent or empty, a 形式/类型 naming it."""
    value = v.get("category")
    text = str(value if value is not None else v.get("form") or "")
    if "公需" in text:
        return "public"
    if "专业" in text:
        return "professional"
    if "category" not in titles:
        problems.append("缺少“类别”（应为公需科目或专业科目）")
    elif value is None:
        problems.append(f"“{titles['category']}”为空（应为公需科目或专业科目）")
    else:
        problems.append(f"“{titles['category']}”应为公需科目或专业科目，实为“{_show(value)}”")
    return None


def _hours(v: dict[str, object], titles: dict[str, str], problems: list[str]) -> float | None:
    fields = ["hours", "days", "half_days"]
    if "会议" in str(v.get("form") or "") or "讲座" in str(v.get("form") or ""):
        fields.append("duration")
    for field in fields:
        value = v.get(field)
        if value is None:
            continue
        hours = _amount(value, DEFAULT_UNIT[field])
        if hours is None:
            problems.append(f"“{titles[field]}”应为数字，实为“{_show(value)}”")
        elif hours < 0:
            problems.append(f"“{titles[field]}”不能为负数，实为“{_show(value)}”")
            return None
        return hours
    if v.get("duration") is not None:
        problems.append(f"“{titles['duration']}”按半天折算只适用于会议、讲座，其他形式请填写学时")
    else:
        title = next(titles[f] for f in (*fields, "duration") if f in titles)
        problems.append(f"“{title}”为空")
    return None


def _amount(value: object, unit: str) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) * HOURS_PER[unit]
    match = AMOUNT.fullmatch(str(value).lower())
    if match is None or (match[1] is None and match[2] != "半天"):
        return None
    return float(match[1] or 1) * HOURS_PER[match[2] or unit]


def _clean(value: object) -> object:
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
        return value or None
    return value


def _at(cells: list[object], column: int) -> object:
    return cells[column] if column < len(cells) else None


def _is_total(cells: list[object]) -> bool:
    return any(isinstance(c, str) and TOTAL.fullmatch(c.replace(" ", "")) for c in cells)


def _show(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)
