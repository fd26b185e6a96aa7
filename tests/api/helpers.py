"""Tokens and calls for the API tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.reviews.chain import Desk
from zhicheng.api import tokens
from zhicheng.api.tokens import SCOPES, scopes_for

API = "/api/v1"


def token_for(desk: Desk, scopes: list[str] | None = None, name: str = "对接测试") -> str:
    """A token of the desk's organisation (every scope its kind may have, unless told)."""
    org = desk.grant.organisation
    _token, secret = tokens.create(desk.who, org, name,
                                   scopes if scopes is not None else scopes_for(org.kind))
    return secret


def get(path: str, token: str | None = None, client: Client | None = None, **query: Any
        ) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return (client or Client()).get(f"{API}{path}", query, headers=headers)


def post(path: str, data: Any, token: str | None = None, client: Client | None = None
         ) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = data if isinstance(data, bytes | str) else json.dumps(data)
    return (client or Client()).post(f"{API}{path}", body, content_type="application/json",
                                     headers=headers)


def error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is the API's one error shape with this status and code."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    return body["error"]


ALL_SCOPES = list(SCOPES)
