"""OpenAPI pieces shared by the operations: error responses, optional auth, the profile."""

from __future__ import annotations

from typing import Any

from .errors import ErrorOut

ERRORS: dict[int, Any] = {code: ErrorOut for code in (400, 401, 403, 404, 429, 500)}
WITH_CONFLICT: dict[int, Any] = {**ERRORS, 409: ErrorOut}
# Public operations: a token or a session may be sent (it can show more), or nothing.
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}]}
PROFILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "一份档案（zhicheng.profile/1，见 spec/eligibility-v1.md），不超过 2 MB",
        "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": True,
            "properties": {"schema": {"type": "string", "const": "zhicheng.profile/1"},
                           "as_of": {"type": "string", "format": "date"}}}}},
    },
}
