"""Production mode: refuses to start with DEBUG on, without a secret of its own or without
the field encryption key; cookies only over HTTPS, HSTS for a year."""

import os

from django.core.exceptions import ImproperlyConfigured

from zhicheng.core.storage_settings import storages_from_env

from .base import *  # noqa: F403
from .base import (
    DEBUG,
    DEFAULT_SECRET_KEY,
    DEV_FIELD_ENCRYPTION_KEY,
    SECRET_KEY,
    env_flag,
)
from .logs import logging_config

if DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DEBUG（请去掉环境变量 DEBUG）。")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "生产环境必须通过环境变量 SECRET_KEY 提供至少 32 个字符的密钥，"
        "或以 DJANGO_SETTINGS_MODULE=zhicheng.settings.demo 运行演示。"
    )

FIELD_ENCRYPTION_KEY = os.environ.get("ZHICHENG_FIELD_KEY", "")
if FIELD_ENCRYPTION_KEY == DEV_FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("生产环境不得使用演示用的 ZHICHENG_FIELD_KEY，请生成自己的密钥。")
try:
    from zhicheng.core.fieldkey import parse_key

    parse_key(FIELD_ENCRYPTION_KEY)
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(f"生产环境{exc}") from None

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 365 * 24 * 3600
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Plain HTTP is redirected to HTTPS. ZHICHENG_SSL_REDIRECT=0 leaves that to the proxy.
SECURE_SSL_REDIRECT = env_flag("ZHICHENG_SSL_REDIRECT", True)
# Behind a proxy that terminates TLS (ZHICHENG_BEHIND_PROXY=1), trust its
# X-Forwarded-Proto; never set this when clients reach the application directly, since they
# could then claim HTTPS themselves.
if env_flag("ZHICHENG_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Database connections kept open between requests (checked before reuse).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Redis (REDIS_URL): the cache shared by every server process (plan, calendar and role
# look-ups, rate limits), sessions read from it before the database, and the task queue
# (django-tasks' RQ backend; `zhicheng rqworker --job-class django_tasks_rq.Job
# --worker-class zhicheng.core.rqworker.Worker --with-scheduler` runs it). Without
# REDIS_URL: local-memory cache and the database queue.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "zhicheng.core.rediscache.Cache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "zhicheng"}}
    SESSION_ENGINE = "zhicheng.core.sessions.cached_db"
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]  # noqa: F405
    # django-rq builds a new client, pool and connection for every job it enqueues (and
    # django-tasks-rq's worker two more per job); through a cache alias (USE_REDIS_CACHE)
    # each process keeps one client and pool for the queue
    CACHES["queue"] = {"BACKEND": "zhicheng.core.rediscache.Cache",
                       "LOCATION": os.environ.get("ZHICHENG_QUEUE_URL", REDIS_URL)}
    RQ_QUEUES = {"default": {"USE_REDIS_CACHE": "queue", "DEFAULT_TIMEOUT": 900}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# Static files with content hashes in their names, so the proxy can let browsers keep them
# for a year; attachments on the file system or S3-compatible storage (ZHICHENG_S3_*).
STORAGES = storages_from_env(os.environ, MEDIA_ROOT)  # noqa: F405

# One JSON object per log line with the request id, and an access line per request.
ACCESS_LOG = env_flag("ZHICHENG_ACCESS_LOG", True)
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"),
                         json_lines=os.environ.get("ZHICHENG_LOG_FORMAT", "json") == "json")
