"""Settings shared by every mode, read from the environment with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from .logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHICHENG_VAR_DIR", Path.cwd() / "var")).resolve()

DEFAULT_SECRET_KEY = "insecure-zhicheng-demo-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules",
    "django_tasks",
    "django_tasks_db",
    "zhicheng.core",
    "zhicheng.audit",
    "zhicheng.accounts",
    "zhicheng.orgs",
    "zhicheng.plans",
    "zhicheng.archive",
    "zhicheng.applications",
    "zhicheng.workcalendar",
    "zhicheng.notifications",
    "zhicheng.reviews",
    "zhicheng.certificates",
    "zhicheng.experts",
    "zhicheng.meetings",
    "zhicheng.integrity",
    "zhicheng.overlapcheck",
    "zhicheng.jobs",
    "zhicheng.stats",
    "zhicheng.api",
]

MIDDLEWARE = [
    "zhicheng.core.requestlog.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhicheng.core.middleware.PrefetchMiddleware",
    "zhicheng.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhicheng.core.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhicheng.core.middleware.SecurityHeadersMiddleware",
    "zhicheng.core.middleware.ActingRoleMiddleware",
    "zhicheng.api.middleware.ContentLengthMiddleware",
]

ROOT_URLCONF = "zhicheng.urls"
# Django's widget templates through Jinja2 (the same markup), the admin's through the
# Django engine: see core/formrenderer.py
FORM_RENDERER = "zhicheng.core.formrenderer.WidgetRenderer"
WSGI_APPLICATION = "zhicheng.wsgi.application"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "zhicheng.core.context_processors.acting",
]
TEMPLATES = [
    {  # the site's pages: <app>/jinja2/ (core/jinja.py says why)
        "BACKEND": "zhicheng.core.jinja.Jinja2",
        "NAME": "jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "zhicheng.core.jinja.environment",
            "context_processors": CONTEXT_PROCESSORS,
        },
    },
    {  # the admin's pages
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": CONTEXT_PROCESSORS,
            # {% url %} that keeps its answers (core/templatetags/cachedurl.py)
            "builtins": ["zhicheng.core.templatetags.cachedurl"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhicheng.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite has no row locks: take the write lock when a transaction starts and wait for
    # it, so two reviewers clicking at once queue up instead of one getting an error page
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20})
elif env_flag("DATABASE_PREPARED", True):
    # Parameters sent apart from the SQL, and a query the connection has run twice is
    # prepared on the server: PostgreSQL parses and plans it once per connection instead
    # of on every request. DATABASE_PREPARED=0 turns it off (behind a pooler in
    # transaction mode, for one, where prepared statements do not survive).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# The sign-in mobile is stored encrypted; its keyed hash `mobile_digest` carries the unique
# index (and UserManager.get_by_natural_key looks it up), which Django's check cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "zhicheng.accounts.backends.IdentifierBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "zhicheng.accounts.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# 等保 level 3 practice: at least 10 characters of at least three kinds, unlike the person's
# own mobile, ID number, e-mail or name, not a common password, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("mobile", "id_number", "email", "name")}},
    {"NAME": "zhicheng.accounts.passwords.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "zhicheng.accounts.passwords.CharacterClassValidator",
     "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock-out after failed sign-ins, counted in the database (shared by all server processes).
LOGIN_FAILURE_WINDOW_MINUTES = 15
LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
LOGIN_LOCK_MINUTES = 15

# ID numbers and mobiles are stored encrypted (zhicheng.core.encryption) with this key:
# base64 of 32 random bytes. Keep it out of the database backups' reach, and keep a copy:
# without it the stored ID numbers and mobiles cannot be read. Demo and test settings set a
# fixed development key; production refuses to start without one.
FIELD_ENCRYPTION_KEY = os.environ.get("ZHICHENG_FIELD_KEY", "")
# The development key of demo and test settings: base64 of "zhicheng-dev-field-key-NOTSECRET".
DEV_FIELD_ENCRYPTION_KEY = "emhpY2hlbmctZGV2LWZpZWxkLWtleS1OT1RTRUNSRVQ="

# Behind N reverse proxies, the client address is the N-th address from the right of
# X-Forwarded-For (used for audit rows and the per-address lock-out). 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("ZHICHENG_TRUSTED_PROXIES", "0"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Django's database sessions with two writes fewer at sign-in (core/sessions/)
SESSION_ENGINE = "zhicheng.core.sessions.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # absolute: signed out 8 h after sign-in whatever the activity
SESSION_IDLE_SECONDS = 30 * 60  # signed out after 30 minutes without a request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Re-authentication: sensitive actions need the password typed within this many minutes.
RECENT_AUTH_MINUTES = 10

# Verification codes sent by SMS.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "zhicheng.accounts.sms.ConsoleFileBackend")
SMS_OUTBOX_FILE = VAR_DIR / "sms-outbox.log"
SMS_CODE_TTL_SECONDS = 300
SMS_CODE_RESEND_SECONDS = 60
SMS_CODE_MAX_PER_MOBILE_PER_DAY = 10
SMS_CODE_MAX_PER_ADDRESS_PER_HOUR = 30
SMS_CODE_MAX_ATTEMPTS = 5

# Background work (sending, PDFs, exports, posting end dates). The database backend keeps
# queued tasks across a restart; `zhicheng db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Notifications: one backend per channel; each has send(address, subject, body).
NOTIFY_BACKENDS = {
    "sms": os.environ.get("NOTIFY_SMS_BACKEND",
                          "zhicheng.notifications.backends.ConsoleFileBackend"),
    "email": os.environ.get("NOTIFY_EMAIL_BACKEND",
                            "zhicheng.notifications.backends.ConsoleFileBackend"),
}
NOTIFY_OUTBOX_DIR = VAR_DIR / "outbox"
NOTIFY_MAX_ATTEMPTS = 5

# The overlap index: files under VAR_DIR, or OVERLAP_BACKEND=postgres for tables in the
# platform's own PostgreSQL database.
OVERLAP_BACKEND = os.environ.get("OVERLAP_BACKEND", "files")
OVERLAP_INDEX = os.environ.get("OVERLAP_INDEX", str(VAR_DIR / "overlap-index"))

# Uploaded authorisation letters and similar documents.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# What the server takes of any one uploaded file at most (the rest is dropped unread, and the
# file is refused as too large); above every per-kind limit (plans: 20 MB).
UPLOAD_HARD_MAX_BYTES = 25 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "zhicheng.core.uploads.UploadCapHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Pillow's own decompression-bomb limit (core.apps sets Image.MAX_IMAGE_PIXELS): a backstop
# for every image opened anywhere. Our upload checks refuse beyond 40 million pixels first,
# naming the size; Pillow warns beyond this and refuses outright beyond twice this.
IMAGE_MAX_PIXELS = 80_000_000

# Log lines carry the request id; ZHICHENG_LOG_FORMAT=json writes one JSON object per line
# (production's default). ACCESS_LOG: one line per request with status, time and user id.
ACCESS_LOG = env_flag("ZHICHENG_ACCESS_LOG")
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"),
                         json_lines=os.environ.get("ZHICHENG_LOG_FORMAT", "text") == "json")
