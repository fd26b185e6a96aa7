from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def acting(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.acting  # type: ignore[attr-defined]
    return {"acting": current, "acting_options": request.acting_options}  # type: ignore[attr-defined]
