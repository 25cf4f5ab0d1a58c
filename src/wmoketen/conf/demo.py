"""Demo and development (opt-in: `python3.11 dev.py demo` selects it): DEBUG on, fixed keys that are published
in this file, demo accounts allowed. Never for real data: production refuses these keys' absence instead."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import LOGGING, env_bool

DEBUG = env_bool("DEBUG", True)
WMOKETEN_DEMO = True
SECRET_KEY = os.environ.get("SECRET_KEY", "onveilig-alleen-voor-de-demo-en-ontwikkeling")
AUDIT_PSEUDONIEM_SLEUTEL = os.environ.get("AUDIT_PSEUDONIEM_SLEUTEL", "onveilig-demo-pseudoniemsleutel")
AUDIT_KETEN_SLEUTEL = os.environ.get("AUDIT_KETEN_SLEUTEL", "onveilig-demo-ketensleutel")
WMOKETEN_BACKUP_SLEUTEL = os.environ.get(
    "WMOKETEN_BACKUP_SLEUTEL",
    "b252ZWlsaWctZGVtby1iYWNrdXBzbGV1dGVsLW9wZW4=",  # a Fernet key, published: demo only
)
# notices of the task lists on the console (docs/beheer.md, "E-mail")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# readable log lines here (base: JSON); WMOKETEN_LOGFORMAAT=json shows what production writes
LOGGING["handlers"]["console"]["formatter"] = (  # type: ignore[index]
    "json" if os.environ.get("WMOKETEN_LOGFORMAAT") == "json" else "plain"
)

# static files straight from the apps, no collectstatic needed (development, demo, tests)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
