"""The consultant ends a client's provisions, records a switch of provider or an interruption (thin: the form, one
service, the Logboek)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.models import Gemeente
from wmoketen.clienten.selectors import client_ophalen
from wmoketen.contracten.models import Aanbieder
from wmoketen.toegang import klok

from . import selectors
from .beeindigen import lopende_voorzieningen, voorziening_beeindigen
from .forms import BeeindigenForm, OnderbrekingForm, WisselForm
from .lijsten import TOEWIJZINGEN
from .models import Onderbreking, Toewijzing
from .services import ToewijzingFout
from .wissel import aanbieder_wisselen, onderbreking_vastleggen, onderbreking_verwijderen


@login_required
def lijst(request: IngelogdVerzoek) -> HttpResponse:
    """The assignments in scope with filters, sorting, paging and totals in the URL (issue 19 item 5); every client
    shown is written to the Logboek."""
    if request.user.rol not in selectors.LIJST_ROLLEN:
        raise PermissionDenied("Monitoring ziet geen individuele toewijzingen.")
    keuzes = TOEWIJZINGEN.keuzes(request.GET)
    lijst = selectors.toewijzingen_lijst(request.user, keuzes)
    pagina = keuzes.pagina(lijst.toewijzingen)
    verwerkingen_log(
        actor=request.user,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
        client_ids=[t.client_id for t in pagina],
        object_type="toewijzingenlijst",
    )
    return render(
        request,
        "toewijzingen/lijst.html",
        {"pagina": pagina, "lijst": lijst, "keuzes": keuzes, "statussen": selectors.TOEWIJZING_STATUSSEN},
    )


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


@login_required
def toewijzing(request: IngelogdVerzoek, toewijzing_id: int) -> HttpResponse:
    """One assignment for municipal staff: its facts for the settlement (a switch of provider, interruptions); a
    consultant records them here. Scoped through the client: another region's assignment is a 404."""
    t = get_object_or_404(
        Toewijzing.objects.select_related("client", "aanbieder", "product__regio", "wissel_van__aanbieder"),
        pk=toewijzing_id,
    )
    if request.user.rol == Rol.AANBIEDER:
        raise Http404("Toewijzing niet gevonden")
    client = client_ophalen(gebruiker=request.user, client_id=t.client_id)
    _log(request, client.pk, Actie.INZIEN)
    consulent = request.user.rol == Rol.CONSULENT
    aanbieders = (
        Aanbieder.objects.filter(
            overeenkomsten__regio_id=t.product.regio_id, overeenkomsten__percelen=t.product.perceel_id
        )
        .exclude(pk=t.aanbieder_id)
        .distinct()
        .order_by("naam")
    )
    wissel = WisselForm(aanbieders=aanbieders, initial={"per": klok.vandaag()})
    onderbreking = OnderbrekingForm()
    if request.method == "POST":
        if not consulent:
            raise PermissionDenied("Alleen een consulent legt dit vast.")
        actie = request.POST.get("actie")
        try:
            if actie == "wissel":
                wissel = WisselForm(request.POST, aanbieders=aanbieders)
                if wissel.is_valid():
                    nieuw = aanbieder_wisselen(
                        door=request.user, toewijzing=t, nieuwe_aanbieder=wissel.cleaned_data["nieuwe_aanbieder"],
                        per=wissel.cleaned_data["per"],
                    )  # fmt: skip
                    _log(request, client.pk, Actie.WIJZIGEN)
                    messages.success(
                        request,
                        f"Wissel vastgelegd: toewijzing {t.toewijzing_nummer} eindigt op "
                        f"{nieuw.ingangsdatum - timedelta(days=1):%d-%m-%Y}; toewijzing {nieuw.toewijzing_nummer} bij "
                        f"{nieuw.aanbieder.naam} gaat in op {nieuw.ingangsdatum:%d-%m-%Y}. Beide aanbieders krijgen "
                        "een 301.",
                    )
                    return redirect("toewijzingen:toewijzing", toewijzing_id=nieuw.pk)
            elif actie == "onderbreking":
                onderbreking = OnderbrekingForm(request.POST)
                if onderbreking.is_valid():
                    d = onderbreking.cleaned_data
                    onderbreking_vastleggen(
                        door=request.user, toewijzing=t, van=d["van"], tot=d["tot"], reden=d["reden"],
                        toelichting=d["toelichting"],
                    )  # fmt: skip
                    _log(request, client.pk, Actie.WIJZIGEN)
                    messages.success(request, "Onderbreking vastgelegd.")
                    return redirect("toewijzingen:toewijzing", toewijzing_id=t.pk)
            elif actie == "onderbreking_verwijderen":
                o = get_object_or_404(Onderbreking, pk=request.POST.get("onderbreking"), toewijzing=t)
                onderbreking_verwijderen(door=request.user, onderbreking=o)
                _log(request, client.pk, Actie.WIJZIGEN)
                messages.success(request, "Onderbreking verwijderd.")
                return redirect("toewijzingen:toewijzing", toewijzing_id=t.pk)
        except ToewijzingFout as fout:
            (wissel if actie == "wissel" else onderbreking).add_error(None, str(fout))
    return render(
        request,
        "toewijzingen/toewijzing.html",
        {
            "t": t,
            "client": client,
            "consulent": consulent,
            "wissel_naar": Toewijzing.objects.filter(wissel_van=t).select_related("aanbieder").first(),
            "onderbrekingen": list(t.onderbrekingen.all()),
            "wissel": wissel,
            "onderbreking": onderbreking,
        },
    )
