"""`transition.apply`: every move of the table through the one function, with its history,
audit and message; the refusals (actor, state, reason, deadline, version); the save guard."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest
from django.db import OperationalError, connection

from zhicheng.applications.models import Application, Reached
from zhicheng.applications.transition import EVENT_OF, Conflict, Refused, Step, apply, dry_run
from zhicheng.applications.workflow import ACTIONS, State
from zhicheng.audit.domain import SYSTEM, Who
from zhicheng.audit.models import AuditEntry
from zhicheng.notifications.models import Message
from zhicheng.reviews.models import StateChange

from .chain import CONTEXT, Chain, build, drive, fresh, submitted

pytestmark = pytest.mark.django_db

D = date(2023, 9, 1)


def audit_rows(app: Application, action: str) -> int:
    return AuditEntry.objects.filter(object_type="applications.application",
                                     object_id=str(app.pk), action=action).count()


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_transition_goes_through_apply(chain: Chain, name: str) -> None:
    act = ACTIONS[name]
    source = sorted(act.sources)[0]
    app = drive(chain, chain.app, source)
    changes = StateChange.objects.filter(application=app).count()
    audits = AuditEntry.objects.filter(action=f"application.{name}").count()
    reason = "材料需补充" if act.needs_reason else ""
    who = chain.desk(act.actor)
    done = apply(who, app, Step(name, reason=reason, version=app.version,
                                context=CONTEXT.get(name, {})))
    stored = fresh(app)
    assert stored.status == act.target == done.status
    assert stored.version == app.version + 1
    assert stored.status_changed_at is not None
    assert StateChange.objects.filter(application=app).count() == changes + 1
    change = StateChange.objects.filter(application=app).last()
    assert (change.action, change.source, change.target, change.reason) == (
        name, source, act.target, reason)
    assert change.by == who.actor
    assert change.acting_for == who.acting_for
    assert AuditEntry.objects.filter(action=f"application.{name}").count() == audits + 1
    entry = AuditEntry.objects.filter(action=f"application.{name}").last()
    assert entry.object_id == str(app.pk) and entry.reason == reason
    assert entry.before["status"] == source and entry.after["status"] == act.target
    event = EVENT_OF.get(name)
    if event:
        sent = Message.objects.filter(recipient=chain.applicant, object_id=str(app.pk),
                                      dedupe_key__startswith=f"app{app.pk}:v{stored.version}:")
        assert set(sent.values_list("channel", flat=True)) == {"site", "sms", "email"}
        assert set(sent.values_list("event", flat=True)) == {event}
        if reason:
            assert reason in sent.get(channel="site").body
    else:
        assert not Message.objects.filter(
            recipient=chain.applicant, event__in=set(EVENT_OF.values()),
            dedupe_key__startswith=f"app{app.pk}:v{stored.version}:").exists()


@pytest.mark.parametrize("name", sorted(set(ACTIONS) - {"submit", "withdraw"}))
def test_every_desk_action_has_its_source_states_covered(chain: Chain, name: str) -> None:
    """Each source state of a desk action works, not only the first."""
    act = ACTIONS[name]
    for source in sorted(act.sources):
        app = drive(chain, chain.new_app(), source)
        done = apply(chain.desk(act.actor), app, Step(name, reason="原因",
                                                      context=CONTEXT.get(name, {})))
        assert done.status == act.target


def test_reached_records_the_furthest_desk(chain: Chain) -> None:
    app = drive(chain, chain.app, State.SUBMITTED)
    assert fresh(app).reached == Reached.UNIT
    app = drive(chain, chain.new_app(), State.COMMITTEE_REVIEW)
    assert fresh(app).reached == Reached.COMMITTEE
    returned = apply(chain.office.who, app, Step("office_return", reason="缺少业绩证明"))
    assert returned.status == State.RETURNED
    assert fresh(returned).reached == Reached.COMMITTEE  # never goes back down


# --- refusals -------------------------------------------------------------------------

def refused(who: Who, app: Application, step: Step, today: date | None = None) -> str:
    before = fresh(app)
    changes = StateChange.objects.count()
    with pytest.raises(Refused) as exc:
        apply(who, app, step, today=today)
    after = fresh(app)
    assert (after.status, after.version) == (before.status, before.version)
    assert StateChange.objects.count() == changes
    assert dry_run(who, app, step, today) == str(exc.value)
    return str(exc.value)


def test_wrong_unit_wrong_department_wrong_office(chain: Chain) -> None:
    app = submitted(chain.app)
    msg = refused(chain.other_unit.who, app, Step("unit_pass"))
    assert msg == "您无权对该申报执行“审核通过”"
    app = drive(chain, chain.new_app(), State.TO_DEPARTMENT)
    assert "您无权" in refused(chain.other_department_desk.who, app, Step("dept_recommend"))
    # the unit's department role is not its unit role, and the other way round
    assert "您无权" in refused(chain.unit.who, app, Step("dept_recommend"))
    app = drive(chain, chain.new_app(), State.COMMITTEE_REVIEW)
    assert "您无权" in refused(chain.other_office.who, app, Step("office_accept"))
    assert "您无权" in refused(chain.department_desk.who, app, Step("office_accept"))
    # a unit operator of the right unit acting in another role is refused too
    assert "您无权" in refused(Who(actor=chain.unit.user, acting_for=chain.employer,
                                 role="department"), fresh(chain.app), Step("unit_pass"))


def test_applicant_cannot_take_desk_actions_and_desks_cannot_submit(chain: Chain) -> None:
    app = submitted(chain.app)
    me = Who(actor=chain.applicant)
    assert "您无权" in refused(me, app, Step("unit_pass"))
    draft = chain.new_app()
    assert "您无权" in refused(chain.unit.who, draft, Step("submit"))
    assert "您无权" in refused(Who(actor=chain.applicant), draft, Step("submit"))  # not theirs
    assert "您无权" in refused(SYSTEM, draft, Step("withdraw"))


def test_wrong_state_names_the_state(chain: Chain) -> None:
    assert refused(chain.unit.who, chain.app, Step("unit_pass")) == (
        "申报当前为“草稿”，不能“审核通过”")
    app = drive(chain, chain.app, State.UNIT_REVIEW)
    assert refused(Who(actor=chain.applicant), app, Step("withdraw")) == (
        "申报当前为“单位审核中”，不能“撤回申报”")
    assert "没有“fly”这一操作" in refused(chain.unit.who, app, Step("fly"))


@pytest.mark.parametrize("name", sorted(n for n, a in ACTIONS.items() if a.needs_reason))
def test_missing_reason_is_refused(chain: Chain, name: str) -> None:
    act = ACTIONS[name]
    app = drive(chain, chain.app, sorted(act.sources)[0])
    for reason in ("", "   \n"):
        assert refused(chain.desk(act.actor), app, Step(name, reason=reason)) == (
            f"“{act.label}”须填写原因")
    done = apply(chain.desk(act.actor), app, Step(name, reason="  业绩不实  "))
    assert StateChange.objects.filter(application=done).last().reason == "业绩不实"


def test_unit_deadline_the_day_itself_is_allowed_the_next_day_refused(chain: Chain) -> None:
    chain.plan.unit_closes = D
    chain.plan.save()
    app = submitted(chain.app)
    msg = refused(chain.unit.who, app, Step("unit_pass"), today=D + timedelta(days=1))
    assert "单位推荐已于2023年9月1日截止" in msg and "逾期不再受理" in msg
    # reasons do not help, and every unit action is bound by the same date
    assert "单位推荐已于" in refused(chain.unit.who, app, Step("unit_return", reason="x"),
                                   today=D + timedelta(days=30))
    assert apply(chain.unit.who, app, Step("unit_pass"), today=D).status == "unit_passed"


def test_unit_deadline_falls_back_to_the_apply_deadline(chain: Chain) -> None:
    chain.plan.apply_closes = D
    chain.plan.save()
    app = apply(Who(actor=chain.applicant), chain.app, Step("submit"), today=D)
    msg = refused(chain.unit.who, app, Step("unit_receive"), today=D + timedelta(days=1))
    assert msg.startswith("单位推荐已于2023年9月1日截止")


def test_department_deadline(chain: Chain) -> None:
    chain.plan.department_closes = D
    chain.plan.save()
    app = drive(chain, chain.app, State.TO_DEPARTMENT)
    msg = refused(chain.department_desk.who, app, Step("dept_recommend"),
                  today=D + timedelta(days=1))
    assert msg == "主管部门推荐已于2023年9月1日截止，逾期不再受理"
    assert apply(chain.department_desk.who, app, Step("dept_recommend"), today=D).status == (
        "committee_review")
    # the office is bound by no plan date
    assert apply(chain.office.who, app.pk, Step("office_return", reason="补充"),
                 today=D + timedelta(days=90)).status == "returned"


def test_apply_deadline_and_returned_applications_use_the_unit_deadline(chain: Chain) -> None:
    chain.plan.apply_closes = D
    chain.plan.unit_closes = D + timedelta(days=10)
    chain.plan.save()
    msg = refused(Who(actor=chain.applicant), chain.app, Step("submit"),
                  today=D + timedelta(days=1))
    assert msg == "个人申报已于2023年9月1日截止，逾期不再受理"
    app = apply(Who(actor=chain.applicant), chain.app, Step("submit"), today=D)
    app = apply(chain.unit.who, app, Step("unit_return", reason="补照片"), today=D)
    # after the apply deadline, a returned application may come back until the unit's
    assert apply(Who(actor=chain.applicant), app, Step("submit"),
                 today=D + timedelta(days=10)).status == "submitted"
    app = apply(chain.unit.who, app, Step("unit_return", reason="再补"),
                today=D + timedelta(days=10))
    assert "单位推荐已于2023年9月11日截止" in refused(
        Who(actor=chain.applicant), app, Step("submit"), today=D + timedelta(days=11))


def test_guard_refusal_changes_nothing(chain: Chain) -> None:
    app = submitted(chain.app)

    def guard(current: Application, day: date) -> None:
        raise Refused("附加规则不满足")

    assert refused(chain.unit.who, app, Step("unit_pass", guard=guard)) == "附加规则不满足"


def test_effect_runs_inside_the_transaction(chain: Chain) -> None:
    app = submitted(chain.app)

    def effect(current: Application) -> None:
        current.specialty = "机械工程"

    apply(chain.unit.who, app, Step("unit_pass", effect=effect))
    assert fresh(app).specialty == "机械工程"

    def broken(current: Application) -> None:
        raise RuntimeError("effect failed")

    before = StateChange.objects.count()
    with pytest.raises(RuntimeError):
        apply(chain.unit.who, app.pk, Step("unit_post", effect=broken))
    assert fresh(app).status == "unit_passed" and StateChange.objects.count() == before


# --- the save guard ---------------------------------------------------------------------

def test_save_refuses_a_status_change_outside_a_transition(chain: Chain) -> None:
    app = chain.app
    app.status = "accepted"
    with pytest.raises(RuntimeError, match=r"transition\.apply"):
        app.save()
    loaded = fresh(chain.app)
    loaded.status = State.SUBMITTED
    with pytest.raises(RuntimeError):
        loaded.save()
    assert fresh(chain.app).status == "draft"
    # other fields still save, and a new draft is created as usual
    loaded.status = "draft"
    loaded.specialty = "机械工程"
    loaded.save()
    assert fresh(chain.app).specialty == "机械工程"
    new = chain.new_app()
    assert new.pk and fresh(new).status == "draft"


def test_an_instance_refreshed_after_another_moved_it_saves_and_stays_guarded(
        chain: Chain) -> None:
    stale = chain.app
    submitted(chain.app)  # moved through another instance
    stale.refresh_from_db()
    stale.specialty = "机械工程"
    stale.save()
    assert fresh(stale).status == "submitted"
    stale.status = "accepted"
    with pytest.raises(RuntimeError):
        stale.save()


def test_save_after_a_transition_keeps_working(chain: Chain) -> None:
    app = submitted(chain.app)  # the instance apply returns
    app.specialty = "机械工程"
    app.save()
    loaded = fresh(app)
    loaded.statement = "补充"
    loaded.save()
    assert fresh(app).status == "submitted"


# --- concurrency ----------------------------------------------------------------------

def test_two_reviewers_with_the_same_version_the_first_wins(chain: Chain) -> None:
    app = submitted(chain.app)
    seen = fresh(app).version
    second = Who(actor=chain.department_desk.user)  # anyone: the version check comes first
    apply(chain.unit.who, app, Step("unit_pass", version=seen))
    with pytest.raises(Conflict) as exc:
        apply(chain.unit.who, app, Step("unit_return", reason="退回", version=seen))
    assert "已被他人处理" in str(exc.value)
    assert "单位审核通过，待公示" in str(exc.value)  # names the state it is in now
    with pytest.raises(Conflict):
        apply(second, app, Step("unit_pass", version=seen))
    assert StateChange.objects.filter(application=app).exclude(action="submit").count() == 1
    assert fresh(app).status == "unit_passed"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_passes_without_version_only_one_applies() -> None:
    """Two operators press “审核通过” at the same moment, neither sending a version.

    On PostgreSQL the row lock makes the second wait and then see the new state. SQLite has
    no row locks, and its in-memory test database reports a lock conflict at once instead of
    waiting: a thread that meets one tries again, as the operator would. Either way exactly
    one pass is applied and the other is refused for the state the first one left."""
    chain = build()
    app = submitted(chain.app)
    barrier = threading.Barrier(2)
    results: list[str] = []
    lock_conflicts: list[str] = []

    def work(n: int) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            for _ in range(200):
                try:
                    apply(chain.unit.who, app.pk, Step("unit_pass"))
                    results.append("ok")
                    return
                except Refused as exc:
                    results.append(f"refused:{exc}")
                    return
                except OperationalError as exc:
                    if connections["default"].vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    lock_conflicts.append(str(exc))
                    time.sleep(0.005 * (n + 1))
            results.append("gave up")
        except Exception as exc:  # reported in the assertion below
            results.append(f"error:{type(exc).__name__}:{exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    results.sort()
    assert len(results) == 2 and results[0] == "ok", results
    assert results[1] == "refused:申报当前为“单位审核通过，待公示”，不能“审核通过”", results
    assert StateChange.objects.filter(application=app, action="unit_pass").count() == 1
    assert AuditEntry.objects.filter(action="application.unit_pass").count() == 1
    assert fresh(app).version == app.version + 1
    if connection.vendor == "postgresql":
        assert lock_conflicts == []
