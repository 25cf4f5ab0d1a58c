"""The consultant ends a client's provisions (thin: the form, one service, the Logboek)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.models import Gemeente
from wmoketen.clienten.selectors import client_ophalen
from wmoketen.toegang import klok

from .beeindigen import lopende_voorzieningen, voorziening_beeindigen
from .forms import BeeindigenForm
from .models import Toewijzing
from .services import ToewijzingFout


def _log(request: IngelogdVerzoek, client_id: int, actie: Actie) -> None:
    verwerkingen_log(
        actor=request.user,
        actie=actie,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
        client_ids=[client_id],
        object_type="voorziening beeindigen",
        object_id=str(client_id),
    )


@login_required
def beeindigen(request: IngelogdVerzoek, client_id: int) -> HttpResponse:
    client = client_ophalen(gebruiker=request.user, client_id=client_id)
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied("Alleen een consulent beëindigt een voorziening.")
    _log(request, client.pk, Actie.INZIEN)
    vandaag = klok.vandaag()
    lopend = lopende_voorzieningen(client, vandaag)
    form = BeeindigenForm(
        request.POST if request.method == "POST" else None,
        toewijzingen=Toewijzing.objects.filter(pk__in=[t.pk for t in lopend]).select_related("product", "aanbieder"),
        gemeenten=Gemeente.objects.filter(regios__gemeenten=client.gemeente).exclude(pk=client.gemeente_id).distinct(),
        initial={"per": vandaag, "toewijzingen": [t.pk for t in lopend]},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            uitkomst = voorziening_beeindigen(
                door=request.user, client=client, reden=d["reden"], per=d["per"], toewijzingen=list(d["toewijzingen"]),
                toelichting=d["toelichting"], akkoord_aanbieder=d["akkoord_aanbieder"],
                nieuwe_gemeente=d["nieuwe_gemeente"],
            )  # fmt: skip
        except ToewijzingFout as fout:
            form.add_error(None, str(fout))
        else:
            _log(request, client.pk, Actie.WIJZIGEN)
            if uitkomst.beeindiging is None:
                messages.info(request, "Deze voorzieningen eindigden al op of vóór die dag; er is niets gewijzigd.")
            else:
                tekst = (
                    f"{len(uitkomst.beeindigd)} voorziening(en) beëindigd per {d['per']:%d-%m-%Y}; "
                    "de aanbieder krijgt een 301."
                )
                if uitkomst.overgenomen:
                    tekst += f" {len(uitkomst.overgenomen)} overgenomen door de nieuwe gemeente."
                messages.success(request, tekst)
            return redirect("clienten:detail", client_id=client.pk)
    return render(
        request,
        "toewijzingen/beeindigen.html",
        {"form": form, "client": client, "lopend": lopend},
    )
