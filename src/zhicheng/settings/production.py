"""Production mode: refuses to start with DEBUG on, without a secret of its own or without
the field encryption key; cookies only over HTTPS, HSTS for a year."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, DEFAULT_SECRET_KEY, DEV_FIELD_ENCRYPTION_KEY, SECRET_KEY


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


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
SECURE_SSL_REDIRECT = _flag("ZHICHENG_SSL_REDIRECT", True)
# Behind a proxy that terminates TLS (ZHICHENG_BEHIND_PROXY=1), trust its
# X-Forwarded-Proto; never set this when clients reach the application directly, since they
# could then claim HTTPS themselves.
if _flag("ZHICHENG_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
