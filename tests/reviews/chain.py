"""A small review chain for tests: committee → department → employer, one operator per desk
(plus a second unit, a second department and a second committee for the negative cases),
a plan created directly and an applicant's draft application."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tests import factories
from zhicheng.applications.models import Application
from zhicheng.applications.transition import Step, apply
from zhicheng.applications.workflow import ACTIONS, Actor, State
from zhicheng.audit.domain import Who
from zhicheng.orgs.models import Organisation, Role, RoleGrant
from zhicheng.plans.models import Plan

_keys = itertools.count(1)


@dataclass
class Desk:
    """One operator acting for one organisation in one role."""

    user: Any
    grant: RoleGrant

    @property
    def who(self) -> Who:
        return Who(actor=self.user, acting_for=self.grant.organisation, role=self.grant.role)


@dataclass
class Chain:
    committee: Organisation
    department: Organisation
    employer: Organisation
    other_employer: Organisation  # a second unit under the same department
    other_department: Organisation  # under the same committee, parent of far_employer
    far_employer: Organisation
    other_committee: Organisation
    plan: Plan
    applicant: Any
    app: Application
    unit: Desk
    department_desk: Desk
    office: Desk
    other_unit: Desk
    other_department_desk: Desk
    other_office: Desk
    far_unit: Desk  # the unit of far_employer (whose department is other_department)

    @property
    def desks(self) -> list[Desk]:
        return [self.unit, self.department_desk, self.office, self.other_unit,
                self.other_department_desk, self.other_office, self.far_unit]

    def desk(self, actor: Actor) -> Who:
        if actor == Actor.APPLICANT:
            return Who(actor=self.applicant)
        return {Actor.UNIT: self.unit, Actor.DEPARTMENT: self.department_desk,
                Actor.OFFICE: self.office}[actor].who

    def desk_for(self, actor: Actor, app: Application) -> Who:
        """The desk that may take `actor`'s actions on this very application."""
        if actor == Actor.APPLICANT:
            return Who(actor=app.applicant)
        role, org_id = {Actor.UNIT: (Role.UNIT_ADMIN, app.employer_id),
                        Actor.DEPARTMENT: (Role.DEPARTMENT, app.employer.parent_id),
                        Actor.OFFICE: (Role.COMMITTEE_OFFICE, app.committee_id)}[actor]
        for d in self.desks:
            if d.grant.role == role and d.grant.organisation_id == org_id:
                return d.who
        raise LookupError(f"no {role} desk for organisation {org_id}")

    def new_app(self, employer: Organisation | None = None, plan: Plan | None = None,
                name: str | None = None, specialty: str = "电子信息") -> Application:
        """Another applicant's draft, in this chain's plan unless told otherwise."""
        return make_app(plan or self.plan, employer or self.employer, name=name,
                        specialty=specialty)


def make_desk(role: str, org: Organisation, name: str | None = None) -> Desk:
    user = factories.make_user(**({"name": name} if name else {}))
    return Desk(user, factories.grant(user, role, org))


def make_plan(committee: Organisation, **extra: Any) -> Plan:
    n = next(_keys)
    fields: dict[str, Any] = {
        "key": f"test-2023-engineer-{n}", "title": f"2023年度工程师评审（测试{n}）",
        "level": "engineer", "year": 2023, "committee": committee, "status": "open",
        "apply_closes": None, "unit_closes": None, "department_closes": None,
        "fee": Decimal("300.00"), "paper_copies": 2, "paper_workdays": 5,
        "specialties": ["电子信息", "机械工程"]}
    fields.update(extra)
    return Plan.objects.create(**fields)


def make_app(plan: Plan, employer: Organisation, name: str | None = None,
             specialty: str = "电子信息") -> Application:
    person = factories.make_user(employer=employer, **({"name": name} if name else {}))
    return Application.objects.create(applicant=person, plan=plan, level=plan.level,
                                      year=plan.year, committee=plan.committee,
                                      employer=employer, specialty=specialty)


def build(**plan_fields: Any) -> Chain:
    committee = factories.make_committee()
    department = factories.make_department(committee)
    employer = factories.make_employer(department)
    other_employer = factories.make_employer(department)
    other_department = factories.make_department(committee, name="另一受理点")
    far_employer = factories.make_employer(other_department)
    other_committee = factories.make_committee("另一评审委员会")
    plan = make_plan(committee, **plan_fields)
    app = make_app(plan, employer, name="申报人甲")
    return Chain(
        committee=committee, department=department, employer=employer,
        other_employer=other_employer, other_department=other_department,
        far_employer=far_employer, other_committee=other_committee, plan=plan,
        applicant=app.applicant, app=app,
        unit=make_desk(Role.UNIT_ADMIN, employer, "单位经办人"),
        department_desk=make_desk(Role.DEPARTMENT, department, "主管部门经办人"),
        office=make_desk(Role.COMMITTEE_OFFICE, committee, "评委会办公室经办人"),
        other_unit=make_desk(Role.UNIT_ADMIN, other_employer),
        other_department_desk=make_desk(Role.DEPARTMENT, other_department),
        other_office=make_desk(Role.COMMITTEE_OFFICE, other_committee),
        far_unit=make_desk(Role.UNIT_ADMIN, far_employer),
    )


def fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def submitted(app: Application) -> Application:
    return apply(Who(actor=app.applicant), app, Step("submit"))


# What posting.post would add to the message (a raw unit_post has no posting end date).
CONTEXT: dict[str, dict[str, str]] = {"unit_post": {"deadline": "2023年10月9日"}}

# The legal steps from a draft to each state.
PATHS: dict[State, list[str]] = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.UNIT_REVIEW: ["submit", "unit_receive"],
    State.UNIT_PASSED: ["submit", "unit_pass"],
    State.POSTING: ["submit", "unit_pass", "unit_post"],
    State.TO_DEPARTMENT: ["submit", "unit_pass", "unit_post", "unit_recommend"],
    State.DEPARTMENT_REVIEW: ["submit", "unit_pass", "unit_post", "unit_recommend",
                              "dept_receive"],
    State.COMMITTEE_REVIEW: ["submit", "unit_pass", "unit_post", "unit_recommend",
                             "dept_recommend"],
    State.ACCEPTED: ["submit", "unit_pass", "unit_post", "unit_recommend", "dept_recommend",
                     "office_accept"],
    State.EXPERT_REVIEW: ["submit", "unit_pass", "unit_post", "unit_recommend",
                          "dept_recommend", "office_accept", "start_evaluation"],
    State.APPROVED: ["submit", "unit_pass", "unit_post", "unit_recommend", "dept_recommend",
                     "office_accept", "start_evaluation", "record_pass"],
    State.NOT_APPROVED: ["submit", "unit_pass", "unit_post", "unit_recommend",
                         "dept_recommend", "office_accept", "start_evaluation",
                         "record_fail"],
    State.CERTIFIED: ["submit", "unit_pass", "unit_post", "unit_recommend", "dept_recommend",
                      "office_accept", "start_evaluation", "record_pass", "certify"],
    State.RETURNED: ["submit", "unit_return"],
    State.REJECTED: ["submit", "unit_reject"],
    State.WITHDRAWN: ["withdraw"],
    State.REVOKED: ["submit", "unit_pass", "unit_post", "unit_recommend", "dept_recommend",
                    "revoke"],
}


def drive(chain: Chain, app: Application, target: State, today: date | None = None
          ) -> Application:
    """Move `app` to `target` through legal steps, each by the desk the table names.

    Each step is a bare `apply`: the domain functions' own rules and effects (the posting
    record, the acceptance number, paper and fee) are left out; tests of those call
    posting.post, office.accept and the like themselves."""
    for name in PATHS[target]:
        act = ACTIONS[name]
        app = apply(chain.desk_for(act.actor, app), app.pk,
                    Step(name, reason="测试原因" if act.needs_reason else "",
                         context=CONTEXT.get(name, {})), today=today)
    assert app.status == target
    return app


def client_for(desk: Desk | None, user: Any = None) -> Any:
    """A test client signed in as the desk's operator acting in its role (or, with no desk,
    as `user` acting as an applicant)."""
    from django.test import Client

    client = Client()
    client.force_login(desk.user if desk else user)
    factories.act_as(client, desk.grant if desk else None)
    return client
