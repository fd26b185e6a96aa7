"""Test mode: the suite's settings; DATABASE_URL picks PostgreSQL, otherwise SQLite."""

from .base import *  # noqa: F403
from .base import DEV_FIELD_ENCRYPTION_KEY

DEBUG = False
# The fixed development key (not a secret) for encrypted ID numbers and mobiles.
FIELD_ENCRYPTION_KEY = DEV_FIELD_ENCRYPTION_KEY
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = "zhicheng.accounts.sms.LocmemBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
NOTIFY_BACKENDS = {"sms": "zhicheng.notifications.backends.LocmemBackend",
                   "email": "zhicheng.notifications.backends.LocmemBackend"}
