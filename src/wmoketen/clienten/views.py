from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log

from .selectors import Zoekresultaat, clienten_zoeken
from .zoeken import ZoekFout, Zoekvraag, zoekvraag_lezen

MAX_ZOEKTEKST = 100


def activiteit(request: IngelogdVerzoek) -> Verwerkingsactiviteit:
    return Verwerkingsactiviteit.TOEWIJZING if request.user.is_aanbieder else Verwerkingsactiviteit.TOEGANG


@login_required
def zoeken(request: IngelogdVerzoek) -> HttpResponse:
    """Find a client by BSN, name, date of birth or postcode + house number, within the user's scope. Every client
    shown in the results is written to the Logboek; an empty search shows (and logs) nobody. The search is a POST:
    a BSN or a name never appears in a URL (nor in an access log or the browser history)."""
    if request.user.rol == Rol.MONITORING:
        raise PermissionDenied("Monitoring ziet geen individuele cliënten.")
    tekst = request.POST.get("q", "")[:MAX_ZOEKTEKST] if request.method == "POST" else ""
    fout = ""
    resultaat = Zoekresultaat([], False)
    try:
        vraag = zoekvraag_lezen(tekst)
    except ZoekFout as exc:
        fout, vraag = str(exc), Zoekvraag()
    if not vraag.leeg:
        resultaat = clienten_zoeken(gebruiker=request.user, vraag=vraag)
        verwerkingen_log(
            actor=request.user,
            actie=Actie.INZIEN,
            verwerkingsactiviteit=activiteit(request),
            client_ids=[c.pk for c in resultaat.clienten],
            object_type="zoekresultaat clienten",
        )
    return render(
        request,
        "clienten/zoeken.html",
        {"tekst": tekst, "fout": fout, "resultaat": resultaat, "gezocht": not vraag.leeg},
    )
