"""Settings for the test suite: SQLite in memory unless DATABASE_URL names another database."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import DATABASES

if "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; never used outside tests
DEBUG = False
