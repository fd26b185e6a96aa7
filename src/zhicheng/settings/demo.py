"""Demo mode: `make demo`, SQLite and files under var/, debug pages on."""

import os

from .base import *  # noqa: F403
from .base import DEV_FIELD_ENCRYPTION_KEY, VAR_DIR

DEBUG = True
# A fixed development key for the demo's encrypted ID numbers and mobiles (not a secret:
# it is in the repository). Production reads its own from ZHICHENG_FIELD_KEY.
FIELD_ENCRYPTION_KEY = os.environ.get("ZHICHENG_FIELD_KEY") or DEV_FIELD_ENCRYPTION_KEY
VAR_DIR.mkdir(parents=True, exist_ok=True)
