"""Pages: evaluations and expiring indications (consultant and provider), the conversion dry-run report and run
counters, the report downloads and the re-assessment planning. Thin: parse input, call one service or selector."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.toegang import klok

from . import selectors, services
from .conversie import aanlevering
from .conversie.definitie import MAX_BYTES, DefinitieFout, definitie_uit_bytes
from .conversie.selectie import ConversieFout
from .models import EvaluatieStatus, Oordeel, RunStatus


def _log(request: IngelogdVerzoek, client_ids: list[int], object_type: str, object_id: str = "", **kw: Actie) -> None:
    verwerkingen_log(
        actor=request.user,
        actie=kw.get("actie", Actie.INZIEN),
        verwerkingsactiviteit=Verwerkingsactiviteit.TOEWIJZING
        if request.user.is_aanbieder
        else Verwerkingsactiviteit.TOEGANG,
        client_ids=client_ids,
        object_type=object_type,
        object_id=object_id,
    )


def _gemeente(request: IngelogdVerzoek) -> None:
    if request.user.rol not in selectors.GEMEENTE_ROLLEN:
        raise PermissionDenied("Alleen voor medewerkers van de gemeente.")


@login_required
def overzicht(request: IngelogdVerzoek) -> HttpResponse:
    if request.user.rol not in selectors.GEMEENTE_ROLLEN | {Rol.AANBIEDER}:
        raise PermissionDenied("Geen toegang tot evaluaties en herindicaties.")
    vandaag = klok.vandaag()
    evaluaties = list(selectors.evaluaties_voor(gebruiker=request.user, vandaag=vandaag))
    signalen = list(selectors.signalen_voor(gebruiker=request.user))
    herindicaties = selectors.herindicaties_voor(gebruiker=request.user, vandaag=vandaag)
    getoond = (
        [e.toewijzing for e in evaluaties] + [s.toewijzing for s in signalen] + [h.toewijzing for h in herindicaties]
    )
    _log(request, sorted({t.client_id for t in getoond}), "overzicht herindicatie")
    return render(
        request,
        "herindicatie/overzicht.html",
        {
            "evaluaties": evaluaties,
            "signalen": signalen,
            "herindicaties": herindicaties,
            "vandaag": vandaag,
            "conversies": selectors.conversies(request.user),
        },
    )


def _oordelen(request: IngelogdVerzoek, codes: list[str]) -> dict[str, tuple[str, str]]:
    return {c: (request.POST.get(f"oordeel_{c}", ""), request.POST.get(f"toelichting_{c}", "")) for c in codes}


@login_required
def evaluatie(request: IngelogdVerzoek, evaluatie_id: int) -> HttpResponse:
    e = selectors.evaluatie_ophalen(gebruiker=request.user, evaluatie_id=evaluatie_id)
    _log(request, [e.toewijzing.client_id], "evaluatie", str(e.pk))
    resultaten = list(e.resultaten.select_related("leefgebied"))
    fouten: list[str] = []
    if request.method == "POST":
        oordelen = _oordelen(request, [r.resultaat_code for r in resultaten])
        try:
            if request.user.rol == Rol.AANBIEDER:
                services.evaluatie_invullen_door_aanbieder(
                    evaluatie=e,
                    door=request.user,
                    oordelen=oordelen,
                    toelichting=request.POST.get("toelichting", ""),
                    op=klok.vandaag(),
                )
            else:
                services.evaluatie_vaststellen(
                    evaluatie=e,
                    door=request.user,
                    oordelen=oordelen,
                    client_betrokken=request.POST.get("client_betrokken") == "on",
                    toelichting=request.POST.get("toelichting", ""),
                    profiel_gewijzigd=request.POST.get("profiel_gewijzigd") == "on",
                    op=klok.vandaag(),
                )
        except services.HerindicatieFout as fout:
            fouten.append(str(fout))
        else:
            _log(request, [e.toewijzing.client_id], "evaluatie", str(e.pk), actie=Actie.WIJZIGEN)
            messages.success(request, "Evaluatie opgeslagen.")
            return redirect("herindicatie:evaluatie", evaluatie_id=e.pk)
    return render(
        request,
        "herindicatie/evaluatie.html",
        {
            "e": e,
            "resultaten": resultaten,
            "oordelen": Oordeel.choices,
            "fouten": fouten,
            "bewerkbaar": e.status != EvaluatieStatus.VASTGESTELD,
            "is_aanbieder": request.user.rol == Rol.AANBIEDER,
        },
    )


@login_required
@require_POST
def signaal_melden(request: IngelogdVerzoek, signaal_id: int) -> HttpResponse:
    s = selectors.signaal_ophalen(gebruiker=request.user, signaal_id=signaal_id)
    try:
        services.signaal_melden_door_aanbieder(
            signaal=s, door=request.user, toelichting=request.POST.get("toelichting", ""), op=klok.vandaag()
        )
    except services.HerindicatieFout as fout:
        messages.error(request, str(fout))
    else:
        _log(request, [s.toewijzing.client_id], "herindicatiesignaal", str(s.pk), actie=Actie.WIJZIGEN)
        messages.success(request, "Gemeld bij de gemeente namens de cliënt.")
    return redirect("herindicatie:overzicht")


@login_required
@require_POST
def signaal_starten(request: IngelogdVerzoek, signaal_id: int) -> HttpResponse:
    s = selectors.signaal_ophalen(gebruiker=request.user, signaal_id=signaal_id)
    try:
        s = services.herindicatie_starten(signaal=s, door=request.user, op=klok.vandaag())
    except services.HerindicatieFout as fout:
        messages.error(request, str(fout))
        return redirect("herindicatie:overzicht")
    _log(request, [s.toewijzing.client_id], "melding", str(s.melding_id), actie=Actie.AANMAKEN)
    messages.success(request, "Vervolgmelding geregistreerd; de herindicatie loopt via de toegang.")
    return redirect("toegang:dossier", melding_id=s.melding_id)


@login_required
def conversie(request: IngelogdVerzoek, code: str) -> HttpResponse:
    _gemeente(request)
    o = selectors.conversie_overzicht(gebruiker=request.user, code=code)
    beheerder = request.user.is_functioneel_beheer and request.user.regio_id == o.conversie.regio_id
    vier_ogen = aanlevering.vier_ogen_fout(conversie=o.conversie, door=request.user) if beheerder else None
    mag_starten = (
        beheerder
        and vier_ogen is None
        and o.proef is not None
        and o.proef.sha256 == o.conversie.sha256
        and not (o.run is not None and o.run.sha256 == o.conversie.sha256 and o.run.status == RunStatus.KLAAR)
    )
    return render(request, "herindicatie/conversie.html", {"o": o, "mag_starten": mag_starten, "vier_ogen": vier_ogen})


def _beheer(request: IngelogdVerzoek) -> None:
    if not request.user.is_functioneel_beheer:
        raise PermissionDenied("Alleen voor functioneel beheer.")


@login_required
def conversie_aanleveren(request: IngelogdVerzoek) -> HttpResponse:
    """Upload a definition: checked at once (Dutch errors with line and key), then its dry run in the background."""
    _beheer(request)
    fouten: list[str] = []
    if request.method == "POST":
        bestand = request.FILES.get("definitie")
        if bestand is None:
            fouten.append("Kies een conversiebestand (YAML).")
        else:
            naam = Path(bestand.name or "definitie.yaml").name
            try:
                gelezen = definitie_uit_bytes(bestand.read(MAX_BYTES + 1), Path(naam))
                nieuw = aanlevering.definitie_aanleveren(gelezen=gelezen, door=request.user)
            except DefinitieFout as fout:
                fouten = [f.tekst(naam) for f in fout.fouten]
            except ConversieFout as fout:
                fouten.append(str(fout))
            else:
                messages.success(request, "Definitie aangeleverd; de proefdraai loopt.")
                return redirect("herindicatie:conversie", code=nieuw.code)
    return render(request, "herindicatie/conversie_aanleveren.html", {"fouten": fouten})


@login_required
@require_POST
def conversie_starten(request: IngelogdVerzoek, code: str) -> HttpResponse:
    _beheer(request)
    o = selectors.conversie_overzicht(gebruiker=request.user, code=code)
    try:
        aanlevering.conversie_starten(conversie=o.conversie, sha256=request.POST.get("sha256", ""), door=request.user)
    except ConversieFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, "De conversie is gestart; de voortgang staat hieronder.")
    return redirect("herindicatie:conversie", code=code)


@login_required
def rapport(request: IngelogdVerzoek, run_id: int, formaat: str) -> HttpResponse:
    _gemeente(request)
    if formaat not in {"csv", "md"}:
        raise Http404("Onbekend formaat")
    run = selectors.run_ophalen(gebruiker=request.user, run_id=run_id)
    if formaat == "csv":
        inhoud, soort = selectors.rapport_csv_voor(gebruiker=request.user, run=run), "text/csv"
    else:
        inhoud, soort = run.rapport_md, "text/markdown"
    antwoord = HttpResponse(inhoud, content_type=f"{soort}; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="conversie-{run.conversie.code}-{run.pk}.{formaat}"'
    return antwoord


@login_required
def planning(request: IngelogdVerzoek, code: str) -> HttpResponse:
    _gemeente(request)
    p = selectors.planning(gebruiker=request.user, code=code)
    _log(request, sorted({h.client_id for w in p.weken for h in w.regels}), "planning herbeoordeling", code)
    return render(request, "herindicatie/planning.html", {"p": p})
