"""Production mode: refuses to start with DEBUG on or without a secret of its own."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY

if DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DEBUG（请去掉环境变量 DEBUG）。")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "生产环境必须通过环境变量 SECRET_KEY 提供至少 32 个字符的密钥，"
        "或以 DJANGO_SETTINGS_MODULE=zhicheng.settings.demo 运行演示。"
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
