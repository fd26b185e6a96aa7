"""The Jinja2 environment the site's pages are rendered with.

Jinja2 compiles a template to Python code once; Django's engine walks a node tree and
resolves every variable through its lookup rules on each render. The site's own pages
(`<app>/jinja2/`) use Jinja2, which took 4-7 % off the CPU of the deadline bench's requests
(a form step with many widgets a quarter); the admin's pages stay on the Django engine.

What the templates had from Django's tags and filters is provided here under the same
names where Jinja2 has no equivalent: url(), static(), widthratio(), unread_count(),
progress(), and the filters date, linebreaksbr, stringformat, default_if_none, masked_id,
masked_mobile and get_item. Translations use Jinja2's i18n extension with Django's
catalogues: `{{ _("…") }}`, which makemessages also finds.
"""

from __future__ import annotations

import datetime
import decimal
from types import BuiltinMethodType, MethodType
from typing import Any

import jinja2
from django.conf import settings
from django.db.models.manager import BaseManager
from django.middleware.csrf import get_token
from django.template import TemplateSyntaxError, defaultfilters
from django.template.backends import jinja2 as django_jinja2
from django.templatetags.static import static
from django.test.signals import template_rendered
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.timezone import template_localtime
from markupsafe import Markup

from zhicheng.core.templatetags.cachedurl import reverse_kept
from zhicheng.identity.idnumber import mask, mask_mobile


def url(view_name: str, *args: Any, **kwargs: Any) -> str:
    """reverse(), with the answers for plain int and str arguments kept (cachedurl.py)."""
    return reverse_kept(view_name, args, kwargs)


def widthratio(value: Any, max_value: Any, max_width: Any) -> str:
    """Django's {% widthratio %}: value / max_value × max_width, rounded; '' if not numbers."""
    try:
        ratio = float(value) / float(max_value)
        return str(round(ratio * float(max_width)))
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):
        return "0" if isinstance(max_value, (int, float)) and max_value == 0 else ""


@jinja2.pass_context
def unread_count(context: Any) -> int:
    """The signed-in user's unread site messages, counted once per request (the cache is
    bypassed after a write of the request's own, until it commits)."""
    from zhicheng.notifications.domain import unread_count as count

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return count(user)
    if not hasattr(request, "_unread_messages"):
        request._unread_messages = count(user)
    return request._unread_messages


@jinja2.pass_context
def progress(context: Any, *args: Any) -> Markup:
    """The progress bar of a job or an export."""
    from zhicheng.jobs.progressbar import progress as values

    template = context.environment.get_template("jobs/progress.html")
    return Markup(template.render(values(*args)))  # noqa: S704 (an autoescaped template's output)


def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, key) if mapping else key


def date(value: Any, arg: str | None = None) -> str:
    # Django's engine hands its date filter (expects_localtime) an aware datetime in local time
    return defaultfilters.date(template_localtime(value), arg)


def localize(value: Any) -> str:
    """How Django's engine prints a bare {{ value }}: dates as 2016年9月5日, datetimes in
    local time as 2016年9月5日 20:45, numbers in the locale's format."""
    return formats.localize(template_localtime(value))


LOCALIZED = (datetime.date, datetime.time, decimal.Decimal, float)


def finalize(value: Any) -> Any:
    """Every {{ value }} printed: dates, times and decimals as Django's engine prints them."""
    return localize(value) if isinstance(value, LOCALIZED) else value


class Uncalled:
    """A method or manager a template looked up: it may only be called.

    Django's engine calls what it looks up; Jinja2 does not, so `{% if app.is_open %}` on a
    method would be always true and `{{ app.get_status_display }}` would print the bound
    method. Lookups hand such values over wrapped in this, which works when called and
    raises when tested, iterated, compared or printed, so a missing () fails the page's test
    instead of showing a wrong page."""

    __slots__ = ("name", "value")

    def __init__(self, value: Any, name: str) -> None:
        self.value = value
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.value(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.value, name)

    def _misused(self, *_: Any) -> Any:
        raise TypeError(f"模板使用了 {self.name} 却没有调用它（缺少 ()）")

    __bool__ = __iter__ = __len__ = __str__ = __html__ = __eq__ = __ne__ = _misused
    __lt__ = __le__ = __gt__ = __ge__ = __contains__ = _misused
    __hash__ = None  # type: ignore[assignment]


CALL_ONLY = (MethodType, BuiltinMethodType, BaseManager)


class Environment(jinja2.Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)
        if isinstance(value, CALL_ONLY):
            return Uncalled(value, attribute)
        return value


def environment(**options: Any) -> jinja2.Environment:
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    # Django's templates print nothing for a missing attribute of a missing attribute
    options["undefined"] = jinja2.ChainableUndefined
    options["finalize"] = finalize
    env = Environment(**options)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=True,
        pgettext=translation.pgettext, npgettext=translation.npgettext)
    env.globals.update({
        "url": url,
        "static": static,
        "widthratio": widthratio,
        "unread_count": unread_count,
        "progress": progress,
        "get_language": translation.get_language,
        "LANGUAGES": settings.LANGUAGES,
    })
    env.filters.update({
        "date": date,
        "linebreaksbr": defaultfilters.linebreaksbr,
        "stringformat": defaultfilters.stringformat,
        "default_if_none": defaultfilters.default_if_none,
        "masked_id": mask,
        "masked_mobile": mask_mobile,
        "get_item": get_item,
    })
    return env


class Once:
    """A value made on first use and kept. Django's lazy csrf_input masks the token anew each
    time it is printed, and a page prints it in up to four forms (40 µs each)."""

    __slots__ = ("make", "value")

    def __init__(self, make: Any) -> None:
        self.make = make
        self.value: str | None = None

    def __html__(self) -> str:
        if self.value is None:
            self.value = self.make()
        return self.value

    __str__ = __html__


class Template(django_jinja2.Template):
    def render(self, context: dict[str, Any] | None = None, request: Any = None) -> str:
        if context is None:
            context = {}
        if request is not None:
            token = Once(lambda: get_token(request))
            context["request"] = request
            context["csrf_token"] = token
            context["csrf_input"] = Once(lambda: format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', str(token)))
            for processor in self.backend.template_context_processors:
                context.update(processor(request))
        try:
            html = self.template.render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateSyntaxError(exc.args) from exc
        # the test client's response.context and assertTemplateUsed read this signal, which
        # Django sends for its own engine only; with no receiver outside tests it costs nothing
        if template_rendered.receivers:
            template_rendered.send(sender=self, template=self, context=context)
        return html


class Jinja2(django_jinja2.Jinja2):
    def get_template(self, template_name: str) -> Template:
        template = super().get_template(template_name)
        return Template(template.template, self)
