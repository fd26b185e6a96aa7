"""One committee's round for the statistics tests, and another committee's beside it whose
rows must never show."""

from __future__ import annotations

from dataclasses import dataclass

from tests.meetings.panel import expert_who, make_experts
from tests.reviews.chain import Chain, build, drive, make_app, make_plan
from zhicheng.applications.models import Application
from zhicheng.applications.workflow import State
from zhicheng.experts import domain as experts_domain
from zhicheng.experts.models import Assignment, DisciplineGroup, Expert, ScoreSheet
from zhicheng.orgs.models import Organisation
from zhicheng.overlapcheck.models import Material, Report
from zhicheng.overlapcheck.models import Status as MaterialStatus
from zhicheng.plans.models import Plan

MALICIOUS = '<script>alert("单位")</script>恶意单位'
FOREIGN_UNIT = "外委会专属单位"
FOREIGN_SPECIALTY = "外委会专属专业"


@dataclass
class Round:
    chain: Chain
    plan: Plan  # the chain's plan, 2023
    later: Plan  # a second plan of the committee, 2024
    foreign_plan: Plan  # the other committee's
    bad_unit: Organisation
    experts: list[Expert]


def _app(chain: Chain, state: State, plan: Plan | None = None,
         employer: Organisation | None = None, specialty: str = "电子信息") -> Application:
    return drive(chain, chain.new_app(employer=employer, plan=plan, specialty=specialty), state)


def _rename(org: Organisation, name: str) -> Organisation:
    org.name = name
    org.save(update_fields=["name"])
    return org


def _material(app: Application, ratio: float | None = None, sampled: bool = True,
              status: str = MaterialStatus.INDEXED, resubmission: bool = False) -> Material:
    n = Material.objects.count() + 1
    material = Material.objects.create(
        application=app, owner=app.applicant, name=f"u{app.applicant_id}/a{app.pk}/o{n}",
        title=f"技术总结{n}", sha256="0" * 64, chars=1000, sampled=sampled, status=status)
    if ratio is not None:
        Report.objects.create(material=material, chars=1000, overlap_ratio=ratio,
                              max_source_ratio=ratio, excluding_own_ratio=ratio,
                              resubmission=resubmission)
    return material


def _score(expert: Expert, app: Application) -> None:
    assignment = Assignment.objects.get(application=app, expert=expert)
    experts_domain.score(expert_who(expert), assignment, {"achievement": "80"}, "")


def build_round() -> Round:
    """The committee's applications (plan 2023 unless said):

    stage             unit            specialty  n
    draft             employer        电子信息   1  (chain.app: not counted)
    withdrawn draft   employer        电子信息   1  (never submitted: not counted)
    submitted         employer        电子信息   2
    returned          employer        电子信息   1
    committee_review  bad_unit        机械工程   1
    expert_review     employer        电子信息   2  (in_review, assigned to experts)
    expert_review     employer        机械工程   1  (extra, assigned to experts)
    approved          bad_unit        机械工程   2
    certified         employer        电子信息   1
    not_approved      employer        电子信息   1
    approved (2024)   employer        电子信息   1
    """
    chain = build()
    plan = chain.plan
    later = make_plan(chain.committee, year=2024, title="2024年度工程师评审")
    # units with a desk of their own (drive() needs one): renamed for the tests
    bad_unit = _rename(chain.other_employer, MALICIOUS)
    foreign_unit = _rename(chain.far_employer, FOREIGN_UNIT)
    drive(chain, chain.new_app(), State.WITHDRAWN)
    for _ in range(2):
        _app(chain, State.SUBMITTED)
    _app(chain, State.RETURNED)
    _app(chain, State.COMMITTEE_REVIEW, employer=bad_unit, specialty="机械工程")
    in_review = [_app(chain, State.EXPERT_REVIEW) for _ in range(2)]
    approved = [_app(chain, State.APPROVED, employer=bad_unit,
                     specialty="机械工程") for _ in range(2)]
    _app(chain, State.CERTIFIED)
    failed = _app(chain, State.NOT_APPROVED)
    _app(chain, State.APPROVED, plan=later)

    # the other committee: its own plan, units and specialty
    foreign_plan = make_plan(chain.other_committee, title="外委会评审计划")
    foreign = [make_app(foreign_plan, foreign_unit, specialty=FOREIGN_SPECIALTY)
               for _ in range(3)]
    drive(chain, foreign[0], State.APPROVED)
    drive(chain, foreign[1], State.NOT_APPROVED)
    drive(chain, foreign[2], State.SUBMITTED)

    # overlap: one material in each band, and the boundaries
    _material(in_review[0], 0.05)
    _material(in_review[0], 0.10)  # 10% is in the middle band
    _material(in_review[1], 0.29, resubmission=True)
    _material(approved[0], 0.30)  # 30% is high
    _material(approved[0], 0.80, sampled=False)  # checked by hand though not sampled
    _material(approved[1])  # sampled, waiting
    _material(failed, sampled=False)
    _material(failed, status=MaterialStatus.UNREADABLE)
    _material(foreign[0], 0.5)

    # experts: the first has three applications and scored two, the second one, unscored
    experts = make_experts(chain, 2)
    ScoreSheet.objects.create(plan=plan, categories=[
        {"key": "achievement", "label": "业绩成果", "weight": 100, "max": 100,
         "required": True}])
    extra = _app(chain, State.EXPERT_REVIEW, specialty="机械工程")
    for app in [*in_review, extra]:
        Assignment.objects.create(application=app, expert=experts[0])
    Assignment.objects.create(application=in_review[0], expert=experts[1])
    _score(experts[0], in_review[0])
    _score(experts[0], extra)
    group = DisciplineGroup.objects.create(plan=plan, name="电子组", specialties=["电子信息"])
    group.experts.set(experts)
    DisciplineGroup.objects.create(plan=plan, name="机械组", specialties=["机械工程"])
    return Round(chain, plan, later, foreign_plan, bad_unit, experts)

