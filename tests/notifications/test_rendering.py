from __future__ import annotations

from typing import Any

import pytest

from zhicheng.notifications import events
from zhicheng.notifications.rendering import SMS_PREFIX, render

ALL = sorted(events.EVENTS)


def _ctx(sample: dict[str, Any], event: str) -> dict[str, Any]:
    return {"name": "张三", **{k: sample[k] for k in events.KEYS[event]}}


def test_catalogue_has_the_agreed_events() -> None:
    assert {"returned", "rejected", "passed", "posting_started", "recommended", "accepted",
            "paper_due", "fee_due", "fee_paid", "result"} <= set(events.EVENTS)
    assert set(events.KEYS) == set(events.EVENTS)
    assert events.title("returned") == "申报被退回"


@pytest.mark.parametrize("event", ALL)
def test_sms_is_one_short_line_with_the_signature(event: str, sample: dict[str, Any]) -> None:
    sms = render(event, "sms", _ctx(sample, event))
    assert sms.body.startswith(SMS_PREFIX)
    assert "\n" not in sms.body
    assert len(sms.body) <= 70, sms.body
    assert "张三" in sms.body and sample["plan"] in sms.body
    assert "{" not in sms.body and "&quot;" not in sms.body and "&amp;" not in sms.body
    assert sms.subject == events.EVENTS[event]


@pytest.mark.parametrize("event", ALL)
def test_email_has_subject_line_and_body(event: str, sample: dict[str, Any]) -> None:
    mail = render(event, "email", _ctx(sample, event))
    assert mail.subject.startswith("职称评审：") and "\n" not in mail.subject
    assert mail.body.startswith("张三，您好：")
    assert sample["url"] in mail.body
    assert "&" not in mail.body.replace(sample["reason"], "")  # nothing escaped
    assert "&quot;" not in mail.body and "&#x27;" not in mail.body and "&lt;" not in mail.body
    for key in events.KEYS[event]:
        if key in {"reason", "acceptance_no", "result"}:
            assert str(sample[key]) in mail.body


def test_values_are_not_html_escaped(sample: dict[str, Any]) -> None:
    mail = render("returned", "email", _ctx(sample, "returned"))
    assert '业绩证明缺少"盖章"页 & <附件>' in mail.body
    assert "“2026年度工程系列中级职称评审”" in mail.body


def test_dates_and_amounts_are_plain(sample: dict[str, Any]) -> None:
    sms = render("fee_due", "sms", _ctx(sample, "fee_due"))
    assert "2026-05-31" in sms.body and "300.00元" in sms.body


def test_unknown_event_and_missing_keys_are_errors(sample: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="未知"):
        render("no_such_event", "sms", {"name": "张三"})
    with pytest.raises(ValueError, match="acceptance_no"):
        render("accepted", "sms", {"name": "张三", "plan": "计划", "url": "/"})
    with pytest.raises(ValueError):
        events.title("nope")
