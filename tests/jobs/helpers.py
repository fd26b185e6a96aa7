"""Starting a job through its page and following it, as the office's browser would."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client

from zhicheng.jobs.models import Job


def post_job(client: Client, capture: Any, url: str, data: dict[str, Any] | None = None
             ) -> tuple[Job, HttpResponse]:
    """POST the form that starts a job (the test settings run the task once the request's
    transaction commits, within the request) and open the job's page it redirects to."""
    with capture(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.content[:500]
    assert response.url.startswith("/jobs/"), response.url
    job = Job.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))
    return job, client.get(response.url)
