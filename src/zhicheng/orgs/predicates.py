"""Named permission predicates. A view passes the request's Acting as the subject."""

from __future__ import annotations

from typing import Any

import rules

from .models import OrgKind, OrgStatus, Role


@rules.predicate
def acts_as_department(acting: Any) -> bool:
    return acting is not None and acting.role == Role.DEPARTMENT


@rules.predicate
def acts_as_committee_office(acting: Any) -> bool:
    return acting is not None and acting.role == Role.COMMITTEE_OFFICE


@rules.predicate
def acts_as_unit_admin(acting: Any) -> bool:
    return acting is not None and acting.role == Role.UNIT_ADMIN


@rules.predicate
def is_acceptance_point_of(acting: Any, employer: Any) -> bool:
    return (employer is not None and employer.kind == OrgKind.EMPLOYER
            and acting.organisation is not None and employer.parent_id == acting.organisation.pk)


@rules.predicate
def is_pending(acting: Any, org: Any) -> bool:
    return org is not None and org.status == OrgStatus.PENDING


@rules.predicate
def is_committee_of(acting: Any, department: Any) -> bool:
    return (department is not None and acting.organisation is not None
            and department.parent_id == acting.organisation.pk)


rules.add_rule("orgs.view_employer", acts_as_department & is_acceptance_point_of)
rules.add_rule("orgs.review_employer",
               acts_as_department & is_acceptance_point_of & is_pending)
rules.add_rule("orgs.create_department", acts_as_committee_office)
rules.add_rule("orgs.grant_expert", acts_as_committee_office)
rules.add_rule("orgs.view_department", acts_as_committee_office & is_committee_of)
