"""Production, and the default of wsgi.py, manage.py and the `wmoketen` command: it refuses to start while a
secret or a machine-specific value is missing from the environment, and names every one that is."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

VERPLICHT = (
    "SECRET_KEY",
    "AUDIT_PSEUDONIEM_SLEUTEL",
    "AUDIT_KETEN_SLEUTEL",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
)
SLEUTELS = ("SECRET_KEY", "AUDIT_PSEUDONIEM_SLEUTEL", "AUDIT_KETEN_SLEUTEL")
MINIMALE_SLEUTELLENGTE = 32


def controleer_omgeving(omgeving: dict[str, str] | os._Environ[str]) -> None:
    """Raise ImproperlyConfigured naming every missing variable, too short key or key used twice."""
    ontbreekt = [naam for naam in VERPLICHT if not omgeving.get(naam, "").strip()]
    if ontbreekt:
        raise ImproperlyConfigured(
            "wmoketen start niet: deze omgevingsvariabelen ontbreken of zijn leeg: "
            f"{', '.join(ontbreekt)}. Zie docs/security.md (Veilige standaard). Voor de demo of ontwikkeling: "
            "DJANGO_SETTINGS_MODULE=wmoketen.conf.demo."
        )
    te_kort = [naam for naam in SLEUTELS if len(omgeving[naam].strip()) < MINIMALE_SLEUTELLENGTE]
    if te_kort:
        raise ImproperlyConfigured(
            f"wmoketen start niet: {', '.join(te_kort)} moet minstens {MINIMALE_SLEUTELLENGTE} tekens lang zijn "
            "(bijvoorbeeld: python3 -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if len({omgeving[naam] for naam in SLEUTELS}) != len(SLEUTELS):
        raise ImproperlyConfigured(
            f"wmoketen start niet: {', '.join(SLEUTELS)} moeten drie verschillende sleutels zijn "
            "(de sleutels van het logboek mogen niet uit SECRET_KEY volgen)."
        )


controleer_omgeving(os.environ)

DEBUG = False
WMOKETEN_DEMO = False
SECRET_KEY = os.environ["SECRET_KEY"]
AUDIT_PSEUDONIEM_SLEUTEL = os.environ["AUDIT_PSEUDONIEM_SLEUTEL"]
AUDIT_KETEN_SLEUTEL = os.environ["AUDIT_KETEN_SLEUTEL"]

# HTTPS only: plain HTTP is redirected, browsers remember it for a year (also for subdomains), cookies only over
# HTTPS. request.is_secure() believes X-Forwarded-Proto only from WMOKETEN_VERTROUWDE_PROXIES.
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Static files: collected by `wmoketen serve` (and the image), served by WhiteNoise with gzip/brotli variants.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
