"""Pages of the exchange: message list and detail (scoped), the provider portal (305/307/315/317) and the
municipality's open requests (answer a 315 per product or a 317 as a whole, within 5 working days)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen.models import Start, Toewijzing, Verzoek, VerzoekRegel
from wmoketen.toewijzingen.selectors import (
    levering_status,
    open_verzoeken,
    verzoeken_zichtbaar,
    wachttijden,
)
from wmoketen.toewijzingen.services import ToewijzingFout

from . import portaal, services
from .codec import BerichtError
from .constants import Richting, Status
from .forms import AntwoordForm, StartForm, StopForm, VotForm, VowForm
from .lijsten import BERICHTEN
from .models import Bericht
from .selectors import (
    bericht_ophalen,
    berichten_selectie,
    berichten_zichtbaar_voor,
    geblokkeerde_berichten,
    partijen_van_gebruiker,
    retour_te_laat,
)
from .verzendmelding import meld_verzending

GEMEENTE_SCHRIJVERS = {Rol.CONSULENT, Rol.BACKOFFICE, Rol.CONTRACTMANAGER, Rol.FUNCTIONEEL_BEHEER}


def _aanbieder(request: IngelogdVerzoek) -> Aanbieder:
    if not request.user.is_aanbieder or request.user.aanbieder is None:
        raise Http404("Alleen voor aanbieders")
    return request.user.aanbieder


def _gemeente_codes(request: IngelogdVerzoek) -> list[str]:
    if request.user.rol not in GEMEENTE_SCHRIJVERS:
        raise Http404("Alleen voor medewerkers van de gemeente")
    return partijen_van_gebruiker(request.user)


@login_required
def lijst(request: IngelogdVerzoek) -> HttpResponse:
    """Type, status, direction, identification and sorting in the URL; paging keeps them (issue 19 item 5)."""
    keuzes = BERICHTEN.keuzes(request.GET)
    pagina = keuzes.pagina(berichten_selectie(request.user, keuzes))
    vandaag = timezone.localdate()
    for b in pagina:
        b.te_laat = retour_te_laat(b, vandaag=vandaag)  # type: ignore[attr-defined]
    return render(
        request,
        "berichten/lijst.html",
        {
            "pagina": pagina,
            "keuzes": keuzes,
            "soort": keuzes.gekozen.get("soort", ""),
            "alleen_geblokkeerd": keuzes.gekozen.get("geblokkeerd") == "1",
            "geblokkeerd": geblokkeerde_berichten(request.user).count(),
            "statussen": Status.choices,
            "richtingen": Richting.choices,
        },
    )


@login_required
def detail(request: IngelogdVerzoek, bericht_id: int) -> HttpResponse:
    bericht = bericht_ophalen(gebruiker=request.user, bericht_id=bericht_id)
    if bericht.client_id is not None:
        verwerkingen_log(
            actor=request.user,
            actie=Actie.INZIEN,
            verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
            client_ids=[bericht.client_id],
            object_type=f"WMO{bericht.soort}",
            object_id=str(bericht.pk),
        )
    retouren = berichten_zichtbaar_voor(request.user).filter(heen=bericht)
    heen = berichten_zichtbaar_voor(request.user).filter(pk=bericht.heen_id).first() if bericht.heen_id else None
    return render(
        request,
        "berichten/detail.html",
        {"bericht": bericht, "retouren": retouren, "heen": heen, "te_laat": retour_te_laat(bericht)},
    )


@login_required
def portaal_pagina(request: IngelogdVerzoek) -> HttpResponse:
    aanbieder = _aanbieder(request)
    toewijzingen = list(
        Toewijzing.objects.filter(aanbieder=aanbieder)
        .select_related("client", "product")
        .order_by("-gewijzigd_op")[:200]
    )
    for t in toewijzingen:
        t.levering = levering_status(t)  # type: ignore[attr-defined]
    verwerkingen_log(
        actor=request.user,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
        client_ids=[t.client_id for t in toewijzingen],
        object_type="portaal",
    )
    return render(
        request,
        "berichten/portaal.html",
        {
            "aanbieder": aanbieder,
            "toewijzingen": toewijzingen,
            "verzoeken": verzoeken_zichtbaar(aanbieder=aanbieder)[:50],
            "wachttijden": wachttijden(aanbieders=Aanbieder.objects.filter(pk=aanbieder.pk)),
            "vot_form": VotForm(
                producten=portaal.producten_voor(aanbieder), gemeenten=portaal.gemeenten_voor(aanbieder)
            ),
        },
    )


def _toewijzing(request: IngelogdVerzoek, toewijzing_id: int) -> Toewijzing:
    aanbieder = _aanbieder(request)
    t = (
        Toewijzing.objects.filter(pk=toewijzing_id, aanbieder=aanbieder)
        .select_related("client__gemeente", "product")
        .first()
    )
    if t is None:
        raise Http404("Toewijzing niet gevonden")
    return t


def _na_verzenden(request: IngelogdVerzoek, bericht: Bericht, tekst: str) -> HttpResponse:
    meld_verzending(request, bericht, tekst)
    return redirect("berichten:detail", bericht_id=bericht.pk)


@login_required
def toewijzing_pagina(request: IngelogdVerzoek, toewijzing_id: int) -> HttpResponse:
    t = _toewijzing(request, toewijzing_id)
    starts = list(Start.objects.filter(toewijzing=t, verwijderd_op__isnull=True).prefetch_related("stops"))
    toewijzingsberichten = berichten_zichtbaar_voor(request.user).filter(client=t.client, soort="301")[:20]
    return render(
        request,
        "berichten/toewijzing.html",
        {
            "t": t,
            "toewijzingsberichten": toewijzingsberichten,
            "levering": levering_status(t),
            "starts": starts,
            "start_form": StartForm(),
            "stop_form": StopForm(),
            "vow_form": VowForm(),
        },
    )


@login_required
@require_POST
def start_versturen(request: IngelogdVerzoek, toewijzing_id: int) -> HttpResponse:
    t = _toewijzing(request, toewijzing_id)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(map(str, form.errors.get("begindatum", ()))) or "Vul een geldige begindatum in."
        )
        return redirect("berichten:toewijzing", toewijzing_id=t.pk)
    bericht = services.start_melden(toewijzing=t, begindatum=form.cleaned_data["begindatum"], actor=request.user)
    return _na_verzenden(request, bericht, "Startbericht (305) verzonden.")


@login_required
@require_POST
def stop_versturen(request: IngelogdVerzoek, toewijzing_id: int, start_id: int) -> HttpResponse:
    t = _toewijzing(request, toewijzing_id)
    start = Start.objects.filter(pk=start_id, toewijzing=t).first()
    form = StopForm(request.POST)
    if start is None or not form.is_valid():
        messages.error(
            request, " ".join(map(str, form.errors.get("einddatum", ()))) or "Kies een reden en een geldige einddatum."
        )
        return redirect("berichten:toewijzing", toewijzing_id=t.pk)
    bericht = services.stop_melden(
        start=start,
        reden_beeindiging=form.cleaned_data["reden_beeindiging"],
        einddatum=form.cleaned_data["einddatum"],
        actor=request.user,
    )
    return _na_verzenden(request, bericht, "Stopbericht (307) verzonden.")


@login_required
@require_POST
def vow_versturen(request: IngelogdVerzoek, toewijzing_id: int) -> HttpResponse:
    t = _toewijzing(request, toewijzing_id)
    form = VowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Het verzoek om wijziging is niet volledig ingevuld.")
        return redirect("berichten:toewijzing", toewijzing_id=t.pk)
    try:
        bericht = portaal.vow_voor_toewijzing(toewijzing=t, gegevens=form.cleaned_data, actor=request.user)
    except BerichtError as exc:
        messages.error(request, str(exc))
        return redirect("berichten:toewijzing", toewijzing_id=t.pk)
    return _na_verzenden(request, bericht, "Verzoek om wijziging (317) verzonden.")


@login_required
@require_POST
def vot_versturen(request: IngelogdVerzoek) -> HttpResponse:
    aanbieder = _aanbieder(request)
    form = VotForm(
        request.POST, producten=portaal.producten_voor(aanbieder), gemeenten=portaal.gemeenten_voor(aanbieder)
    )
    client = (
        portaal.client_voor_vot(
            aanbieder=aanbieder, bsn=form.cleaned_data["bsn"], gemeente_code=form.cleaned_data["gemeente"]
        )
        if form.is_valid()
        else None
    )
    if client is None:
        messages.error(request, "Het verzoek om toewijzing is niet volledig of de cliënt is onbekend.")
        return redirect("berichten:portaal")
    try:
        bericht = portaal.vot_voor_client(
            aanbieder=aanbieder, client=client, gegevens=form.cleaned_data, actor=request.user
        )
    except BerichtError as exc:
        messages.error(request, str(exc))
        return redirect("berichten:portaal")
    return _na_verzenden(request, bericht, "Verzoek om toewijzing (315) verzonden.")


@login_required
def verzoeken_pagina(request: IngelogdVerzoek) -> HttpResponse:
    codes = _gemeente_codes(request)
    openstaand = list(open_verzoeken(gemeente_codes=codes))
    vandaag = timezone.localdate()
    for v in openstaand:
        v.te_laat = vandaag > v.uiterste_antwoorddatum  # type: ignore[attr-defined]
    aanbieders = Aanbieder.objects.filter(toewijzingen__client__gemeente__cbs_code__in=codes).distinct()
    return render(
        request,
        "berichten/verzoeken.html",
        {"verzoeken": openstaand, "wachttijden": wachttijden(aanbieders=aanbieders), "vandaag": vandaag},
    )


def _verzoek(request: IngelogdVerzoek, verzoek_id: int) -> Verzoek:
    codes = _gemeente_codes(request)
    verzoek = (
        Verzoek.objects.filter(pk=verzoek_id, gemeente_code__in=codes).select_related("client", "aanbieder").first()
    )
    if verzoek is None:
        raise Http404("Verzoek niet gevonden")
    return verzoek


@login_required
def verzoek_pagina(request: IngelogdVerzoek, verzoek_id: int) -> HttpResponse:
    verzoek = _verzoek(request, verzoek_id)
    verwerkingen_log(
        actor=request.user,
        actie=Actie.INZIEN,
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING,
        client_ids=[verzoek.client_id],
        object_type="verzoek",
        object_id=str(verzoek.pk),
    )
    regels = verzoek.regels.select_related("toewijzing", "product", "resultaat")
    return render(request, "berichten/verzoek.html", {"verzoek": verzoek, "regels": regels, "form": AntwoordForm()})


@login_required
@require_POST
def verzoek_beantwoorden(request: IngelogdVerzoek, verzoek_id: int, regel_id: int | None = None) -> HttpResponse:
    verzoek = _verzoek(request, verzoek_id)
    form = AntwoordForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or "Kies een besluit.")
        return redirect("berichten:verzoek", verzoek_id=verzoek.pk)
    besluit, reden = form.cleaned_data["besluit"], form.cleaned_data.get("reden_afwijzing") or ""
    try:
        if regel_id is not None:
            regel = VerzoekRegel.objects.get(pk=regel_id, verzoek=verzoek)
            bericht = services.vot_regel_beantwoorden(
                regel=regel, besluit=besluit, reden_afwijzing=reden, actor=request.user
            )
        else:
            bericht = services.vow_beantwoorden(
                verzoek=verzoek, besluit=besluit, reden_afwijzing=reden, actor=request.user
            )
    except (ToewijzingFout, BerichtError, VerzoekRegel.DoesNotExist) as exc:
        messages.error(request, str(exc))
        return redirect("berichten:verzoek", verzoek_id=verzoek.pk)
    meld_verzending(request, bericht, "Antwoord verzonden." if bericht else "Verwerkt.")
    return redirect("berichten:verzoek", verzoek_id=verzoek.pk)
