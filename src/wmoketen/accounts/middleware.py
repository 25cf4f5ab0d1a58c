"""Session policy (BIO / ASVS L2): re-authenticate after 30 minutes idle and after 12 hours in total, and a
second factor before anything else for users who need one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from .models import Sessie
from .services import AANGEMELD_SLEUTEL, LAATST_ACTIEF_SLEUTEL, TWEEDE_FACTOR_SLEUTEL, sessie_afmelden

Volgende = Callable[[HttpRequest], HttpResponse]


def _tijd(waarde: object, standaard: datetime) -> datetime:
    return datetime.fromisoformat(waarde) if isinstance(waarde, str) else standaard


class SessiebeleidMiddleware:
    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            nu = timezone.now()
            sessie = request.session
            aangemeld = _tijd(sessie.get(AANGEMELD_SLEUTEL), nu)
            laatst = _tijd(sessie.get(LAATST_ACTIEF_SLEUTEL), nu)
            inactief = timedelta(minutes=settings.SESSIE_INACTIEF_MINUTEN)
            absoluut = timedelta(hours=settings.SESSIE_ABSOLUUT_UREN)
            if nu - laatst > inactief or nu - aangemeld > absoluut:
                sessie_afmelden(sessiesleutel=sessie.session_key)
                logout(request)
                messages.info(request, "Uw sessie is verlopen. Meld u opnieuw aan.")
                return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            sessie.setdefault(AANGEMELD_SLEUTEL, nu.isoformat())
            sessie[LAATST_ACTIEF_SLEUTEL] = nu.isoformat()
            if nu - laatst > timedelta(minutes=1):  # keep the session list fresh without a write per request
                Sessie.objects.filter(sessiesleutel=sessie.session_key).update(laatst_actief=nu)
        return self.get_response(request)


class TweedeFactorMiddleware:
    """Every account signs in with two factors (BIO 9.4.2, ASVS V2): until the second factor is proven in this
    session, a signed-in user reaches only the sign-in pages. A sign-in that is multi-factor by itself (a future
    eHerkenning >= EH3 backend, docs/security.md) marks the session the same way."""

    VRIJ = ("/aanmelden/", "/afmelden/", "/static/", "/.well-known/")

    def __init__(self, get_response: Volgende) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not request.session.get(TWEEDE_FACTOR_SLEUTEL)
            and not request.path.startswith(self.VRIJ)
        ):
            return HttpResponseRedirect(f"{reverse('tweede_factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
