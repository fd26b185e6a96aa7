"""Settings shared by every mode, read from the environment with safe defaults."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHICHENG_VAR_DIR", Path.cwd() / "var")).resolve()

DEFAULT_SECRET_KEY = "insecure-zhicheng-demo-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhicheng.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhicheng.core.middleware.ActingRoleMiddleware",
]

ROOT_URLCONF = "zhicheng.urls"
WSGI_APPLICATION = "zhicheng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhicheng.core.context_processors.acting",
            ],
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "zhicheng.accounts.backends.IdentifierBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("mobile", "email", "id_number")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

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

# Uploaded authorisation letters and similar documents.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # fontTools reports every font subset it makes for a PDF at INFO
    "loggers": {"fontTools": {"level": "WARNING"}, "fpdf": {"level": "WARNING"}},
}
