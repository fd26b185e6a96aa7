"""Django's STORAGES from the environment: uploaded files on local disk under MEDIA_ROOT, or in
a bucket on S3 or an S3-compatible service (MinIO, Aliyun OSS, Tencent COS). Pure: called
from the settings modules, it reads only the mapping it is given.

Files in a bucket stay private: no ACL is sent (the bucket's own, private, applies), URLs are
never unsigned, and a name already taken gets a new one instead of replacing the file. The
platform serves every download through its own views, which check who may see the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
STATIC_BACKEND = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
ADDRESSING_STYLES = ("auto", "path", "virtual")
# Files we read back (downloads, backups, the overlap check) are held in memory up to this
# size, on local disk beyond it (django-storages' default keeps everything in memory).
MAX_MEMORY_BYTES = 5 * 1024 * 1024
# A signed URL is never handed out by the platform; if one is made, it expires soon.
SIGNED_URL_SECONDS = 300


def storages_from_env(environ: Mapping[str, str], media_root: Path) -> dict[str, Any]:
    """The STORAGES setting: "default" for uploaded files, "staticfiles" for static files."""
    bucket = _get(environ, "ZHICHENG_S3_BUCKET")
    if bucket:
        default = {"BACKEND": S3_BACKEND, "OPTIONS": s3_options(environ, bucket)}
    else:
        default = {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": str(media_root)}}
    return {"default": default, "staticfiles": {"BACKEND": STATIC_BACKEND}}


def s3_options(environ: Mapping[str, str], bucket: str) -> dict[str, Any]:
    from botocore.config import Config

    endpoint = _get(environ, "ZHICHENG_S3_ENDPOINT_URL")
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"ZHICHENG_S3_ENDPOINT_URL 须以 https:// 或 http:// 开头（当前为 {endpoint!r}）")
    style = _get(environ, "ZHICHENG_S3_ADDRESSING_STYLE").lower() or "auto"
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"ZHICHENG_S3_ADDRESSING_STYLE 只能是 auto、path 或 virtual（当前为 {style!r}）")
    key_id = _get(environ, "ZHICHENG_S3_ACCESS_KEY_ID")
    secret = _get(environ, "ZHICHENG_S3_SECRET_ACCESS_KEY")
    if bool(key_id) != bool(secret):
        raise ImproperlyConfigured("ZHICHENG_S3_ACCESS_KEY_ID 与 ZHICHENG_S3_SECRET_ACCESS_KEY "
                                   "须同时设置，或同时不设（使用 boto3 的默认凭证来源）")
    prefix = _get(environ, "ZHICHENG_S3_PREFIX").strip("/")
    if prefix and any(part in ("", ".", "..") for part in prefix.split("/")):
        raise ImproperlyConfigured(f"ZHICHENG_S3_PREFIX 不是合法的对象前缀：{prefix!r}")

    config: dict[str, Any] = {
        "s3": {"addressing_style": style},
        "connect_timeout": 5,
        "read_timeout": 60,
        "retries": {"mode": "standard", "max_attempts": 3},
    }
    if endpoint:
        # botocore (1.36 on) adds CRC checksum headers to every upload by default, which
        # Aliyun OSS, Tencent COS and older MinIO refuse; send them only where S3 needs them.
        config |= {"request_checksum_calculation": "when_required",
                   "response_checksum_validation": "when_required"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": prefix,
        "endpoint_url": endpoint or None,
        "region_name": _get(environ, "ZHICHENG_S3_REGION") or None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        "custom_domain": None,
        "file_overwrite": False,
        "max_memory_size": MAX_MEMORY_BYTES,
        "client_config": Config(**config),
    }
    if key_id:  # a session token from the environment belongs to other keys
        options |= {"access_key": key_id, "secret_key": secret, "security_token": None}
    # Without them, boto3 finds credentials as it always does: AWS_ACCESS_KEY_ID /
    # AWS_SECRET_ACCESS_KEY, ~/.aws, the instance's or container's role.
    return options


def _get(environ: Mapping[str, str], name: str) -> str:
    return (environ.get(name) or "").strip()
