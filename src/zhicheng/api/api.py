"""The API instance: version 1, its routers, its error handlers and rate limit."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import certificates, desk, exports, me, plans
from .auth import RateLimit
from .errors import HANDLERS

DESCRIPTION = """职称申报与评审平台的开放接口（第 1 版）。

认证：机构的接口令牌 `Authorization: Bearer zc_…`（在“接口令牌”页面创建，只显示一次），
按机构类型代表用人单位经办人、主管部门/受理点经办人或评委会办公室，按权限范围（scope）使用；
本人数据（/me/…）用登录会话，非安全方法需 CSRF 令牌（X-CSRFToken 请求头）。

错误一律为 `{"error": {"code", "message", "fields"}}`，code 为 invalid、unauthorized、
forbidden、not_found、conflict、rate_limited、server_error 之一。

列表分页：`?page=&page_size=`（每页最多 100），返回 `{"count", "next", "previous", "results"}`。
"""


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class Api(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """The document, with the token's scopes listed under its security scheme."""
        from .tokens import SCOPES

        schema = super().get_openapi_schema(*args, **kwargs)
        bearer = schema.get("components", {}).get("securitySchemes", {}).get("BearerToken")
        if bearer is not None:
            bearer["description"] = "机构接口令牌。权限范围：" + "；".join(
                f"{k}（{v}）" for k, v in SCOPES.items())
        return schema


api = Api(title="zhicheng 开放接口", version="1", description=DESCRIPTION,
          urls_namespace="api-v1", docs_url=None, openapi_url="/openapi.json",
          renderer=Renderer(), throttle=[RateLimit()])
for exc_class, handler in HANDLERS:
    api.add_exception_handler(exc_class, handler)
for module in (plans, desk, exports, certificates, me):
    api.add_router("", module.router)

