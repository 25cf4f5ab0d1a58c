from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log

from .selectors import client_ophalen, clienten_zichtbaar_voor


def _activiteit(request: IngelogdVerzoek) -> Verwerkingsactiviteit:
    return Verwerkingsactiviteit.TOEWIJZING if request.user.is_aanbieder else Verwerkingsactiviteit.TOEGANG


@login_required
def lijst(request: IngelogdVerzoek) -> HttpResponse:
    pagina = Paginator(clienten_zichtbaar_voor(request.user).select_related("gemeente"), 50).get_page(
        request.GET.get("pagina")
    )
    verwerkingen_log(
        actor=request.user,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=_activiteit(request),
        client_ids=[c.pk for c in pagina],
        object_type="clientenlijst",
    )
    return render(request, "clienten/lijst.html", {"pagina": pagina})


@login_required
def detail(request: IngelogdVerzoek, client_id: int) -> HttpResponse:
    client = client_ophalen(gebruiker=request.user, client_id=client_id)
    verwerkingen_log(
        actor=request.user,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=_activiteit(request),
        client_ids=[client.pk],
        object_type="client",
        object_id=str(client.pk),
    )
    toewijzingen = client.toewijzingen.select_related("aanbieder", "product")
    if request.user.is_aanbieder:
        toewijzingen = toewijzingen.filter(aanbieder=request.user.aanbieder)
    return render(request, "clienten/detail.html", {"client": client, "toewijzingen": toewijzingen})
