from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.selectors import regio_met_code
from wmoketen.catalogus.selectors import regios as alle_regios
from wmoketen.catalogus.thema import ThemaFout, thema_van
from wmoketen.clienten.selectors import client_ophalen
from wmoketen.clienten.views import activiteit
from wmoketen.core.parameters import OngeldigeParameter

from .clientbeeld import clientbeeld

# Every role lands on the page of its own work (issue 16): the consultant's worklist, the back office's
# declarations to handle, the provider's assignments and messages, the dashboards for contract management.
STARTPAGINA = {
    Rol.CONSULENT: "toegang:werklijst",
    Rol.BACKOFFICE: "declaraties:lijst",
    Rol.AANBIEDER: "berichten:portaal",
    Rol.CONTRACTMANAGER: "monitoring:dashboard",
    Rol.MONITORING: "monitoring:dashboard",
    Rol.FUNCTIONEEL_BEHEER: "regios",
}


def ongeldig_verzoek(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: the Dutch 400 page; a query parameter that cannot be read says which (core.parameters), any
    other bad request (a foreign Host header, Django's own limits) the general text. Rendered without the
    request, as Django's own handler does: the request itself may be what is wrong."""
    melding = str(exception) if isinstance(exception, OngeldigeParameter) else ""
    return HttpResponseBadRequest(loader.get_template("400.html").render({"melding": melding}))


@login_required
def home(request: IngelogdVerzoek) -> HttpResponse:
    return redirect(STARTPAGINA.get(Rol(request.user.rol), "regios"))


@login_required
def regios(request: IngelogdVerzoek) -> HttpResponse:
    return render(request, "web/regios.html", {"regios": alle_regios()})


@login_required
def client(request: IngelogdVerzoek, client_id: int) -> HttpResponse:
    """The client page: everything about the person within the user's scope (404 outside it), logged."""
    gevonden = client_ophalen(gebruiker=request.user, client_id=client_id)
    verwerkingen_log(
        actor=request.user,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=activiteit(request),
        client_ids=[gevonden.pk],
        object_type="client",
        object_id=str(gevonden.pk),
    )
    beeld = clientbeeld(gebruiker=request.user, client=gevonden, vandaag=timezone.localdate())
    return render(request, "web/client.html", {"b": beeld, "client": gevonden})


def csrf_mislukt(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a Dutch page that does not echo Django's technical reason."""
    return render(request, "web/csrf.html", status=403)


def toegankelijkheid(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (toegankelijkheidsverklaring) in the format of the government's register
    (toegankelijkheidsverklaring.nl, model of DigiToegankelijk): public, no sign-in needed."""
    return render(request, "web/toegankelijkheid.html")


def thema(request: HttpRequest, code: str) -> HttpResponse:
    """A region's token overrides of the NL Design System theme as a stylesheet (style-src 'self': no inline
    style); public like the region's catalogue, no personal data. The URL carries the version, so it is cached."""
    gevonden = regio_met_code(code)
    try:
        themadata = thema_van(gevonden.instellingen) if gevonden is not None else None
    except ThemaFout:
        themadata = None  # the pages leave it out too (templatetag thema), and log why
    if themadata is None:
        raise Http404
    antwoord = HttpResponse(themadata.css, content_type="text/css; charset=utf-8")
    antwoord["Cache-Control"] = "public, max-age=86400"
    return antwoord


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
