"""Continuing-education hour exports: CSV in UTF-8 or GBK, XLSX made in memory."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from zhicheng.archive.ce_import import CeImportError, CeRow, parse_ce_export, summarise


def csv_bytes(text: str, encoding: str = "utf-8-sig") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx_bytes(*rows: list[object], sheets: int = 1) -> bytes:
    book = openpyxl.Workbook()
    for _ in range(sheets - 1):  # leading sheets without hours (a cover page)
        book.active.append(["继续教育证明"])
        book.create_sheet()
        book.active = len(book.worksheets) - 1
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def parse_ok(data: bytes) -> list[CeRow]:
    rows, errors = parse_ce_export(data)
    assert errors == []
    return rows


def test_utf8_csv_with_bom() -> None:
    data = csv_bytes("年度,类别,学时,机构,课程名称\n"
                     "2023,公需科目,12,省人社厅,职业道德与诚信建设\n"
                     "2023,专业科目,36.5,某大学,机械设计新进展\n")
    assert data.startswith(b"\xef\xbb\xbf")
    assert parse_ok(data) == [
        CeRow(2023, "public", 12.0, "省人社厅", "职业道德与诚信建设", 2),
        CeRow(2023, "professional", 36.5, "某大学", "机械设计新进展", 3),
    ]


def test_utf8_csv_without_bom() -> None:
    rows = parse_ok("年度,类别,学时\n2022,公需,6\n".encode())
    assert rows == [CeRow(2022, "public", 6.0, "", "", 2)]


def test_gbk_csv_with_synonyms() -> None:
    data = csv_bytes("序号,年份,科目,学时数,施教机构,培训名称\n"
                     "1,2021年,公需课,10,市继续教育基地,数字经济概论\n"
                     "2,2021年度,专业课,20学时,省工程师学会,焊接工艺\n", "gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert parse_ok(data) == [
        CeRow(2021, "public", 10.0, "市继续教育基地", "数字经济概论", 2),
        CeRow(2021, "professional", 20.0, "省工程师学会", "焊接工艺", 3),
    ]


def test_gb18030_only_characters() -> None:
    data = csv_bytes("学年,课程类别,获得学时,主办单位,项目名称\n"
                     "2020,专业科目,8,䶮研究会,𠀾工程\n", "gb18030")
    assert parse_ok(data) == [CeRow(2020, "professional", 8.0, "䶮研究会", "𠀾工程", 2)]


def test_xlsx_with_title_rows_dates_and_a_total() -> None:
    data = xlsx_bytes(
        ["2023年度专业技术人员继续教育学时证明"],
        [],
        ["序号", "课程名称", "课程类别", "认定学时", "完成时间", "培训机构"],
        [1, "安全生产法规", "公需科目", 12, datetime(2023, 5, 12), "省人社厅"],
        [2, "BIM 技术应用", "专业科目", 24.5, "2023/09/01", "建筑学会"],
        [3, "智能制造", "专业科目", "16", "2024年1月3日", "工学院"],
        ["合计", None, None, 52.5, None, None],
    )
    assert parse_ok(data) == [
        CeRow(2023, "public", 12.0, "省人社厅", "安全生产法规", 4),
        CeRow(2023, "professional", 24.5, "建筑学会", "BIM 技术应用", 5),
        CeRow(2024, "professional", 16.0, "工学院", "智能制造", 6),
    ]


def test_xlsx_hours_on_a_later_sheet() -> None:
    data = xlsx_bytes(["年度", "类别", "学时"], [2022, "公需科目", 30], sheets=2)
    assert parse_ok(data) == [CeRow(2022, "public", 30.0, "", "", 2)]


def test_conference_and_lecture_half_days_are_four_hours() -> None:
    data = csv_bytes("年度,类别,形式,时长,课程名称\n"
                     "2023,专业科目,学术会议,3,全国焊接年会\n"
                     "2023,专业科目,讲座,1,专题讲座\n"
                     "2023,专业科目,会议,2天,行业大会\n"
                     "2023,公需科目,讲座,半天,形势报告\n")
    assert [(r.hours, r.course) for r in parse_ok(data)] == [
        (12.0, "全国焊接年会"), (4.0, "专题讲座"), (16.0, "行业大会"), (4.0, "形势报告")]


def test_days_and_half_day_columns() -> None:
    data = csv_bytes("年度,类别,学时,天数,半天数\n"
                     "2023,专业,,1.5,\n"
                     "2023,专业,,,3\n"
                     "2023,专业,6,2,\n")  # an explicit 学时 wins over 天数
    assert [r.hours for r in parse_ok(data)] == [12.0, 12.0, 6.0]


def test_a_duration_unit_in_the_header_is_respected() -> None:
    data = csv_bytes("年度,类别,时长（小时）\n2023,专业,6\n")
    assert [r.hours for r in parse_ok(data)] == [6.0]


def test_a_half_day_duration_outside_conferences_is_reported() -> None:
    rows, errors = parse_ce_export(csv_bytes("年度,类别,形式,时长\n2023,专业,网络课程,3\n"))
    assert rows == []
    assert errors == ["第2行“时长”按半天折算只适用于会议、讲座，其他形式请填写学时"]


def test_category_may_come_from_the_type_column() -> None:
    data = csv_bytes("年度,类型,学时\n2023,公需课,5\n2023,专业课,7\n")
    assert [(r.category, r.hours) for r in parse_ok(data)] == [
        ("public", 5.0), ("professional", 7.0)]


def test_blank_numbered_total_and_repeated_header_rows_are_skipped() -> None:
    data = csv_bytes("序号,年度,类别,学时\n"
                     "1,2023,公需科目,10\n"
                     ",,,\n"
                     "\n"
                     "2,,,\n"
                     "序号,年度,类别,学时\n"
                     "3,2023,专业科目,20\n"
                     "小计,,,30\n"
                     "总计：,,,30\n")
    assert [(r.line, r.hours) for r in parse_ok(data)] == [(2, 10.0), (7, 20.0)]


def test_a_bad_hours_cell_is_reported_with_its_line_and_column() -> None:
    data = csv_bytes("年度,类别,学时,课程名称\n"
                     "2023,公需科目,6,甲\n"
                     "2023,公需科目,6,乙\n"
                     "2023,公需科目,6,丙\n"
                     "2023,专业科目,十二,丁\n"
                     "2023,专业科目,8,戊\n")
    rows, errors = parse_ce_export(data)
    assert errors == ["第5行“学时”应为数字，实为“十二”"]
    assert [r.course for r in rows] == ["甲", "乙", "丙", "戊"]


def test_every_bad_cell_of_a_row_is_reported() -> None:
    data = csv_bytes("年度,类别,学时\n去年,选修,-3\n2023,,\n")
    rows, errors = parse_ce_export(data)
    assert rows == []
    assert errors == [
        "第2行“年度”应为年份（如 2023），实为“去年”",
        "第2行“类别”应为公需科目或专业科目，实为“选修”",
        "第2行“学时”不能为负数，实为“-3”",
        "第3行“类别”为空（应为公需科目或专业科目）",
        "第3行“学时”为空",
    ]


def test_a_bad_date_is_reported() -> None:
    rows, errors = parse_ce_export(csv_bytes("学习日期,类别,学时\n五月,专业,3\n"))
    assert rows == []
    assert errors == ["第2行“学习日期”应为日期（如 2023-05-12），实为“五月”"]


def test_line_numbers_count_quoted_multiline_cells() -> None:
    data = csv_bytes('年度,类别,学时,课程名称\n2023,公需,3,"上篇\n下篇"\n2023,公需,x,丙\n')
    rows, errors = parse_ce_export(data)
    assert rows[0].course == "上篇\r\n下篇"
    assert errors == ["第4行“学时”应为数字，实为“x”"]


def test_tab_separated_utf16_text_from_excel() -> None:
    data = "年度\t类别\t学时\r\n2023\t专业科目\t4\r\n".encode("utf-16")
    assert parse_ok(data) == [CeRow(2023, "professional", 4.0, "", "", 2)]


def test_summarise_by_year_and_category() -> None:
    rows = [CeRow(2023, "public", 12, "", "", 2), CeRow(2022, "professional", 0.1, "", "", 3),
            CeRow(2023, "professional", 20, "", "", 4), CeRow(2022, "professional", 0.2, "", "",
                                                              5)]
    assert summarise(rows) == {2022: {"public": 0.0, "professional": 0.3},
                               2023: {"public": 12.0, "professional": 20.0}}
    assert list(summarise(rows)) == [2022, 2023]


# --- unreadable files raise -----------------------------------------------------------------

def test_no_header_row_names_the_expected_columns() -> None:
    with pytest.raises(CeImportError) as caught:
        parse_ce_export(csv_bytes("姓名,单位\n张三,某公司\n"))
    assert "未找到表头行" in str(caught.value)
    assert all(word in str(caught.value) for word in ("年度", "类别", "学时", "完成时间"))


def test_a_header_beyond_the_first_rows_is_not_searched_for() -> None:
    with pytest.raises(CeImportError, match="未找到表头行"):
        parse_ce_export(csv_bytes("说明\n" * 30 + "年度,类别,学时\n2023,公需,3\n"))


@pytest.mark.parametrize(("data", "words"), [
    (b"%PDF-1.4\n%%EOF\n", "不是 CSV 或 Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".xls"),
    (b"", "空的"),
    (bytes(range(256)) * 4, "不是 CSV 或 Excel"),
])
def test_files_that_are_not_tables_raise(data: bytes, words: str) -> None:
    with pytest.raises(CeImportError, match=words.replace(".", r"\.")):
        parse_ce_export(data)


def test_a_word_document_is_not_an_excel_file() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "wordprocessingml.document.main+xml")
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(CeImportError, match="不是 XLSX"):
        parse_ce_export(buf.getvalue())


def test_a_damaged_xlsx_raises() -> None:
    data = xlsx_bytes(["年度", "类别", "学时"], [2023, "公需", 3])
    with pytest.raises(CeImportError, match="损坏"):
        parse_ce_export(data[: len(data) - 200])


def test_a_sheet_with_broken_xml_raises() -> None:
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(["年度", "类别", "学时"], [2023, "公需", 3])))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for info in good.infolist():
            broken = info.filename == "xl/worksheets/sheet1.xml"
            zf.writestr(info, b"<worksheet><sheetData><row r=" if broken else good.read(info))
    with pytest.raises(CeImportError, match="Excel 文件已损坏"):
        parse_ce_export(buf.getvalue())


def test_a_file_over_the_size_limit_raises() -> None:
    with pytest.raises(CeImportError, match="不能超过 1 MB"):
        parse_ce_export(csv_bytes("年度,类别,学时\n" + "2023,公需,1\n" * 100_000), 1024 * 1024)
