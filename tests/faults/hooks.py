"""Test-only hooks for the processes the fault tests kill: an app whose ready() patches the
platform to stop at one chosen point, and a delivery backend that records what the
"provider" accepted. Installed only by tests.faults.settings; the platform has no hook.

FAULT_PAUSE names the point. At it the process writes FAULT_MARKER and sleeps, so the test
knows where it is when it sends SIGKILL:

* ``locked``: a submission holds the row lock and has passed its checks, nothing written;
* ``written``: status, snapshot, history row and audit row written, not yet committed;
* ``committed``: the submission's transaction has committed, no response sent yet;
* ``send-before``: the delivery backend was called, the provider has not accepted it;
* ``send-after``: the provider accepted the message, the platform has not recorded it;
* ``delivered``: the platform has recorded the message as sent.

FAULT_LEASE_SECONDS shortens the delivery claim (notifications.domain.SENDING_LEASE), so a
killed send becomes retryable within the test's time.
"""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.apps import AppConfig

from zhicheng.notifications.backends import Backend


def pause(point: str, seen: str = "") -> None:
    """At the chosen point: say so in FAULT_MARKER (with what this process sees), then wait
    to be killed."""
    if os.environ.get("FAULT_PAUSE") != point:
        return
    marker = Path(os.environ["FAULT_MARKER"])
    marker.write_text(f"{point} pid={os.getpid()} {seen}\n", encoding="utf-8")
    time.sleep(float(os.environ.get("FAULT_SLEEP", "60")))


class RecordingBackend(Backend):
    """The provider: appends one JSON line per accepted message to FAULT_SENDS."""

    def send(self, address: str, subject: str, body: str) -> None:
        pause("send-before")
        with open(os.environ["FAULT_SENDS"], "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"to": address, "subject": subject, "pid": os.getpid()},
                                ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        pause("send-after")


def _submission_seen(app_id: int) -> str:
    """The application's parts as this process sees them (inside its transaction)."""
    from zhicheng.applications.models import Application
    from zhicheng.audit.models import AuditEntry
    from zhicheng.reviews.models import StateChange

    app = Application.objects.get(pk=app_id)
    history = StateChange.objects.filter(application_id=app_id, action="submit").count()
    audit = AuditEntry.objects.filter(object_type="applications.application",
                                      object_id=str(app_id), action="application.submit").count()
    return (f"status={app.status} snapshot={int(bool(app.snapshot.get('chosen')))} "
            f"history={history} audit={audit}")


def _install_submission_hooks() -> None:
    from zhicheng.applications import domain, transition

    checks, notify, apply = transition._checks, transition._notify, domain.apply

    def paused_checks(who: Any, current: Any, step: Any, today: Any) -> Any:
        act = checks(who, current, step, today)
        if step.action == "submit":
            pause("locked", _submission_seen(current.pk))
        return act

    def paused_notify(app: Any, act: Any, step: Any) -> None:
        notify(app, act, step)
        if act.name == "submit":
            pause("written", _submission_seen(app.pk))

    def paused_apply(who: Any, app: Any, step: Any, *args: Any, **kwargs: Any) -> Any:
        result = apply(who, app, step, *args, **kwargs)
        if step.action == "submit":
            pause("committed", _submission_seen(result.pk))
        return result

    transition._checks = paused_checks
    transition._notify = paused_notify
    domain.apply = paused_apply


def _install_delivery_hooks() -> None:
    from django.db.models.signals import post_save

    from zhicheng.notifications import domain
    from zhicheng.notifications.models import DeliveryAttempt

    lease = os.environ.get("FAULT_LEASE_SECONDS")
    if lease:
        domain.SENDING_LEASE = timedelta(seconds=float(lease))

    def delivered(sender: Any, instance: DeliveryAttempt, created: bool, **kwargs: Any) -> None:
        if created and instance.ok:
            pause("delivered")

    post_save.connect(delivered, sender=DeliveryAttempt, weak=False,
                      dispatch_uid="tests.faults.delivered")


class FaultHooks(AppConfig):
    name = "tests.faults"
    label = "faults"
    verbose_name = "fault-test hooks"

    def ready(self) -> None:
        if os.environ.get("FAULT_PAUSE"):
            _install_submission_hooks()
            _install_delivery_hooks()
