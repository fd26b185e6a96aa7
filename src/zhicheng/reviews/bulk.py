"""Bulk actions that preview before they apply (HotCRP's way): the preview says, for each
application, whether the action would go through and if not why; applying runs each one in
its own transaction so one refusal does not undo the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from zhicheng.applications.models import Application
from zhicheng.applications.transition import Refused, Step, apply, dry_run
from zhicheng.audit.domain import Who

BULK_ACTIONS = {
    "unit_receive": "开始审核", "unit_pass": "审核通过", "unit_return": "退回修改",
    "unit_reject": "审核不通过", "dept_receive": "接收", "dept_recommend": "推荐至评委会",
    "dept_return": "退回修改", "office_accept": "受理（分配受理号）", "office_return": "退回修改",
}


@dataclass(frozen=True)
class Line:
    app: Application
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def preview(who: Who, apps: Iterable[Application], action: str, reason: str = "",
            versions: dict[int, int] | None = None) -> list[Line]:
    versions = versions or {}
    return [Line(a, dry_run(who, a, Step(action, reason=reason, version=versions.get(a.pk))))
            for a in apps]


def _accept(who: Who, app: Application, version: int | None, reason: str) -> Application:
    from .office import accept

    return accept(who, app, version)


RUNNERS: dict[str, Callable[[Who, Application, int | None, str], Application]] = {
    "office_accept": _accept,
}


def run(who: Who, apps: Iterable[Application], action: str, reason: str = "",
        versions: dict[int, int] | None = None,
        progress: Callable[[int], None] | None = None) -> list[Line]:
    """Apply to each in turn; `progress`, if given, is told how many are done after each."""
    versions = versions or {}
    out = []
    for app in apps:
        try:
            runner = RUNNERS.get(action)
            if runner:
                runner(who, app, versions.get(app.pk), reason)
            else:
                apply(who, app, Step(action, reason=reason, version=versions.get(app.pk)))
            out.append(Line(app, None))
        except Refused as exc:
            out.append(Line(app, str(exc)))
        if progress is not None:
            progress(len(out))
    return out
