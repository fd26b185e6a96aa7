"""Unusable profiles get a message naming the field; usable ones are normalised."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhicheng.eligibility.profile import ProfileError, loads_profile, parse_profile


def base(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": "zhicheng.profile/1", "as_of": "2022-08-20",
                            "person": {"name": "王磊", "id_type": "resident_id",
                                       "id_number": "310115199004120311", "sex": "male",
                                       "birth_date": "1990-04-12"}}
    data.update(extra)
    return data


def test_dates_and_months_are_converted() -> None:
    p = parse_profile(base(residency={"social_security": [{"region": "上海市", "from": "2021-03",
                                                           "to": "2022-08"}]},
                           work_history=[{"from": "2014-07-15", "to": None}]))
    assert p["as_of"] == date(2022, 8, 20)
    assert p["residency"]["social_security"][0]["from"] == (2021, 3)
    assert p["work_history"][0]["to"] is None


@pytest.mark.parametrize(("data", "field"), [
    (base(as_of="2022/08/20"), "as_of"),
    (base(education=[{"level": "phd"}]), "education[0].level"),
    (base(education=[{"level": "bachelor", "awarded": "2014-13-01"}]), "education[0].awarded"),
    (base(work_history={"from": "2014-01-01"}), "work_history"),
    (base(continuing_education=[{"year": "2021", "hours": 30}]), "continuing_education[0].year"),
    (base(continuing_education=[{"year": 2021, "hours": True}]),
     "continuing_education[0].hours"),
    (base(schema="zhicheng.profile/2"), "schema"),
    (base(residency={"social_security": [{"from": "2021-13"}]}),
     "residency.social_security[0].from"),
    (base(achievements={"enterprise_honour": {"level": "city"}}),
     "achievements.enterprise_honour.level"),
])
def test_bad_fields_are_named(data: dict[str, Any], field: str) -> None:
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    assert info.value.field == field


def test_forged_resident_id_is_unusable() -> None:
    data = base()
    data["person"]["id_number"] = "310115199004120312"
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    assert info.value.field == "person.id_number"
    assert "校验位" in str(info.value)


def test_lower_case_x_is_unusable() -> None:
    data = base()
    data["person"].update(id_number="11010519491231002x", birth_date="1949-12-31",
                          sex="female")
    with pytest.raises(ProfileError, match="大写"):
        parse_profile(data)


def test_birth_date_must_match_the_id_number() -> None:
    data = base()
    data["person"]["birth_date"] = "1990-04-13"
    with pytest.raises(ProfileError) as info:
        parse_profile(data)
    assert info.value.field == "person.birth_date"


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", "null", '"x"', "1e999999", "[" * 100000])
def test_non_objects_and_bad_json(text: str) -> None:
    with pytest.raises(ProfileError):
        loads_profile(text)


def test_unknown_fields_are_accepted_and_dropped() -> None:
    p = parse_profile(base(extra_field={"a": 1}, person={"name": "王磊", "nickname": 3}))
    assert "extra_field" not in p
    assert p["person"] == {"name": "王磊"}


@pytest.mark.parametrize(("text", "field", "words"), [
    ('{"education": [{"level": "phd"}]}', "education[0].level", "'phd'"),
    ('{"outputs": [{"chars": "3600"}]}', "outputs[0].chars", "整数"),
    ('{"work_history": [null]}', "work_history[0]", "null"),
    ('{"as_of": "2022-02-30"}', "as_of", "YYYY-MM-DD"),
])
def test_messages_are_chinese_and_name_the_field(text: str, field: str, words: str) -> None:
    with pytest.raises(ProfileError) as info:
        loads_profile(text)
    assert info.value.field == field
    assert words in info.value.message
    assert "Expected" not in info.value.message


def test_the_callers_data_is_left_as_it_was() -> None:
    data = base(work_history=[{"from": "2014-07-15"}])
    parse_profile(data)
    assert data["work_history"][0]["from"] == "2014-07-15"


def test_missing_as_of_defaults_to_today() -> None:
    data = base()
    del data["as_of"]
    assert parse_profile(data, today=date(2026, 11, 23))["as_of"] == date(2026, 11, 23)
