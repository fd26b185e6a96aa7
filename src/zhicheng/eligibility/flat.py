"""A flat, one-row-per-person form of the profile, for spreadsheets an office fills in.

Each column has a Chinese header; values may be the contract's codes or their Chinese
names. A column 档案JSON holding a whole profile takes precedence over the other columns.
Continuing education and appraisals take one column per year: 公需学时2021, 专业学时2021,
年度考核2021.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from .profile import SCHEMA, ProfileError

YES = {"是", "有", "y", "yes", "true", "1", "√"}
NO = {"否", "无", "n", "no", "false", "0", "×"}
CHOICES: dict[str, dict[str, str]] = {
    "sex": {"男": "male", "女": "female"},
    "id_type": {"居民身份证": "resident_id", "身份证": "resident_id", "护照": "passport",
                "港澳居民来往内地通行证": "hk_macao_permit",
                "台湾居民来往大陆通行证": "taiwan_permit",
                "外国人永久居留身份证": "foreign_permanent_id"},
    "status": {"在职": "employed", "自由职业": "freelance", "未就业": "unemployed",
               "已退休": "retired", "退休": "retired"},
    "ownership": {"民营企业": "private", "国有企业": "state_owned",
                  "事业单位": "public_institution", "外资企业": "foreign", "机关": "government"},
    "level": {"博士": "doctorate", "博士研究生": "doctorate", "硕士": "master",
              "硕士研究生": "master", "本科": "bachelor", "大学本科": "bachelor",
              "大专": "associate", "专科": "associate", "大学专科": "associate",
              "中专": "secondary_vocational", "中职": "secondary_vocational"},
    "mode": {"全日制": "full_time", "非全日制": "part_time"},
    "field": {"理工科": "science_engineering", "理工": "science_engineering", "其他": "other"},
    "title": {"助理工程师": "assistant", "工程师": "intermediate", "高级工程师": "senior"},
    "skill": {"高级工": "senior_worker", "技师": "technician", "高级技师": "senior_technician"},
    "result": {"优秀": "excellent", "合格": "competent", "称职": "competent",
               "基本合格": "basically_competent", "基本称职": "basically_competent",
               "不合格": "incompetent", "不称职": "incompetent"},
}

# header, path, how to read the cell
COLUMNS: list[tuple[str, tuple[Any, ...], str]] = [
    ("检查日期", ("as_of",), "date"),
    ("姓名", ("person", "name"), "str"),
    ("证件类型", ("person", "id_type"), "id_type"),
    ("证件号码", ("person", "id_number"), "str"),
    ("性别", ("person", "sex"), "sex"),
    ("出生日期", ("person", "birth_date"), "date"),
    ("女职工退休基准年龄", ("person", "female_retirement_baseline"), "int"),
    ("就业状态", ("employment", "status"), "status"),
    ("是否公务员", ("employment", "civil_servant"), "bool"),
    ("是否签订劳动合同", ("employment", "has_contract"), "bool"),
    ("单位名称", ("employment", "employer", "name"), "str"),
    ("单位所在地区", ("employment", "employer", "region"), "str"),
    ("单位所在园区", ("employment", "employer", "zone"), "str"),
    ("单位性质", ("employment", "employer", "ownership"), "ownership"),
    ("参照公务员法管理单位", ("employment", "employer", "civil_service_managed"), "bool"),
    ("户籍所在地", ("residency", "hukou_region"), "str"),
    ("最高学历", ("education", 0, "level"), "level"),
    ("学历取得时间", ("education", 0, "awarded"), "date"),
    ("学习形式", ("education", 0, "mode"), "mode"),
    ("专业类别", ("education", 0, "field"), "field"),
    ("所学专业是否对口", ("education", 0, "related"), "bool"),
    ("参加专业技术工作时间", ("work_history", 0, "from"), "date"),
    ("现有职称", ("titles", 0, "level"), "title"),
    ("职称取得时间", ("titles", 0, "obtained"), "date"),
    ("职业技能等级", ("skills", 0, "level"), "skill"),
    ("技能等级取得时间", ("skills", 0, "obtained"), "date"),
    ("申报专业代码", ("application", "specialty"), "str"),
]
HEADERS = [c[0] for c in COLUMNS]
YEAR_COLUMN = re.compile(r"^(公需学时|专业学时|年度考核)(\d{4})$")
JSON_COLUMN = "档案JSON"


def _cell(value: Any, how: str, header: str) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return None
    if how == "str":
        return str(value) if not isinstance(value, float) else f"{value:.0f}"
    if how == "date":
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        text = str(value).replace("/", "-").replace(".", "-")
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ProfileError(header, f"应为日期（如 2014-07-01），实为 {value!r}") from None
    if how == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ProfileError(header, f"应为整数，实为 {value!r}") from None
    if how == "num":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ProfileError(header, f"应为数字，实为 {value!r}") from None
    if how == "bool":
        text = str(value).strip().lower()
        if value is True or text in YES:
            return True
        if value is False or text in NO:
            return False
        raise ProfileError(header, f"应为“是”或“否”，实为 {value!r}")
    table = CHOICES[how]
    text = str(value)
    if text in table.values():
        return text
    if text in table:
        return table[text]
    raise ProfileError(header, f"取值 {value!r} 无效，可填：{'、'.join(table)}")


def _put(target: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = target
    for i, key in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(key, int):
            while len(node) <= key:
                node.append({})
            node = node[key]
        else:
            node = node.setdefault(key, [] if isinstance(nxt, int) else {})
    last = path[-1]
    node[last] = value


def row_to_profile(row: dict[str, Any]) -> dict[str, Any]:
    """One spreadsheet row (header → cell) to a profile in the contract's JSON form."""
    raw_json = row.get(JSON_COLUMN)
    if isinstance(raw_json, str) and raw_json.strip():
        try:
            data = json.loads(raw_json)
        except ValueError as exc:
            raise ProfileError(JSON_COLUMN, f"不是有效的 JSON：{exc}") from None
        return data
    profile: dict[str, Any] = {"schema": SCHEMA}
    for header, path, how in COLUMNS:
        if header in row:
            value = _cell(row[header], how, header)
            if value is not None:
                _put(profile, path, value)
    if "work_history" in profile:
        profile["work_history"][0].update(to=None, technical=True)
    if "person" in profile:
        profile["person"].setdefault("id_type", "resident_id")
    for header, value in row.items():
        m = YEAR_COLUMN.match(str(header or ""))
        if not m or value in (None, ""):
            continue
        year = int(m.group(2))
        if m.group(1) == "年度考核":
            profile.setdefault("annual_appraisals", []).append(
                {"year": year, "result": _cell(value, "result", header)})
        else:
            category = "public" if m.group(1) == "公需学时" else "professional"
            profile.setdefault("continuing_education", []).append(
                {"year": year, "category": category, "hours": _cell(value, "num", header)})
    return profile
