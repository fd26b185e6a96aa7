"""A unit that is not (or no longer) approved keeps its operators' sign-in and grant, but may
use nothing of its role: every page and API operation the matrix opens to the unit is
refused once its organisation is rejected, and the staff's archive files are no longer found.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from zhicheng.orgs.models import OrgStatus

from . import matrix
from .actors import UNIT, World
from .matrix import FORBIDDEN, NOT_FOUND, OK, Row
from .test_matrix import access_of, outcome, patterns, request

pytestmark = pytest.mark.django_db

# signed_in / public pages that stay open to the unit's operator as a person
STILL_OPEN = {
    "orgs:employer_letter",  # the operator's own registration letter (own grant)
    "api-v1:openapi-json", "api-v1:api-root",  # no credentials asked
    "api-v1:certificate_verify",  # anyone's check: a token is not even read
}
# the staff's archive files: found only by an approved unit
NOW_NOT_FOUND = {"archive:file"}


def _cases() -> Iterator[Any]:
    callbacks = {p.key: p.callback for p in patterns()}
    for row in matrix.ROWS:
        if row.skip or row.key not in callbacks:
            continue
        access = access_of(callbacks[row.key])
        for label, kwargs_of, expect in row.cases():
            for method in row.methods:
                before = row.expected(expect, UNIT, method)
                if before not in (OK, NOT_FOUND):
                    continue
                if row.key in STILL_OPEN:
                    after = before
                elif row.key in NOW_NOT_FOUND:
                    after = NOT_FOUND
                elif row.api or isinstance(access, tuple):
                    after = FORBIDDEN
                else:
                    continue  # a page for any signed-in person
                name = f"{row.key}[{label}]" if label else row.key
                yield pytest.param(row, kwargs_of, method, after, id=f"{name}-{method}")


@pytest.mark.parametrize(("row", "kwargs_of", "method", "expected"), list(_cases()))
def test_a_rejected_unit_uses_nothing_of_its_role(world: World, row: Row, kwargs_of: Any,
                                                  method: str, expected: str) -> None:
    employer = world.chain.employer
    employer.status = OrgStatus.REJECTED
    employer.save(update_fields=["status"])
    response = request(world, row, kwargs_of, UNIT, method)
    assert outcome(response) == expected, (
        f"{method} {row.key} as the rejected unit: {response.status_code} "
        f"{response.get('Location', '')}")
