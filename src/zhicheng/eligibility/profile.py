"""Reading and checking the contract's profile (`zhicheng.profile/1`).

The checker walks a small schema, converts ISO dates to `date` and months to (year, month),
and raises ProfileError naming the field (e.g. `education[0].awarded`) for anything unusable.
Absent values stay absent: the rules turn them into `unknown`, never into a guess.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

try:  # orjson parses several times faster; the standard library is the fallback
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    _loads = json.loads

from zhicheng.identity.idnumber import IdNumberError, parse_resident_id

SCHEMA = "zhicheng.profile/1"


class ProfileError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


def _enum(*values: str) -> tuple[str, frozenset[str]]:
    return ("enum", frozenset(values))


DATE, MONTH, STR, BOOL, INT, NUM = "date", "month", "str", "bool", "int", "num"
NULLABLE_DATE = "date?"

_PERIOD = {"from": DATE, "until": DATE}
SPEC: dict[str, Any] = {
    "schema": STR,
    "as_of": DATE,
    "person": {
        "name": STR, "id_type": _enum("resident_id", "passport", "hk_macao_permit",
                                      "taiwan_permit", "foreign_permanent_id"),
        "id_number": STR, "sex": _enum("male", "female"), "birth_date": DATE,
        "female_retirement_baseline": INT,
    },
    "employment": {
        "status": _enum("employed", "freelance", "unemployed", "retired"),
        "retirement_extended": BOOL, "civil_servant": BOOL, "has_contract": BOOL,
        "employer": {
            "name": STR, "region": STR, "zone": STR,
            "ownership": _enum("private", "state_owned", "public_institution", "foreign",
                               "government"),
            "civil_service_managed": BOOL,
        },
    },
    "residency": {
        "hukou_region": STR,
        "residence_permits": [{"region": STR, "valid_until": DATE}],
        "social_security": [{"region": STR, "from": MONTH, "to": MONTH}],
        "personnel_file_region": STR,  # optional (not in contract v1): 人事档案所在地
    },
    "education": [{
        "level": _enum("doctorate", "master", "bachelor", "associate", "secondary_vocational"),
        "field": _enum("science_engineering", "other"), "related": BOOL, "awarded": DATE,
        "mode": _enum("full_time", "part_time"), "engineering_professional_degree": BOOL,
        "foreign": BOOL,
    }],
    "technical_school": [{
        "class": _enum("intermediate_worker", "senior_worker", "technician_prep"),
        "graduated": DATE,
    }],
    "work_history": [{"from": DATE, "to": NULLABLE_DATE, "employer": STR, "technical": BOOL,
                      "related": BOOL}],
    "interruptions": [{"from": DATE, "to": DATE,
                       "reason": _enum("full_time_study", "long_sick_leave", "awaiting_post",
                                       "off_post", "unemployed")}],
    "titles": [{"level": _enum("assistant", "intermediate", "senior"), "series": STR,
                "obtained": DATE}],
    "skills": [{"level": _enum("senior_worker", "technician", "senior_technician"),
                "obtained": DATE}],
    # optional (not in contract v1): 职业资格 such as 建造师; absent means none
    "qualifications": [{"name": STR, "obtained": DATE}],
    "honours": [{"kind": STR, "year": INT}],
    "awards": [{"level": _enum("district", "city", "provincial", "national"), "year": INT,
                "specialty_related": BOOL}],
    "continuing_education": [{"year": INT, "category": _enum("public", "professional"),
                              "hours": NUM}],
    "annual_appraisals": [{"year": INT,
                           "result": _enum("excellent", "competent", "basically_competent",
                                           "incompetent")}],
    "prior_evaluations": [{"year": INT, "region": STR, "level": STR, "related_specialty": BOOL,
                           "passed": BOOL, "same_materials": BOOL}],
    "discipline": [_PERIOD],
    "integrity_records": [_PERIOD],
    "achievements": {
        "projects_led": INT, "quantified_self_score": NUM,
        "alternative_conditions": [STR],
        "enterprise_honour": {"level": _enum("national", "provincial"), "published": DATE,
                              "main_technical_lead": BOOL, "enterprise_quota_used": INT},
    },
    "outputs": [{
        "kind": _enum("paper", "book", "technical_summary", "project_certificate"),
        "chars": INT, "authors": INT, "first_author": BOOL, "published": BOOL,
        "written": DATE, "thesis": BOOL,
    }],
    "application": {"specialty": STR, "direct_category": STR},
}

_TYPE_NAMES = {DATE: "日期（YYYY-MM-DD）", MONTH: "年月（YYYY-MM）", STR: "字符串",
               BOOL: "true 或 false", INT: "整数", NUM: "数字"}


Checker = Callable[[Any], Any]


class _FieldError(Exception):
    """Raised by a checker; containers add their key on the way up (errors are rare, so
    the path is only built when one happens)."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.parts: list[str | int] = []


def _compile(spec: Any) -> Checker:
    """Turn the schema into nested closures once; checking then does no dispatch on spec."""
    if isinstance(spec, dict):
        fields = {key: _compile(sub) for key, sub in spec.items()}

        def check_object(value: Any) -> Any:
            if type(value) is not dict:
                raise _FieldError("应为对象")
            for key, item in value.items():
                checker = fields.get(key)
                if checker is not None and item is not None:
                    try:
                        value[key] = checker(item)
                    except _FieldError as exc:
                        exc.parts.append(key)
                        raise
            return value

        return check_object
    if isinstance(spec, list):
        item_check = _compile(spec[0])

        def check_list(value: Any) -> Any:
            if type(value) is not list:
                raise _FieldError("应为数组")
            for i, item in enumerate(value):
                try:
                    if item is None:
                        raise _FieldError("数组中不能有 null")
                    value[i] = item_check(item)
                except _FieldError as exc:
                    exc.parts.append(i)
                    raise
            return value

        return check_list
    if isinstance(spec, tuple):
        allowed = spec[1]
        names = " | ".join(sorted(allowed))

        def check_enum(value: Any) -> Any:
            if type(value) is str and value in allowed:
                return value
            raise _FieldError(f"取值 {value!r} 无效，应为 {names}")

        return check_enum
    return _SCALARS[spec]


def _path(parts: list[str | int]) -> str:
    out = ""
    for part in reversed(parts):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _bad(kind: str, value: Any) -> _FieldError:
    return _FieldError(f"应为{_TYPE_NAMES[kind]}，实为 {value!r}")


def _date(value: Any) -> date:
    if type(value) is str and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad(DATE, value)


def _month(value: Any) -> tuple[int, int]:
    if type(value) is str and len(value) == 7 and value[4] == "-":
        y, m = value[:4], value[5:]
        if y.isdigit() and m.isdigit() and 1 <= int(m) <= 12:
            return (int(y), int(m))
    raise _bad(MONTH, value)


def _bool(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise _bad(BOOL, value)


def _int(value: Any) -> int:
    if type(value) is int:
        return value
    raise _bad(INT, value)


def _num(value: Any) -> float | int:
    if (type(value) is int or type(value) is float) and value == value and abs(value) != _INF:
        return value
    raise _bad(NUM, value)


def _str(value: Any) -> str:
    if type(value) is str:
        return value
    raise _bad(STR, value)


_INF = float("inf")
_SCALARS: dict[str, Checker] = {DATE: _date, NULLABLE_DATE: _date, MONTH: _month, BOOL: _bool,
                                INT: _int, NUM: _num, STR: _str}
_CHECK = _compile(SPEC)


def parse_profile(data: Any, today: date | None = None, *, copy: bool = True
                  ) -> dict[str, Any]:
    """Check a decoded profile and return it normalised (dates as `date`).

    The check converts values in place; with copy (the default) it works on a deep copy so
    the caller's data is left as it was.
    """
    if copy and isinstance(data, dict):
        data = _deepcopy(data)
    if not isinstance(data, dict):
        raise ProfileError("", "档案应为 JSON 对象")
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise ProfileError("schema", f"应为 {SCHEMA}，实为 {schema!r}")
    try:
        profile = _CHECK(data)
    except _FieldError as exc:
        raise ProfileError(_path(exc.parts), exc.message) from None
    if profile.get("as_of") is None:
        profile["as_of"] = today or date.today()
    person = profile.get("person") or {}
    if person.get("id_type") == "resident_id" and person.get("id_number") is not None:
        try:
            facts = parse_resident_id(person["id_number"], today=profile["as_of"])
        except IdNumberError as exc:
            raise ProfileError("person.id_number", str(exc)) from None
        if facts.number != person["id_number"]:
            raise ProfileError("person.id_number", "末位校验码 X 应为大写")
        if person.get("birth_date") and person["birth_date"] != facts.birth_date:
            raise ProfileError("person.birth_date", "出生日期与身份证号码不符")
        if person.get("sex") and person["sex"] != facts.sex:
            raise ProfileError("person.sex", "性别与身份证号码不符")
    baseline = person.get("female_retirement_baseline")
    if baseline is not None and baseline not in (50, 55):
        raise ProfileError("person.female_retirement_baseline", "应为 50 或 55")
    return profile


def _deepcopy(value: Any) -> Any:
    if type(value) is dict:
        return {k: _deepcopy(v) for k, v in value.items()}
    if type(value) is list:
        return [_deepcopy(v) for v in value]
    return value


def loads_profile(text: str | bytes, today: date | None = None) -> dict[str, Any]:
    """Decode and check one profile; the decoded data is fresh, so it is checked in place."""
    try:
        data = _loads(text)
    except (ValueError, RecursionError) as exc:
        raise ProfileError("", f"不是有效的 JSON：{exc}") from None
    return parse_profile(data, today, copy=False)
