"""Background delivery: one task per queued message (see domain.deliver)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_message(message_id: int) -> str:
    from .domain import deliver  # domain enqueues this task, so import it at call time

    return deliver(message_id)


@task()
def send_message_batch(message_ids: list[int]) -> list[str]:
    """The messages of one notification, each delivered (and retried) on its own."""
    from .domain import deliver

    return [deliver(message_id) for message_id in message_ids]
