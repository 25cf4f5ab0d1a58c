"""Settings shared by every environment; every value that differs per machine comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
SRC_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("WMOKETEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "ja", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "onveilig-alleen-voor-ontwikkeling-en-demo")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "wmoketen.core",
    "wmoketen.accounts",
    "wmoketen.audit",
    "wmoketen.catalogus",
    "wmoketen.contracten",
    "wmoketen.clienten",
    "wmoketen.toegang",
    "wmoketen.toewijzingen",
    "wmoketen.declaraties",
    "wmoketen.berichten",
    "wmoketen.herindicatie",
    "wmoketen.monitoring",
    "wmoketen.beheer",
    "wmoketen.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wmoketen.accounts.middleware.SessiebeleidMiddleware",
    "wmoketen.accounts.middleware.TweedeFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "wmoketen.urls"
WSGI_APPLICATION = "wmoketen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded default database lives here
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wmoketen.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Input at the edges: form posts at most 2.5 MB in memory and 1000 fields; uploaded files above 2.5 MB go to a
# temporary file. The message upload endpoint reads the raw body itself and allows up to 25 MB (codec limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # never longer than the absolute limit below
SESSIE_INACTIEF_MINUTEN = int(os.environ.get("SESSIE_INACTIEF_MINUTEN", "30"))
SESSIE_ABSOLUUT_UREN = int(os.environ.get("SESSIE_ABSOLUUT_UREN", "12"))
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- iWmo exchange (docs/berichten.md) ---
# Root folder of the file-drop transport: <map>/<cbs-or-agb>/in|uit/, the way a knooppunt delivers files.
WMOKETEN_UITWISSELING_MAP = Path(os.environ.get("WMOKETEN_UITWISSELING_MAP", VAR_DIR / "uitwisseling"))
# Dotted path of the transport class (it takes the root folder).
WMOKETEN_TRANSPORT = os.environ.get("WMOKETEN_TRANSPORT", "wmoketen.berichten.uitwisseling.transport.BestandsTransport")
# Process the exchange right after a portal action (demo, hosted parties); otherwise a worker runs
# `wmoketen exchange run`.
WMOKETEN_UITWISSELING_DIRECT = env_bool("WMOKETEN_UITWISSELING_DIRECT", True)
# Retention per record kind, in years after closing (Selectielijst gemeenten en intergemeentelijke organen;
# docs/security.md "Bewaartermijnen"); `wmoketen bewaartermijn` reports and, with --uitvoeren, anonymises.
WMOKETEN_BEWAARTERMIJNEN = {
    "plan_vastgesteld": int(os.environ.get("WMOKETEN_BEWAARTERMIJN_PLAN_VASTGESTELD", "15")),
    "plan_niet_vastgesteld": int(os.environ.get("WMOKETEN_BEWAARTERMIJN_PLAN_NIET_VASTGESTELD", "5")),
}
# Four eyes on a beschikking (docs/security.md): from this estimated yearly cost (eurocent) a second consultant
# must approve it; a region may set its own amount in `instellingen: toegang: vier_ogen_vanaf_cent:`.
WMOKETEN_VIER_OGEN_VANAF_CENT = int(os.environ.get("WMOKETEN_VIER_OGEN_VANAF_CENT", "2500000"))
# Parties (CBS or AGB codes) with iWmo software of their own: their inboxes are not processed here.
WMOKETEN_EXTERNE_PARTIJEN = [c for c in os.environ.get("WMOKETEN_EXTERNE_PARTIJEN", "").split(",") if c]
# Contact for security reports, published in /.well-known/security.txt (RFC 9116).
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@wmoketen.example")
SECURITY_POLICY = os.environ.get("SECURITY_POLICY", "")

# Key for the pseudonymised client id in the Logboek dataverwerkingen (default: SECRET_KEY).
AUDIT_PSEUDONIEM_SLEUTEL = os.environ.get("AUDIT_PSEUDONIEM_SLEUTEL", SECRET_KEY)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"geen_bsn": {"()": "wmoketen.core.logboek.BsnMaskerFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["geen_bsn"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
