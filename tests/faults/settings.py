"""Settings of the processes the fault tests start and kill (server, task worker, restore).

The suite's settings, with what a real deployment has and the in-process suite replaces: the
durable database task backend, files on disk, and a hooks app (tests.faults.hooks) that makes
the process stop at a chosen point when FAULT_PAUSE says so. The database comes from
DATABASE_URL, as in every mode. Nothing here is imported by the platform itself.
"""

import os

from zhicheng.settings.test import *  # noqa: F403
from zhicheng.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.faults.hooks.FaultHooks"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NOTIFY_BACKENDS = {"sms": "tests.faults.hooks.RecordingBackend",
                   "email": "tests.faults.hooks.RecordingBackend"}
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")}}
