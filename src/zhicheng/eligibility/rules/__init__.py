"""Rule kinds: each turns (context, parameters) into an Outcome.

A plan file names a kind per criterion; the kinds and their parameters are documented in
docs/plan-format.md. Importing this package registers them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..verdict import Outcome

RuleFn = Callable[[Any, dict[str, Any]], Outcome]
KINDS: dict[str, RuleFn] = {}
PARAMS: dict[str, dict[str, str]] = {}


def kind(name: str, **params: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule kind with the parameters it accepts (name → short type description)."""

    def register(fn: RuleFn) -> RuleFn:
        KINDS[name] = fn
        PARAMS[name] = params
        return fn

    return register


from . import combinators, duties, merit, scope, seniority  # noqa: E402, F401
