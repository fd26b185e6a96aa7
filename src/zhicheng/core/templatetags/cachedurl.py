"""`{% url %}` with the answers kept: a template builtin that replaces Django's tag.

A page calls reverse() 15 times in its header and navigation, and once per row in a list;
each call walks the URL patterns again (about a tenth of a page's CPU). The URL of a view
name with the same arguments does not change while the process runs (no per-request
URLconf, no language prefixes here), so answers for plain int and str arguments are kept
in a bounded cache keyed by everything reverse() reads.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


@lru_cache(maxsize=16384)
def cached_reverse(view_name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...],
                   current_app: str | None, prefix: str, urlconf: str | None) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app,
                   urlconf=urlconf)


def _plain(values: Any) -> bool:
    return all(type(v) in (int, str) for v in values)


def reverse_kept(view_name: Any, args: Any = (), kwargs: dict[str, Any] | None = None,
                 current_app: str | None = None) -> str:
    """reverse(), answered from the cache for a view name with plain int and str arguments;
    the {% url %} tag of the Django engine and the url() of the Jinja2 pages both use it."""
    kwargs = kwargs or {}
    if isinstance(view_name, str) and _plain(args) and _plain(kwargs.values()):
        return cached_reverse(view_name, tuple(args), tuple(sorted(kwargs.items())),
                              current_app, get_script_prefix(), get_urlconf())
    return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)


class CachedURLNode(URLNode):
    def render(self, context: Any) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = reverse_kept(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> CachedURLNode:
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
