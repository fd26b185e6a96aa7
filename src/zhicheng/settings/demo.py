"""Demo mode: `make demo`, SQLite and files under var/, debug pages on."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
VAR_DIR.mkdir(parents=True, exist_ok=True)
