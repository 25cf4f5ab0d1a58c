"""Settings for the test suite: SQLite in memory unless DATABASE_URL names another database."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING

if "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "ATOMIC_REQUESTS": True}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; never used outside tests
DEBUG = False
WMOKETEN_DEMO = True  # the demo's own tests fill demo data; the refusal is tested with override_settings
SECRET_KEY = "test-alleen-voor-de-testsuite"
AUDIT_PSEUDONIEM_SLEUTEL = "test-pseudoniemsleutel"
AUDIT_KETEN_SLEUTEL = "test-ketensleutel"
WMOKETEN_BACKUP_SLEUTEL = "dGVzdC1iYWNrdXBzbGV1dGVsLWFsbGVlbi12b29yLWQ="  # a Fernet key, only for the tests

# readable log lines here (base: JSON); WMOKETEN_LOGFORMAAT=json shows what production writes
LOGGING["handlers"]["console"]["formatter"] = (  # type: ignore[index]
    "json" if os.environ.get("WMOKETEN_LOGFORMAAT") == "json" else "plain"
)

# static files straight from the apps, no collectstatic needed (development, demo, tests)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
