"""The catalogue of events a message can be about: a Chinese title and the context keys.

Every event has templates `notifications/<event>.sms.txt` and `<event>.email.txt`; the
context always carries `name` (the recipient's name) besides the keys listed here.
"""

from __future__ import annotations

EVENTS: dict[str, str] = {
    "returned": "申报被退回",
    "rejected": "申报未通过审核",
    "passed": "单位审核通过",
    "posting_started": "开始公示",
    "recommended": "已推荐上报",
    "accepted": "已受理",
    "paper_due": "请报送纸质材料",
    "fee_due": "请缴纳评审费",
    "fee_paid": "缴费已确认",
    "result": "评审结果",
    "posting_ended": "公示期满",
    "interview": "答辩安排",
    "reexam_decided": "复查结论",
    "overlap_flag": "疑似重复提交往年材料",
}

KEYS: dict[str, tuple[str, ...]] = {
    "returned": ("plan", "reason", "url"),
    "rejected": ("plan", "reason", "url"),
    "passed": ("plan", "url"),
    "posting_started": ("plan", "deadline", "url"),
    "recommended": ("plan", "url"),
    "accepted": ("plan", "acceptance_no", "url"),
    "paper_due": ("plan", "deadline", "url"),
    "fee_due": ("plan", "amount", "deadline", "url"),
    "fee_paid": ("plan", "amount", "url"),
    "result": ("plan", "result", "url"),
    "posting_ended": ("plan", "applicant", "deadline", "url"),
    "interview": ("plan", "when", "place", "url"),
    "reexam_decided": ("plan", "result", "url"),
    "overlap_flag": ("plan", "applicant", "title", "ratio", "url"),
}


def title(event: str) -> str:
    try:
        return EVENTS[event]
    except KeyError:
        raise ValueError(f"未知的消息事件：{event!r}") from None


def check_context(event: str, context: dict[str, object]) -> None:
    """Raise ValueError for an unknown event or a context missing one of the event's keys."""
    title(event)
    missing = [k for k in KEYS[event] if k not in context]
    if missing:
        raise ValueError(f"消息事件 {event} 缺少参数：{', '.join(missing)}")
