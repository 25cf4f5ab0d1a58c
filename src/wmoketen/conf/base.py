"""Settings shared by every environment; every value that differs per machine comes from the environment.

Not a settings module to run with: `production` (the default of wsgi.py, manage.py and the `wmoketen` command)
demands its secrets from the environment; `demo` and `test` are opt-in (docs/security.md, "Veilige standaard").
Everything here is safe for production: DEBUG is off and there is no secret.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

from .planning import ACTIEF, BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parents[3]
SRC_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("WMOKETEN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "ja", "yes", "on"}


def env_lijst(name: str, default: str = "") -> list[str]:
    return [deel.strip() for deel in os.environ.get(name, default).split(",") if deel.strip()]


DEBUG = False
# The demo settings set this; demo accounts (published password and TOTP key) refuse to be created without it.
WMOKETEN_DEMO = False
ALLOWED_HOSTS = env_lijst("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "wmoketen.accounts.apps.AxesConfig",  # django-axes with a Dutch name in the admin
    "wmoketen.core",
    "wmoketen.accounts",
    "wmoketen.audit",
    "wmoketen.taken",
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
    "wmoketen.migratie",
    "wmoketen.signalen",
    "wmoketen.web",
]

MIDDLEWARE = [
    # liveness, readiness and /metrics for the platform: before host checks, the HTTPS redirect and sessions
    "wmoketen.web.middleware.BeheerEindpuntenMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "wmoketen.core.middleware.VertrouwdeProxyMiddleware",  # everything after it sees the real client
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed and cached forever by their hash
    "wmoketen.web.middleware.VerzoekIdMiddleware",  # request id on every log line, one line per request
    "wmoketen.core.middleware.QueryparameterMiddleware",  # a control character (NUL) in the query string: 400
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    "wmoketen.accounts.middleware.SessiebeleidMiddleware",
    "wmoketen.accounts.middleware.TweedeFactorMiddleware",
    "wmoketen.audit.middleware.BuitenBereikMiddleware",  # 404s on object pages as failed attempts in the Logboek
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "wmoketen.urls"
WSGI_APPLICATION = "wmoketen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # before the apps' own folders, so admin/base_site.html of web overrides Django's (admin stylesheet, issue 19)
        "DIRS": [Path(__file__).resolve().parents[1] / "web" / "templates_voorrang"],
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
# Every request in one transaction: a change and its Logboek record are stored together or not at all, also when
# the view fails after the change (issue 13 item 4; docs/security.md §2). A view that manages its own
# transactions says so with @transaction.non_atomic_requests (tests/test_transacties.py lists the allowed ones).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Gebruiker"
# django-axes first: it refuses a locked-out account or address before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
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
# Dutch for third-party text without a Dutch translation of its own (django-axes' admin and messages)
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves the collected files (`wmoketen serve` collects them at start, the image at build); production
# stores them compressed (gzip/brotli) as well.

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

# --- Letters (docs/brieven.md) ---
# The folder of the region files; a letterhead's logo (`instellingen: brieven:`) is a path relative to it.
WMOKETEN_REGIO_MAP = Path(os.environ.get("WMOKETEN_REGIO_MAP", BASE_DIR / "regions"))

# --- BRP (Haal Centraal BRP Personen Bevragen, docs/clienten.md) ---
# JSON per CBS code (or "*" for all): {"0988": {"url": "https://...", "api_key": "...", "certificaat": "/pad.pem",
# "sleutel": "/pad.key"}}. Empty: no BRP, the consultant enters client data by hand.
WMOKETEN_BRP = json.loads(os.environ.get("WMOKETEN_BRP_KOPPELINGEN", "") or "{}")

# --- iWmo exchange (docs/berichten.md) ---
# Root folder of the file-drop transport: <map>/<cbs-or-agb>/in|uit/, the way a knooppunt delivers files.
WMOKETEN_UITWISSELING_MAP = Path(os.environ.get("WMOKETEN_UITWISSELING_MAP", VAR_DIR / "uitwisseling"))
# Dotted path of the transport class (it takes the root folder).
WMOKETEN_TRANSPORT = os.environ.get("WMOKETEN_TRANSPORT", "wmoketen.berichten.uitwisseling.transport.BestandsTransport")
# --- Background work (docs/beheer.md): Celery on RabbitMQ (amqp://...) or Redis (redis://...). Without a broker
# every task runs at once in the process that hands it over, through the same code: the demo stays one command.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # outcomes live on the Taak rows (wmoketen.taken), no result backend
CELERY_TASK_ACKS_LATE = True  # a message stays with the broker until its task has run: a dead worker loses nothing
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long tasks: a worker takes one at a time, the others take the rest
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("WMOKETEN_WACHTRIJ", "wmoketen")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# RabbitMQ confirms every published task before the request goes on; Redis: a task not acknowledged within the
# visibility timeout (longer than the longest task) is delivered again.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = (
    {"visibility_timeout": 4 * 3600} if CELERY_BROKER_URL.startswith("redis") else {"confirm_publish": True}
)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # our LOGGING (JSON, BSN mask) stays in charge
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE  # conf/planning.py: what runs when, shown to functioneel beheer on /taken/
WMOKETEN_PLANNING = ACTIEF
# Attempts of a failing task before it stops in the dead-letter state (visible to functioneel beheer).
WMOKETEN_TAAK_POGINGEN = int(os.environ.get("WMOKETEN_TAAK_POGINGEN", "5"))
# The pause before the first retry (then doubling, at most 10 minutes).
WMOKETEN_TAAK_PAUZE_SECONDEN = int(os.environ.get("WMOKETEN_TAAK_PAUZE_SECONDEN", "15"))

# Nightly back-up (beheer.tasks.backup_maken): where, and how many to keep.
WMOKETEN_BACKUP_MAP = Path(os.environ.get("WMOKETEN_BACKUP_MAP", VAR_DIR / "backups"))
# Fernet key(s) the back-up is encrypted with (beheer.backup; `wmoketen backup sleutel` makes one). Comma-separated
# for rotation: the first encrypts, every one decrypts. Without it no back-up is written.
WMOKETEN_BACKUP_SLEUTEL = os.environ.get("WMOKETEN_BACKUP_SLEUTEL", "")
WMOKETEN_BACKUP_BEWAREN = int(os.environ.get("WMOKETEN_BACKUP_BEWAREN", "14"))
# The monthly retention run anonymises only when this is on; otherwise it reports (docs/beheer.md).
WMOKETEN_BEWAARTERMIJN_UITVOEREN = env_bool("WMOKETEN_BEWAARTERMIJN_UITVOEREN", False)

# Retention per record kind, in years after closing (Selectielijst gemeenten en intergemeentelijke organen;
# docs/security.md "Bewaartermijnen"); `wmoketen bewaartermijn` reports and, with --uitvoeren, anonymises.
WMOKETEN_BEWAARTERMIJNEN = {
    "plan_vastgesteld": int(os.environ.get("WMOKETEN_BEWAARTERMIJN_PLAN_VASTGESTELD", "15")),
    "plan_niet_vastgesteld": int(os.environ.get("WMOKETEN_BEWAARTERMIJN_PLAN_NIET_VASTGESTELD", "5")),
}
# Four eyes on a beschikking (docs/security.md): from this estimated yearly cost (eurocent) a second consultant
# must approve it; a region may set its own amount in `instellingen: toegang: vier_ogen_vanaf_cent:`.
WMOKETEN_VIER_OGEN_VANAF_CENT = int(os.environ.get("WMOKETEN_VIER_OGEN_VANAF_CENT", "2500000"))
# The municipality's own account for the SEPA credit transfer, per CBS code, as JSON:
# {"0988": {"name": "Gemeente Weert", "IBAN": "NL..", "BIC": ".."}}. Without one a payment file is refused
# (the demo uses a demo account).
WMOKETEN_BETAALREKENINGEN = json.loads(os.environ.get("WMOKETEN_BETAALREKENINGEN", "{}"))
# Parties (CBS or AGB codes) with iWmo software of their own: their inboxes are not processed here.
WMOKETEN_EXTERNE_PARTIJEN = [c for c in os.environ.get("WMOKETEN_EXTERNE_PARTIJEN", "").split(",") if c]
# --- e-mail (docs/beheer.md, "E-mail"): the notices of the task lists (wmoketen.signalen), never personal data.
# SMTP by default; without EMAIL_HOST no notice is sent (the scheduled task says so). The demo prints mails on the
# console; the tests keep them in memory.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wmoketen <noreply@wmoketen.example>")
# The address users reach the application on, for the link in a notice.
WMOKETEN_BASIS_URL = os.environ.get("WMOKETEN_BASIS_URL", "http://127.0.0.1:8000")
# Contact for security reports, published in /.well-known/security.txt (RFC 9116).
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@wmoketen.example")
SECURITY_POLICY = os.environ.get("SECURITY_POLICY", "")

# Key for the pseudonymised client id in the Logboek dataverwerkingen. Never derived from SECRET_KEY: production
# refuses to start without it (conf/production.py).
AUDIT_PSEUDONIEM_SLEUTEL = os.environ.get("AUDIT_PSEUDONIEM_SLEUTEL", "")
# Key of the HMAC chain over the Logboek and of its signed checkpoints (audit.keten); kept out of the database and
# apart from SECRET_KEY, so that whoever holds the database cannot recompute the chain.
AUDIT_KETEN_SLEUTEL = os.environ.get("AUDIT_KETEN_SLEUTEL", "")
# A burst of attempts outside need-to-know (404s on object pages, each in the Logboek): this many within this many
# minutes by one account raises a signal on functioneel beheer's page (/taken/; audit.services).
WMOKETEN_BEREIK_DREMPEL = int(os.environ.get("WMOKETEN_BEREIK_DREMPEL", "10"))
WMOKETEN_BEREIK_VENSTER_MINUTEN = int(os.environ.get("WMOKETEN_BEREIK_VENSTER_MINUTEN", "10"))
# Append-only file of signed checkpoints of the Logboek's chain head (audit.controlepunt). In production on storage
# the database administrator cannot rewrite: another host, an append-only mount (chattr +a) or WORM storage.
WMOKETEN_AUDIT_CONTROLEPUNTEN = Path(
    os.environ.get("WMOKETEN_AUDIT_CONTROLEPUNTEN", VAR_DIR / "logboek" / "controlepunten.jsonl")
)

# --- transport (docs/security.md, "Headers en transport") ---
# Addresses (or networks) of the reverse proxies whose X-Forwarded-For/-Proto are believed; from anyone else
# those headers are removed (core.middleware.VertrouwdeProxyMiddleware). `wmoketen serve` gives gunicorn the same
# list as forwarded_allow_ips.
WMOKETEN_VERTROUWDE_PROXIES = env_lijst("WMOKETEN_VERTROUWDE_PROXIES", "127.0.0.1,::1")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "wmoketen.web.views.csrf_mislukt"

# Content-Security-Policy (django-csp): no inline script or style anywhere; a template that truly needs an inline
# script gives it nonce="{{ request.csp_nonce }}" and the nonce is added to the header for that response only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- throttling of sign-in (django-axes; docs/security.md, "Aanmelden") ---
# Per account and, separately, per client address: five wrong passwords or codes lock that account (from every
# address) and that address (for every account) for 15 minutes; every failure is stored (AccessAttempt,
# AccessFailureLog) and logged. The address is REMOTE_ADDR as VertrouwdeProxyMiddleware left it.
AXES_FAILURE_LIMIT = int(os.environ.get("WMOKETEN_AANMELDPOGINGEN", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("WMOKETEN_BLOKKADE_MINUTEN", "15")))
# A correct password does not wipe earlier failures: otherwise someone with the password could guess codes
# without limit by signing in again after every four wrong ones. Failures expire after AXES_COOLOFF_TIME.
AXES_RESET_ON_SUCCESS = False
# Logged with account and address (who was attacked, from where); never the password or code typed.
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "wmoketen.core.middleware.client_adres"
AXES_LOCKOUT_CALLABLE = "wmoketen.accounts.views.geblokkeerd"
# axes puts these in the sign-in context; its English defaults must never reach a user (issue 19)
AXES_COOLOFF_MESSAGE = (
    "Tijdelijk geblokkeerd: te vaak een verkeerd wachtwoord of een verkeerde code. Probeer het later opnieuw."
)
AXES_PERMALOCK_MESSAGE = (
    "Geblokkeerd: te vaak een verkeerd wachtwoord of een verkeerde code. Neem contact op met functioneel beheer."
)

# Logging: every record is masked for BSNs when it is made, before any handler sees it (core.logboek).
LOGGING_CONFIG = "wmoketen.core.logboek.logging_inrichten"
# One JSON object per line (WMOKETEN_LOGFORMAAT=json, the default) with request_id / task_id, or plain text
# (`tekst`, the demo). No personal data: BSNs are masked, request lines carry no user, address or query string.
WMOKETEN_LOGFORMAAT = os.environ.get("WMOKETEN_LOGFORMAAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"kenmerk": {"()": "wmoketen.core.logcontext.KenmerkFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "wmoketen.core.logcontext.JsonFormaat"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if WMOKETEN_LOGFORMAAT == "tekst" else "json",
            "filters": ["kenmerk"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"celery": {"level": os.environ.get("LOG_LEVEL", "INFO")}},
}
# Prometheus at /metrics only with `Authorization: Bearer <token>`; without a token the endpoint does not exist.
WMOKETEN_METRIEK_TOKEN = os.environ.get("WMOKETEN_METRIEK_TOKEN", "")
