"""`?page=&page_size=` (at most 100) as {"count", "next", "previous", "results"}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field as F
from ninja import Schema

from .errors import ApiError

MAX_PAGE_SIZE = 100


class PageQuery(Schema):
    page: int = F(1, ge=1, description="页码，从 1 起")
    page_size: int = F(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 100")



def _url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, qs: QuerySet[Any], paging: PageQuery,
             row: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """One page of `qs` (already ordered), each item made a dict by `row`.

    A page past the last is not found; the first page of an empty list is an empty page."""
    count = qs.count()
    pages = max(1, -(-count // paging.page_size))
    if paging.page > pages:
        raise ApiError(404, f"没有第 {paging.page} 页（共 {pages} 页）")
    start = (paging.page - 1) * paging.page_size
    items = list(qs[start:start + paging.page_size])
    return {"count": count,
            "next": _url(request, paging.page + 1) if paging.page < pages else None,
            "previous": _url(request, paging.page - 1) if paging.page > 1 else None,
            "results": [row(item) for item in items]}
