from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.catalogus.selectors import regios


@login_required
def home(request: IngelogdVerzoek) -> HttpResponse:
    return render(request, "web/home.html", {"regios": regios()})


def csrf_mislukt(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a Dutch page that does not echo Django's technical reason."""
    return render(request, "web/csrf.html", status=403)


def security_txt(request: HttpRequest) -> HttpResponse:
    """RFC 9116: where to report a vulnerability. Expires is always less than a year ahead, as the RFC asks."""
    verloopt = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    regels = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {verloopt.astimezone(UTC).isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    if settings.SECURITY_POLICY:
        regels.append(f"Policy: {settings.SECURITY_POLICY}")
    return HttpResponse("\n".join(regels) + "\n", content_type="text/plain; charset=utf-8")
