"""Reading and checking the contract's profile (`zhicheng.profile/1`).

SPEC below is the schema; it is turned once into msgspec types, which decode and check a
profile in C, convert ISO dates to `date` (months become (year, month) after), and fail
naming the field (e.g. `education[0].awarded`), in Chinese, for anything unusable. Fields
the schema does not know are dropped. Absent values stay absent: the rules turn them into
`unknown`, never into a guess.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, TypedDict

import msgspec

from zhicheng.identity.idnumber import IdNumberError, parse_resident_id

SCHEMA = "zhicheng.profile/1"


class ProfileError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message

    def describe(self) -> str:
        """The error as a form shows it."""
        return f"档案中 {self.field or '内容'} 有误：{self.message}"


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

_TYPE_NAMES = {"date": "日期（YYYY-MM-DD）", "str": "字符串", "bool": "true 或 false",
               "int": "整数", "float": "数字", "object": "对象", "array": "数组",
               "null": "null"}

_MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_SCALAR_TYPES: dict[str, Any] = {
    DATE: date, NULLABLE_DATE: date, STR: str, BOOL: bool, INT: int, NUM: int | float,
    MONTH: Annotated[str, msgspec.Meta(pattern=_MONTH_PATTERN)],
}


def _type(spec: Any, name: str) -> Any:
    """The msgspec type of a SPEC node; every value may be null, list items may not."""
    if isinstance(spec, dict):
        fields = {key: _type(sub, f"{name}_{key}") | None for key, sub in spec.items()}
        return TypedDict(name, fields, total=False)  # type: ignore[operator]
    if isinstance(spec, list):
        return list[_type(spec[0], name)]  # type: ignore[misc]
    if isinstance(spec, tuple):
        return Literal[tuple(sorted(spec[1]))]  # type: ignore[valid-type]
    return _SCALAR_TYPES[spec]


_PROFILE_TYPE = _type(SPEC, "Profile")
_DECODER = msgspec.json.Decoder(_PROFILE_TYPE)
_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_EXPECTED = re.compile(r"^Expected `(?P<want>[^`]*)`, got `(?P<got>[^`]*)`$")


def _spec_at(path: str) -> Any:
    node: Any = SPEC
    for part in re.findall(r"\.([^.\[]+)|\[\d+\]", path):
        if isinstance(node, list):
            node = node[0]
        if part and isinstance(node, dict):
            node = node.get(part)
    return node[0] if isinstance(node, list) else node


def _error(exc: msgspec.ValidationError) -> ProfileError:
    """msgspec's English message and `$.a[0].b` path as the contract's field and Chinese."""
    match = _AT.match(str(exc))
    what, path = (match["what"], match["path"] or "") if match else (str(exc), "")
    field = path.lstrip(".")
    spec = _spec_at(path)
    if isinstance(spec, tuple):
        got = re.search(r"'(.*)'", what)
        shown = repr(got[1]) if got else "该值"
        return ProfileError(field, f"取值 {shown} 无效，应为 {' | '.join(sorted(spec[1]))}")
    if spec == MONTH:
        return ProfileError(field, "应为年月（YYYY-MM）")
    if spec in (DATE, NULLABLE_DATE):
        return ProfileError(field, f"应为{_TYPE_NAMES['date']}")
    expected = _EXPECTED.match(what)
    if expected:
        wants = [w.strip() for w in expected["want"].split("|") if w.strip() != "null"]
        want = "或".join(_TYPE_NAMES.get(w, w) for w in wants)
        got = _TYPE_NAMES.get(expected["got"], expected["got"])
        if expected["got"] == "null":
            return ProfileError(field, "数组中不能有 null")
        return ProfileError(field, f"应为{want}，实为{got}")
    return ProfileError(field, what)


def _months(profile: dict[str, Any]) -> None:
    for row in (profile.get("residency") or {}).get("social_security") or ():
        for key in ("from", "to"):
            value = row.get(key)
            if value is not None:
                row[key] = (int(value[:4]), int(value[5:]))


def parse_profile(data: Any, today: date | None = None) -> dict[str, Any]:
    """Check a decoded profile and return it normalised (dates as `date`), as a new object:
    the caller's data is left as it was."""
    if not isinstance(data, dict):
        raise ProfileError("", "档案应为 JSON 对象")
    _check_schema(data)
    try:
        profile = msgspec.convert(data, _PROFILE_TYPE)
    except msgspec.ValidationError as exc:
        raise _error(exc) from None
    return _finish(profile, today)


def _check_schema(data: dict[str, Any]) -> None:
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise ProfileError("schema", f"应为 {SCHEMA}，实为 {schema!r}")


def _finish(profile: dict[str, Any], today: date | None) -> dict[str, Any]:
    _months(profile)
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


def loads_profile(text: str | bytes, today: date | None = None) -> dict[str, Any]:
    """Decode and check one profile; the decoded data is fresh, so it is checked in place."""
    try:
        profile = _DECODER.decode(text)
    except msgspec.ValidationError as exc:
        if str(exc).startswith("Expected `object`") and " - at " not in str(exc):
            raise ProfileError("", "档案应为 JSON 对象") from None
        raise _error(exc) from None
    except (msgspec.DecodeError, RecursionError) as exc:
        raise ProfileError("", f"不是有效的 JSON：{exc}") from None
    _check_schema(profile)
    return _finish(profile, today)
