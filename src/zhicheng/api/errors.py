"""Every API error in one shape: {"error": {"code", "message", "fields"}}, 500s included."""

from __future__ import annotations

import logging
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from ninja import Schema
from ninja.errors import HttpError, ValidationError

logger = logging.getLogger("zhicheng.api")

API_PREFIX = "/api/"
Code = Literal["invalid", "unauthorized", "forbidden", "not_found", "conflict",
               "rate_limited", "server_error"]
CODE_OF_STATUS: dict[int, Code] = {400: "invalid", 401: "unauthorized", 403: "forbidden",
                                   404: "not_found", 409: "conflict", 429: "rate_limited",
                                   500: "server_error"}
MESSAGE_OF_CODE: dict[str, str] = {
    "invalid": "请求有误", "unauthorized": "需要有效的接口令牌或登录",
    "forbidden": "无权访问", "not_found": "未找到", "conflict": "当前状态下不能这样做",
    "rate_limited": "请求过于频繁，请稍后再试",
    "server_error": "服务器内部错误，已记录，请稍后再试"}


class ErrorBody(Schema):
    code: Code
    message: str
    fields: dict[str, str] = {}


class ErrorOut(Schema):
    """The one shape of every error the API returns."""

    error: ErrorBody


class ApiError(HttpError):
    def __init__(self, status: int, message: str = "", fields: dict[str, str] | None = None
                 ) -> None:
        code = CODE_OF_STATUS.get(status, "server_error")
        super().__init__(status, message or MESSAGE_OF_CODE[code])
        self.fields = fields or {}


def body(status: int, message: str = "", fields: dict[str, str] | None = None
         ) -> dict[str, Any]:
    code = CODE_OF_STATUS.get(status, "invalid" if status < 500 else "server_error")
    return {"error": {"code": code, "message": message or MESSAGE_OF_CODE[code],
                      "fields": fields or {}}}


def respond(status: int, message: str = "", fields: dict[str, str] | None = None
            ) -> JsonResponse:
    return JsonResponse(body(status, message, fields), status=status,
                        json_dumps_params={"ensure_ascii": False})


_PYDANTIC: dict[str, str] = {
    "missing": "必填", "int_parsing": "应为整数", "int_type": "应为整数",
    "string_type": "应为字符串", "literal_error": "取值无效", "enum": "取值无效",
    "greater_than_equal": "应不小于 {ge}", "less_than_equal": "应不大于 {le}",
    "string_too_long": "最多 {max_length} 个字符", "string_pattern_mismatch": "含有不允许的字符",
    "json_invalid": "不是有效的 JSON", "model_attributes_type": "应为对象",
    "dict_type": "应为对象", "extra_forbidden": "不认识这个字段",
}


def _field_message(error: dict[str, Any]) -> str:
    template = _PYDANTIC.get(error.get("type", ""))
    if template is None:
        return str(error.get("msg", "取值无效"))
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[0] in ("query", "path", "body", "header", "cookie", "form"):
            loc = loc[1:]
        if loc and loc[0] == "payload":
            loc = loc[1:]
        fields.setdefault(".".join(loc) or "内容", _field_message(error))
    return fields


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, ApiError):
        return respond(exc.status_code, exc.message, exc.fields)
    if exc.status_code == 400:  # ninja's own: a body it cannot parse
        return respond(400, "请求内容不是有效的 JSON")
    if exc.status_code == 403 and "CSRF" in exc.message:
        return respond(403, "CSRF 校验失败：登录会话的非安全请求须在 X-CSRFToken 请求头"
                            "带上 CSRF 令牌")
    return respond(exc.status_code)


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return respond(400, "请求参数有误", validation_fields(exc.errors))


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return respond(404)


def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return respond(403, str(exc) or "")


def on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    return respond(400, "请求内容过大或不合规")


def on_exception(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path)
    return respond(500)


HANDLERS: list[tuple[type[Exception], Any]] = [
    (Exception, on_exception), (Http404, on_not_found), (HttpError, on_http_error),
    (ValidationError, on_validation_error), (PermissionDenied, on_permission_denied),
    (SuspiciousOperation, on_suspicious),
]


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for the whole site: JSON under /api/, the usual page elsewhere."""
    if _is_api(request):
        return respond(404, "没有这个接口")
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Django's 500 for the whole site: JSON under /api/, the usual page elsewhere."""
    if _is_api(request):
        return respond(500)
    return defaults.server_error(request)
