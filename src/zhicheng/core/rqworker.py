"""The RQ worker class of the production stack.

RQ's default worker forks a child per job, and each child opens its own database
connection: measured on the deadline bench, 50 ms of CPU per submission went to forks and
connection set-up, 13 % of a 2-core server. Our jobs are the platform's own code, so this
worker runs them in its own process, and treats each job like a request: database
connections that failed or outlived CONN_MAX_AGE are closed before and after it. A job
that kills the process takes the worker with it; the supervisor (systemd's Restart=always)
starts a new one and RQ requeues what was running."""

from __future__ import annotations

from typing import Any

from django.db import close_old_connections
from rq import SimpleWorker


class Worker(SimpleWorker):
    def execute_job(self, job: Any, queue: Any) -> Any:
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()
