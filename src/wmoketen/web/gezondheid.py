"""Endpoints for the platform, not for people: liveness, readiness and the Prometheus metrics.

They reveal nothing else: liveness says the process answers; readiness says whether the database and (when
configured) the broker can be reached, as 200 or 503 with one word; what failed goes to the log only. The metrics
need the bearer token WMOKETEN_METRIEK_TOKEN (without one configured they are not served at all). All three are
answered by `BeheerEindpuntenMiddleware` before host checks, the HTTPS redirect and the session: a load balancer
probes with its own Host header over plain HTTP.
"""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

TEKST = "text/plain; charset=utf-8"


def _antwoord(status: int, tekst: str, content_type: str = TEKST) -> HttpResponse:
    antwoord = HttpResponse(tekst, status=status, content_type=content_type)
    antwoord["Cache-Control"] = "no-store"
    return antwoord


def levend(request: HttpRequest) -> HttpResponse:
    return _antwoord(200, "ok\n")


def database_bereikbaar() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        log.warning("gereedheid: database niet bereikbaar", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return False


def broker_bereikbaar() -> bool:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True  # no broker configured: tasks run in the process
    from wmoketen.celery import app

    try:
        with app.connection_for_write() as verbinding:
            verbinding.ensure_connection(max_retries=1, timeout=3)
        return True
    except Exception:
        log.warning("gereedheid: broker niet bereikbaar", exc_info=True)
        return False


def gereed(request: HttpRequest) -> HttpResponse:
    if database_bereikbaar() and broker_bereikbaar():
        return _antwoord(200, "gereed\n")
    return _antwoord(503, "niet gereed\n")


def metriek(request: HttpRequest) -> HttpResponse:
    token = settings.WMOKETEN_METRIEK_TOKEN
    gegeven = request.META.get("HTTP_AUTHORIZATION", "")
    if not token:
        return _antwoord(404, "Niet gevonden\n")
    if not hmac.compare_digest(gegeven.encode(), f"Bearer {token}".encode()):
        antwoord = _antwoord(401, "Niet aangemeld\n")
        antwoord["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return antwoord
    from .metriek import als_tekst

    inhoud, soort = als_tekst()
    return _antwoord(200, inhoud.decode(), soort)
