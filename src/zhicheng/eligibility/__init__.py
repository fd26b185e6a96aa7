"""The eligibility engine: a profile against a plan gives a verdict with explained criteria.

Pure Python: nothing here imports Django, so it runs in the command line, in batch jobs and
in the web application alike.
"""

from .engine import evaluate
from .plan import Plan, PlanError, load_plan, shipped_plan
from .profile import ProfileError, parse_profile

__all__ = ["Plan", "PlanError", "ProfileError", "evaluate", "load_plan", "parse_profile",
           "shipped_plan"]
