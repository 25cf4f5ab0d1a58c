"""The provider portal for declaring: compose a 323 for a month (lines proposed by the settlement engine), see
before sending what will be approved (draft lines or an uploaded draft 323), and correct an approved prestatie
(credit plus new debet), each sent as a real 323 through the exchange; the 325 comes back on the message page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.catalogus.constants import Eenheid
from wmoketen.contracten.models import Aanbieder
from wmoketen.contracten.weergave import volume_uit_invoer
from wmoketen.core.parameters import OngeldigeParameter
from wmoketen.declaraties.constants import retourcode_tekst
from wmoketen.declaraties.perioden import Periode, kalendermaand
from wmoketen.declaraties.selectors import prestatie_ophalen
from wmoketen.declaraties.voorstel import (
    Conceptregel,
    VoorstelFout,
    als_invoer,
    correctieregels,
    declarabele_maanden,
    laatste_declaratieperiode,
    volgende_declaratieperiode,
    voorcalculatie,
    voorstel,
)
from wmoketen.toewijzingen.models import Toewijzing

from .codec import MAX_BERICHT_BYTES, BerichtError, BerichtSoort, parse
from .codec.model.basis import BedragMetDC, GeslotenPeriode, Referentie, TotaalBedragMetDC
from .codec.model.wmo323 import Client, Declaratie, Prestatie, Wmo323
from .constants import Kanaal
from .models import Bericht
from .uitwisseling.declaratie import invoer_uit_323
from .uitwisseling.verzenden import bericht_verzenden, nieuwe_header, volgende_identificatie
from .verzendmelding import meld_verzending


def _nummer(agb: str, soort: str) -> str:
    """Letters and digits only (CS319), unique per provider (TR314/TR333): the provider's own counter."""
    return volgende_identificatie(agb, soort).replace("-", "")


def wmo323_bouwen(*, aanbieder: Aanbieder, gemeente_code: str, periode: Periode, regels: list[Conceptregel]) -> Wmo323:
    clienten: dict[str, list[Prestatie]] = {}
    for r in regels:
        clienten.setdefault(r.bsn, []).append(
            Prestatie(
                product_referentie=Referentie(
                    referentie_nummer=_nummer(aanbieder.agb_code, "P"),
                    vorig_referentie_nummer=r.vorig_referentie_nummer,
                ),
                toewijzing_nummer=r.toewijzing_nummer,
                product_categorie=r.product_categorie,
                product_code=r.product_code,
                product_periode=GeslotenPeriode(begindatum=r.begindatum, einddatum=r.einddatum),
                geleverd_volume=r.geleverd_volume,
                eenheid=r.eenheid,
                product_tarief=None if r.eenheid == Eenheid.EUROS else r.product_tarief_cent,
                ingediend_bedrag=BedragMetDC(bedrag=r.ingediend_bedrag_cent, debet_credit=r.debet_credit),
            )
        )
    som = sum(-r.ingediend_bedrag_cent if r.debet_credit == "C" else r.ingediend_bedrag_cent for r in regels)
    header = nieuwe_header(soort=BerichtSoort.WMO323, afzender=aanbieder.agb_code, ontvanger=gemeente_code)
    return Wmo323(
        header=header,
        declaratie=Declaratie(
            declaratie_nummer=_nummer(aanbieder.agb_code, "D"),
            declaratie_periode=GeslotenPeriode(begindatum=periode.van, einddatum=periode.tot),
            declaratie_dagtekening=header.bericht_identificatie.dagtekening,
            totaal_ingediend_bedrag=TotaalBedragMetDC(totaal_bedrag=abs(som), debet_credit="D" if som >= 0 else "C"),
            clienten=tuple(Client(bsn=bsn, prestaties=tuple(ps)) for bsn, ps in clienten.items()),
        ),
    )


@transaction.atomic
def declaratie_versturen(
    *, aanbieder: Aanbieder, gemeente_code: str, periode: Periode, regels: list[Conceptregel], actor: object | None
) -> Bericht:
    """Send a 323 from the portal (the provider's outbox; the exchange delivers it to the municipality)."""
    if not regels:
        raise ValueError("Een declaratie heeft minstens één prestatie.")
    bericht = wmo323_bouwen(aanbieder=aanbieder, gemeente_code=gemeente_code, periode=periode, regels=regels)
    return bericht_verzenden(bericht=bericht, kanaal=Kanaal.PORTAAL, actor=actor)


# --- pages ------------------------------------------------------------------------------------------------


def _aanbieder(request: IngelogdVerzoek) -> Aanbieder:
    if not request.user.is_aanbieder or request.user.aanbieder is None:
        raise Http404("Alleen voor aanbieders")
    return request.user.aanbieder


def _gemeenten(aanbieder: Aanbieder) -> list[str]:
    return sorted(
        set(Toewijzing.objects.filter(aanbieder=aanbieder).values_list("client__gemeente__cbs_code", flat=True))
    )


def _maand(tekst: str, maanden: list[Periode], laatste_gebruikt: bool) -> Periode | None:
    """The month asked for ('2026-11'); without one the oldest month that may be declared when the provider
    declared here before (so no month is skipped), else the newest."""
    if not tekst:
        if not maanden:
            return None
        return maanden[-1] if laatste_gebruikt else maanden[0]
    jaar, _, maand = tekst.partition("-")
    if not (len(jaar) == 4 and len(maand) == 2 and (jaar + maand).isascii() and (jaar + maand).isdigit()) or not (
        1 <= int(maand) <= 12
    ):  # maand=abc was silently the default month: 400 with a Dutch message (issue 13 item 8)
        raise OngeldigeParameter("De maand moet de vorm jjjj-mm hebben, bijvoorbeeld 2026-11.")
    return kalendermaand(int(jaar), int(maand))


def _uit_formulier(request: IngelogdVerzoek, regels: list[Conceptregel]) -> list[Conceptregel]:
    """The proposed lines the provider kept, with the volume it delivered (amounts recomputed, TR346/IV081)."""
    gekozen = []
    for i, r in enumerate(regels):
        if request.POST.get(f"mee_{i}") != "1":
            continue
        tekst = request.POST.get(f"volume_{i}")
        volume = r.geleverd_volume if tekst is None else volume_uit_invoer(tekst, r.eenheid, r.geleverd_volume)
        gekozen.append(r.met_volume(volume))
    return gekozen


def _oordelen(
    invoer_regels: list[Conceptregel], aanbieder: Aanbieder, gemeente: str, periode: Periode
) -> list[dict[str, object]]:
    invoer = als_invoer(aanbieder=aanbieder.agb_code, gemeente_code=gemeente, periode=periode, regels=invoer_regels)
    beoordeling = voorcalculatie(invoer)
    return [
        {
            "regel": r,
            "goedgekeurd": o.goedgekeurd,
            "bedrag": o.toegekend_cent,
            "redenen": [(b.regel, b.retourcode, retourcode_tekst(b.retourcode), b.melding) for b in o.bevindingen],
        }
        for r, o in zip(invoer_regels, beoordeling.prestaties, strict=True)
    ]


def _log(request: IngelogdVerzoek, aanbieder: Aanbieder, regels: list[Conceptregel]) -> None:
    ids = list(
        Toewijzing.objects.filter(aanbieder=aanbieder, toewijzing_nummer__in={r.toewijzing_nummer for r in regels})
        .values_list("client_id", flat=True)
        .distinct()
    )
    if ids:
        verwerkingen_log(
            actor=request.user,
            actie=Actie.INZIEN,
            verwerkingsactiviteit=Verwerkingsactiviteit.DECLARATIE,
            client_ids=ids,
            object_type="declareren",
        )


def _conceptbestand_fout(bestand: Any) -> str:
    """Uploads at the edge: an .xml file sent as XML, at most 25 MB; the content is then parsed by the safe codec."""
    if not str(bestand.name or "").lower().endswith(".xml"):
        return "Het conceptbestand moet een XML-bestand zijn (extensie .xml)."
    if (bestand.content_type or "").split(";")[0].strip().lower() not in {"application/xml", "text/xml"}:
        return "Het conceptbestand moet een XML-bestand zijn (application/xml of text/xml)."
    if bestand.size > MAX_BERICHT_BYTES:
        return f"Het conceptbestand is groter dan de toegestane 25 MB ({MAX_BERICHT_BYTES} bytes)."
    return ""


@login_required
def declareren(request: IngelogdVerzoek) -> HttpResponse:
    aanbieder = _aanbieder(request)
    vandaag = timezone.localdate()
    gemeenten = _gemeenten(aanbieder)
    gemeente = request.POST.get("gemeente") or request.GET.get("gemeente") or (gemeenten[0] if gemeenten else "")
    if gemeente and gemeente not in gemeenten:
        raise Http404("Geen toewijzingen bij deze gemeente")
    context: dict[str, object] = {"gemeenten": gemeenten, "gemeente": gemeente}
    bestand = request.FILES.get("concept") if request.method == "POST" else None
    if bestand is not None:
        return _conceptbestand(request, aanbieder, bestand, context)
    maanden = declarabele_maanden(aanbieder=aanbieder, gemeente_code=gemeente, vandaag=vandaag) if gemeente else []
    laatste = laatste_declaratieperiode(aanbieder=aanbieder, gemeente_code=gemeente) if gemeente else None
    periode = _maand(request.POST.get("maand") or request.GET.get("maand", ""), maanden, laatste is not None)
    context.update(maanden=[f"{m.van:%Y-%m}" for m in maanden], maand=f"{periode.van:%Y-%m}" if periode else "")
    if periode is None:
        return render(request, "berichten/declareren.html", context)
    try:
        voorgesteld = voorstel(
            aanbieder=aanbieder, gemeente_code=gemeente, jaar=periode.van.year, maand=periode.van.month, vandaag=vandaag
        )
    except VoorstelFout as fout:
        messages.error(request, str(fout))
        return render(request, "berichten/declareren.html", context)
    regels = voorgesteld.regels
    context["zonder_regel"] = voorgesteld.zonder_regel
    if request.method == "POST":
        gekozen = _uit_formulier(request, regels)
        if request.POST.get("actie") == "versturen" and gekozen:
            verzonden = declaratie_versturen(
                aanbieder=aanbieder, gemeente_code=gemeente, periode=periode, regels=gekozen, actor=request.user
            )
            meld_verzending(
                request, verzonden, "Declaratie (WMO323) verstuurd; het antwoord (WMO325) komt bij het bericht."
            )
            return redirect("berichten:detail", bericht_id=verzonden.pk)
        context["oordelen"] = _oordelen(gekozen, aanbieder, gemeente, periode) if gekozen else []
    context["regels"] = list(enumerate(regels))
    _log(request, aanbieder, regels)
    return render(request, "berichten/declareren.html", context)


def _conceptbestand(
    request: IngelogdVerzoek, aanbieder: Aanbieder, bestand: Any, context: dict[str, object]
) -> HttpResponse:
    """An uploaded draft 323: judged by the intake's rules, nothing stored or sent."""
    fout = _conceptbestand_fout(bestand)
    if fout:
        messages.error(request, fout)
        return redirect("berichten:declareren")
    data = bestand.read(MAX_BERICHT_BYTES + 1)
    try:
        bericht = parse(data)
    except BerichtError as exc:
        messages.error(request, f"Het conceptbestand is geen geldige WMO323: {exc}")
        return redirect("berichten:declareren")
    if not isinstance(bericht, Wmo323) or bericht.header.afzender != aanbieder.agb_code:
        messages.error(request, "Het conceptbestand is geen WMO323 van uw AGB-code.")
        return redirect("berichten:declareren")
    invoer = invoer_uit_323(bericht)
    regels = [
        Conceptregel(
            p.toewijzing_nummer,
            p.bsn,
            p.product_categorie,
            p.product_code,
            p.begindatum,
            p.einddatum,
            p.geleverd_volume,
            p.eenheid,
            p.product_tarief_cent,
            p.ingediend_bedrag_cent,
            p.debet_credit,
            p.vorig_referentie_nummer,
        )
        for p in invoer.prestaties
    ]
    gemeente = bericht.header.ontvanger
    periode = Periode(invoer.periode_begin, invoer.periode_eind)
    context.update(
        gemeente=gemeente,
        maand=f"{periode.van:%Y-%m}",
        oordelen=_oordelen(regels, aanbieder, gemeente, periode),
        uit_bestand=True,
    )
    _log(request, aanbieder, regels)
    return render(request, "berichten/declareren.html", context)


@login_required
def corrigeren(request: IngelogdVerzoek, prestatie_id: int) -> HttpResponse:
    aanbieder = _aanbieder(request)
    prestatie = prestatie_ophalen(gebruiker=request.user, prestatie_id=prestatie_id)
    if not prestatie.goedgekeurd or prestatie.is_credit:
        raise Http404("Alleen een goedgekeurde debetprestatie kan gecorrigeerd worden")
    gemeente = prestatie.declaratie.gemeente.cbs_code
    try:
        periode = volgende_declaratieperiode(aanbieder=aanbieder, gemeente_code=gemeente, vandaag=timezone.localdate())
    except VoorstelFout as fout:
        messages.error(request, str(fout))
        return redirect("declaraties:detail", declaratie_id=prestatie.declaratie_id)
    if request.method == "POST":
        volume = volume_uit_invoer(request.POST.get("volume", ""), prestatie.eenheid, -1)
        if volume < 0:
            messages.error(request, "Geef het werkelijk geleverde volume op.")
            return redirect("berichten:corrigeren", prestatie_id=prestatie.pk)
        regels = correctieregels(prestatie=prestatie, nieuw_volume=volume)
        if volume == 0:
            regels = regels[:1]  # only the credit
        verzonden = declaratie_versturen(
            aanbieder=aanbieder, gemeente_code=gemeente, periode=periode, regels=regels, actor=request.user
        )
        meld_verzending(request, verzonden, "Correctie (credit en nieuwe debet) verstuurd als WMO323.")
        return redirect("berichten:detail", bericht_id=verzonden.pk)
    if prestatie.client_id:
        verwerkingen_log(
            actor=request.user,
            actie=Actie.INZIEN,
            verwerkingsactiviteit=Verwerkingsactiviteit.DECLARATIE,
            client_ids=[prestatie.client_id],
            object_type="Prestatie",
            object_id=str(prestatie.pk),
        )
    return render(request, "berichten/corrigeren.html", {"p": prestatie, "periode": periode})
