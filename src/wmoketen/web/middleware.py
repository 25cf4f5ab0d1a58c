"""Middleware of the web process: the platform endpoints first, and one log line per request with its id.

`VerzoekIdMiddleware` gives every request an id (the proxy's X-Request-ID when it is plain, else a new one),
returns it in X-Request-ID, puts it on every log line of the request (core.logcontext) and logs the request once:
method, path without query string (a search may carry a name or BSN), status and duration. No user, no address.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from wmoketen.core import logcontext

from . import gezondheid

Volgende = Callable[[HttpRequest], HttpResponse]
log = logging.getLogger("wmoketen.verzoek")

EINDPUNTEN: dict[str, Callable[[HttpRequest], HttpResponse]] = {
    "/health/live": gezondheid.levend,
    "/health/ready": gezondheid.gereed,
    "/metrics": gezondheid.metriek,
}


class BeheerEindpuntenMiddleware:
    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        eindpunt = EINDPUNTEN.get(request.path_info.rstrip("/") or "/")
        if eindpunt is not None and request.method in ("GET", "HEAD"):
            return eindpunt(request)
        return self.get_response(request)


class VerzoekIdMiddleware:
    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        kenmerk = logcontext.nieuw_verzoek_id(request.META.get("HTTP_X_REQUEST_ID"))
        begin = time.monotonic()
        with logcontext.verzoek(kenmerk):
            antwoord = self.get_response(request)
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                antwoord.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": antwoord.status_code,
                    "duration_ms": round((time.monotonic() - begin) * 1000, 1),
                },
            )
        antwoord["X-Request-ID"] = kenmerk
        return antwoord
