"""Attempts outside need-to-know into the Logboek (issue 13 item 4).

Scoping answers 404 for every object outside the user's scope, the same as for one that does not exist. An
enumerating user (id after id) therefore only sees 404s; this middleware writes each 404 on an object page (a
resolved URL with arguments) by a signed-in user as a failed attempt in the Logboek, and a burst of them raises a
signal on functioneel beheer's page (audit.services.buiten_bereik_vastleggen)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from wmoketen.core.logboek import maskeer_bsn

from .constants import Verwerkingsactiviteit
from .services import buiten_bereik_vastleggen

# the processing activity of the register (AVG art. 30) by the URL's application namespace
ACTIVITEIT = {
    "clienten": Verwerkingsactiviteit.TOEGANG,
    "toegang": Verwerkingsactiviteit.TOEGANG,
    "toewijzingen": Verwerkingsactiviteit.TOEWIJZING,
    "berichten": Verwerkingsactiviteit.TOEWIJZING,
    "herindicatie": Verwerkingsactiviteit.TOEWIJZING,
    "declaraties": Verwerkingsactiviteit.DECLARATIE,
    "contracten": Verwerkingsactiviteit.CONTRACTMANAGEMENT,
    "monitoring": Verwerkingsactiviteit.CONTRACTMANAGEMENT,
    "catalogus": Verwerkingsactiviteit.CONTRACTMANAGEMENT,
}


class BuitenBereikMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404:
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            if match is not None and match.kwargs and user is not None and user.is_authenticated:
                argumenten = ",".join(f"{k}={v}" for k, v in sorted(match.kwargs.items()))
                buiten_bereik_vastleggen(
                    actor=user,
                    object_type=(match.view_name or "")[:60],
                    object_id=maskeer_bsn(argumenten)[:60],  # a hostile id may look like a BSN
                    verwerkingsactiviteit=ACTIVITEIT.get(
                        match.app_names[0] if match.app_names else "", Verwerkingsactiviteit.BEHEER
                    ),
                )
        return response
