"""Property-based tests of the eligibility engine and the archive's profile importer.

Profiles are drawn from the contract's own schema (`eligibility.profile.SPEC`): every key at
every depth may be present or absent, hold a value of the right type (any date from year 1
to 9999, any integer, any float, any string, any enum member) or junk of the wrong type
(nested lists and objects of anything). Fed to `parse_profile` + `evaluate` for every
shipped plan, only `ProfileError` may come out; fed to the importer (the file upload of
"导入档案", and `import_sections` behind it), only `ProfileError`, shown on the form."""

from __future__ import annotations

import json
import math
import os
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories
from zhicheng.archive.profile import import_sections
from zhicheng.audit.domain import Who
from zhicheng.eligibility import evaluate, shipped_plan
from zhicheng.eligibility.plan import shipped_keys
from zhicheng.eligibility.profile import SPEC, ProfileError, loads_profile, parse_profile

PLANS = [shipped_plan(k) for k in shipped_keys()]
# ZHICHENG_FUZZ_SCALE=20 runs twenty times as many examples (a longer search by hand).
SCALE = int(os.environ.get("ZHICHENG_FUZZ_SCALE", "1"))
ENGINE_EXAMPLES = 400 * SCALE
IMPORT_EXAMPLES = 150 * SCALE

junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6)
any_date = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(
    date.isoformat)
any_month = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999),
                      st.integers(1, 12))
SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "date": any_date, "date?": st.one_of(st.none(), any_date), "month": any_month,
    "str": st.text(max_size=40), "bool": st.booleans(),
    "int": st.one_of(st.integers(-10, 3000), st.integers()),
    "num": st.one_of(st.integers(-10, 10**6), st.floats(allow_nan=False)),
}


def from_spec(spec: Any, junk_too: bool) -> st.SearchStrategy[Any]:
    """A value for a SPEC node of its type; with junk_too, sometimes junk instead."""
    if isinstance(spec, dict):
        right = st.fixed_dictionaries(
            {}, optional={k: from_spec(v, junk_too) for k, v in spec.items()})
    elif isinstance(spec, list):
        right = st.lists(from_spec(spec[0], junk_too), max_size=3)
    elif isinstance(spec, tuple):
        right = st.sampled_from(sorted(spec[1]))
    else:
        right = SCALARS[spec]
    return st.one_of(right, junk) if junk_too else right


def _stamped(profile: dict[str, Any]) -> dict[str, Any]:
    return profile | {"schema": "zhicheng.profile/1"}


# Typed profiles reach deep into the rules and the importer; mixed ones test the checks.
typed = st.fixed_dictionaries({}, optional={
    k: from_spec(v, False) for k, v in SPEC.items()}).map(_stamped)
mixed = st.fixed_dictionaries({}, optional={
    k: from_spec(v, True) for k, v in SPEC.items()}).map(_stamped)
profiles = st.one_of(typed, mixed)


def _engine(profile: Any) -> None:
    try:
        checked = parse_profile(profile)
    except ProfileError as exc:
        assert exc.describe()
        return
    for plan in PLANS:
        verdict = evaluate(plan, checked).as_dict()
        assert verdict["verdict"] in {"eligible", "ineligible", "needs_review"}
        json.dumps(verdict, ensure_ascii=False)


@settings(max_examples=ENGINE_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(profiles)
def test_the_engine_gives_a_verdict_or_a_profile_error(profile: Any) -> None:
    _engine(profile)


@settings(max_examples=100 * SCALE, deadline=None)
@given(junk)
def test_any_json_value_at_all(value: Any) -> None:
    _engine(value)
    text = json.dumps(value, allow_nan=True)
    try:
        loads_profile(text)
    except ProfileError:
        pass


def _as_json(profile: Any) -> bytes:
    def finite(v: Any) -> Any:  # JSON has no NaN or Infinity: a file could not hold them
        if isinstance(v, float) and not math.isfinite(v):
            return 0
        if isinstance(v, dict):
            return {k: finite(x) for k, x in v.items()}
        if isinstance(v, list):
            return [finite(x) for x in v]
        return v
    return json.dumps(finite(profile), ensure_ascii=False).encode()


@pytest.mark.django_db
@settings(max_examples=IMPORT_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(profile=profiles)
def test_the_importer_imports_or_names_the_field(profile: Any, applicant: Any) -> None:
    raw = _as_json(profile)
    with transaction.atomic():
        try:
            checked = loads_profile(raw, today=date(2026, 1, 1))
        except ProfileError:
            checked = None
        if checked is not None:
            for key in ("work_history", "interruptions"):
                for row in checked.get(key) or []:
                    row.setdefault("to", None)
            try:
                import_sections(Who(actor=applicant), applicant, checked)
            except ProfileError as exc:
                assert exc.field and exc.describe()
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=40 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(profile=profiles)
def test_the_import_page_never_fails(profile: Any, applicant: Any) -> None:
    client = Client()
    client.force_login(applicant)
    upload = SimpleUploadedFile("profile.json", _as_json(profile), "application/json")
    with transaction.atomic():
        r = client.post("/archive/import/", {"profile": upload})
        assert r.status_code == 200
        transaction.set_rollback(True)


@pytest.fixture
def applicant(db: None) -> Any:
    return factories.make_user()


@pytest.mark.django_db
def test_found_by_the_fuzzer_a_negative_year_is_named_not_a_500(applicant: Any) -> None:
    """The importer used to pass a negative year to the database (IntegrityError, a 500 on
    the import page); now the row's field is named and nothing is written."""
    from zhicheng.archive.models import Award

    profile = {"schema": "zhicheng.profile/1",
               "awards": [{"level": "city", "year": -1, "specialty_related": True}]}
    with pytest.raises(ProfileError) as caught:
        import_sections(Who(actor=applicant), applicant, loads_profile(json.dumps(profile)))
    assert caught.value.field == "awards[0].year"
    client = Client()
    client.force_login(applicant)
    for bad in (profile, {"schema": "zhicheng.profile/1", "titles": [
            {"level": "senior", "series": "x" * 31, "obtained": "2020-01-01"}]},
                {"schema": "zhicheng.profile/1", "continuing_education": [
                    {"year": 2024, "category": "public", "hours": 1e6}]}):
        upload = SimpleUploadedFile("p.json", json.dumps(bad).encode(), "application/json")
        r = client.post("/archive/import/", {"profile": upload})
        assert r.status_code == 200 and "有误" in r.content.decode()
    assert not Award.objects.filter(owner=applicant).exists()
