"""Pages of access (toegang): the consultant's worklist and dossier, the process steps, the provider's deel 2
pages and the PDF letters. Thin: parse input, call one service or selector, render. Never a BSN in a URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log
from wmoketen.clienten.brp import BrpFout, BrpKoppeling, koppeling_voor, persoon_ophalen, verschillen
from wmoketen.contracten.selectors import aanbieders_van_regio
from wmoketen.core import parameters
from wmoketen.core.bsn import BsnFout, normaliseer_bsn
from wmoketen.core.fouten import Domeinfout
from wmoketen.core.money import format_euro
from wmoketen.taken.services import aanbieden

from . import bezwaren, klok, pdf, postbundel, selectors, services, tasks
from .forms import (
    AanvraagForm,
    AfwijzingForm,
    AkkoordForm,
    AlgemeneVoorzieningForm,
    BeroepForm,
    BeschikkingForm,
    BezwaarBeslissingForm,
    BezwaarForm,
    BrievenbundelForm,
    BuitenBehandelingForm,
    Deel2Form,
    HuisbezoekForm,
    IntrekkingForm,
    MeldingForm,
    PlanForm,
    VerdagingForm,
    VerslagForm,
    VersturenForm,
    VierOgenForm,
)
from .models import Beschikkingsvoorstel, Melding


def _log(request: IngelogdVerzoek, client_ids: list[int], object_type: str, object_id: str = "", **kw: Any) -> None:
    activiteit = Verwerkingsactiviteit.TOEWIJZING if request.user.is_aanbieder else Verwerkingsactiviteit.TOEGANG
    verwerkingen_log(
        actor=request.user,
        actie=kw.get("actie", Actie.INZIEN),
        verwerkingsactiviteit=activiteit,
        client_ids=client_ids,
        object_type=object_type,
        object_id=object_id,
    )


def _invoer(request: IngelogdVerzoek) -> Any:
    """The posted data, also when empty: an empty POST must be validated (and answered with Dutch errors), not
    shown again as a blank form."""
    return request.POST if request.method == "POST" else None


def _gemeente_medewerker(request: IngelogdVerzoek) -> None:
    if request.user.rol not in selectors.DOSSIER_ROLLEN:
        raise PermissionDenied("Alleen voor medewerkers van de gemeente.")


# ------------------------------------------------------------------------------------------------- werklijst


@login_required
def werklijst(request: IngelogdVerzoek) -> HttpResponse:
    if request.user.rol == Rol.AANBIEDER:
        return redirect("toegang:aanbieder_plannen")
    _gemeente_medewerker(request)
    lijst = selectors.werklijst(
        gebruiker=request.user,
        vandaag=klok.vandaag(),
        filter=parameters.keuze(request.GET, "filter", selectors.WERKLIJST_FILTERS),
        gemeente=request.GET.get("gemeente", "")[:80],  # a name: an unknown one shows no rows
    )
    _log(
        request,
        [r.melding.client_id for r in lijst.regels] + [r.bezwaar.client_id for r in lijst.bezwaren],
        "werklijst toegang",
    )
    return render(request, "toegang/werklijst.html", {"lijst": lijst, "gemeente": request.GET.get("gemeente", "")})


@login_required
def melding_nieuw(request: IngelogdVerzoek) -> HttpResponse:
    """Register a melding (and the client). Where the municipality has a BRP connection, "Gegevens ophalen uit de
    BRP" fills name, address and date of birth from the BSN, and registering checks them against the BRP; without
    one the consultant enters them by hand."""
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied("Alleen een consulent registreert meldingen.")
    if request.method == "POST" and "brp" in request.POST:
        return _brp_ophalen(request)
    form = MeldingForm(_invoer(request), gebruiker=request.user, initial={"melddatum": klok.vandaag()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        brp_fouten, brp_bevraagd = _brp_controleren(request, d)
        for tekst in brp_fouten:
            form.add_error(None, tekst)
        if not brp_fouten:
            try:
                with transaction.atomic():  # client and melding (and its receipt) together, or nothing
                    client = services.client_vastleggen(
                        door=request.user,
                        **{k: d[k] for k in ("bsn", "geboortedatum", "voorletters", "voorvoegsel", "achternaam",
                                             "straat", "huisnummer", "huisnummer_toevoeging", "postcode", "plaats",
                                             "gemeente")},
                    )  # fmt: skip
                    melding = services.melding_registreren(
                        door=request.user, client=client, melddatum=d["melddatum"], omschrijving=d["omschrijving"]
                    )
            except services.ToegangFout as fout:
                for tekst in fout.fouten:
                    form.add_error(None, tekst)
            else:
                if brp_bevraagd:
                    _log(request, [client.pk], "brp bevraagd", str(client.pk))
                _log(request, [client.pk], "melding", str(melding.pk), actie=Actie.AANMAKEN)
                messages.success(request, "Melding geregistreerd.")
                return redirect("toegang:dossier", melding_id=melding.pk)
    return _meldingformulier(request, form)


def _meldingformulier(request: IngelogdVerzoek, form: MeldingForm) -> HttpResponse:
    brp = any(koppeling_voor(g.cbs_code) for g in request.user.gemeenten.all())
    return render(
        request,
        "toegang/formulier.html",
        {"form": form, "titel": "Nieuwe melding", "knop": "Registreren", "brp": brp},
    )


def _brp_koppeling(request: IngelogdVerzoek) -> BrpKoppeling | None:
    gemeente = request.user.gemeenten.filter(pk=request.POST.get("gemeente") or 0).first()
    return koppeling_voor(gemeente.cbs_code) if gemeente else None


def _brp_ophalen(request: IngelogdVerzoek) -> HttpResponse:
    """Fill the form from the BRP (not yet registered: the consultant checks and registers)."""
    velden = {k: v for k, v in request.POST.items() if k in MeldingForm.base_fields}
    koppeling = _brp_koppeling(request)
    try:
        bsn = normaliseer_bsn(request.POST.get("bsn", ""))
    except BsnFout as fout:
        messages.error(request, str(fout))
        return _meldingformulier(request, MeldingForm(None, gebruiker=request.user, initial=velden))
    if koppeling is None:
        messages.info(request, "Voor deze gemeente is geen BRP-koppeling ingesteld; vul de gegevens met de hand in.")
        return _meldingformulier(request, MeldingForm(None, gebruiker=request.user, initial=velden))
    try:
        persoon = persoon_ophalen(bsn=bsn, koppeling=koppeling)
    except BrpFout as fout:
        messages.error(request, str(fout))
        return _meldingformulier(request, MeldingForm(None, gebruiker=request.user, initial=velden))
    if persoon is None:
        messages.error(request, "De BRP kent dit BSN niet; controleer het BSN.")
        return _meldingformulier(request, MeldingForm(None, gebruiker=request.user, initial=velden))
    gegevens = {k: v for k, v in persoon.als_clientgegevens().items() if k in MeldingForm.base_fields and v}
    if persoon.geboortedatum:
        gegevens["geboortedatum"] = persoon.geboortedatum.isoformat()
    tekst = "Naam, adres en geboortedatum opgehaald uit de BRP; controleer ze en registreer de melding."
    if persoon.gemeente_code and not request.user.gemeenten.filter(cbs_code=persoon.gemeente_code).exists():
        tekst += f" Let op: de cliënt staat ingeschreven in {persoon.gemeente_naam or persoon.gemeente_code}."
    if persoon.overleden_op:
        tekst += f" Let op: volgens de BRP overleden op {persoon.overleden_op:%d-%m-%Y}."
    messages.success(request, tekst)
    return _meldingformulier(request, MeldingForm(None, gebruiker=request.user, initial=velden | gegevens))


def _brp_controleren(request: IngelogdVerzoek, d: dict[str, Any]) -> tuple[list[str], bool]:
    """With a BRP connection: the entered name, address and date of birth must match it (Dutch errors naming each
    difference). Unreachable: registered unchecked, with a warning (manual entry stays possible)."""
    koppeling = koppeling_voor(d["gemeente"].cbs_code)
    if koppeling is None:
        return [], False
    try:
        persoon = persoon_ophalen(bsn=d["bsn"], koppeling=koppeling)
    except BrpFout as fout:
        messages.warning(request, f"{fout} De gegevens zijn niet met de BRP gecontroleerd.")
        return [], False
    if persoon is None:
        return ["De BRP kent dit BSN niet; controleer het BSN."], True
    fouten = [f"{v.veld}: ingevuld '{v.hier or '–'}', in de BRP '{v.brp}'." for v in verschillen(d, persoon)]
    if fouten:
        fouten.append('Neem de gegevens over met "Gegevens ophalen uit de BRP" of corrigeer ze.')
    return fouten, True


# --------------------------------------------------------------------------------------------------- dossier


@login_required
def dossier(request: IngelogdVerzoek, melding_id: int) -> HttpResponse:
    melding = selectors.melding_ophalen(gebruiker=request.user, melding_id=melding_id)
    _log(request, [melding.client_id], "dossier toegang", str(melding.pk))
    d = selectors.dossier(melding=melding, vandaag=klok.vandaag())
    return render(
        request,
        "toegang/dossier.html",
        # the steps are the consultant's: other roles read the dossier but get no link they cannot follow
        {
            "d": d,
            "m": melding,
            "client": melding.client,
            "acties": _acties(d) if request.user.rol == Rol.CONSULENT else [],
        },
    )


def _acties(d: selectors.Dossier) -> list[tuple[str, str]]:
    """The steps the consultant can take now: (step, button text)."""
    if d.beschikking is not None or d.afhandeling is not None:
        return []
    m = d.melding
    acties = []
    if m.huisbezoek_afspraak_op is None:
        acties.append(("huisbezoek", "Afspraak huisbezoek vastleggen"))
    if m.aanvraag_op is None:
        acties.append(
            (
                "verslag",
                "Nieuwe versie onderzoeksverslag"
                if d.verslag and d.verslag.is_ondertekend
                else "Onderzoeksverslag vastleggen",
            )
        )
        acties.append(
            ("plan", "Nieuwe versie plan deel 1" if d.plan and d.plan.is_ondertekend else "Ondersteuningsplan deel 1")
        )
    if d.plan and not d.plan.is_ondertekend:
        acties.append(("versturen", "Plan ondertekenen en naar aanbieder versturen"))
    if d.deel2 and m.aanvraag_op is None:
        acties.append(("akkoord", "Akkoord geven (aanvraag)"))
    if d.voorstel is not None:
        return [
            ("goedkeuren", "Beschikking goedkeuren (tweede consulent, vier ogen)"),
            ("intrekken", "Voorstel intrekken"),
        ]
    if m.aanvraag_op is not None and m.akkoord_door_id is not None:
        acties.append(("beschikking", "Beschikking vaststellen"))
    return acties + _andere_uitkomsten(d)


def _andere_uitkomsten(d: selectors.Dossier) -> list[tuple[str, str]]:
    """Every way a melding can end besides a granting beschikking."""
    m = d.melding
    uit = []
    if m.aanvraag_op is None and d.verslag is not None:
        uit.append(("aanvraag", "Aanvraag vastleggen (ondertekend verslag)"))
    if m.aanvraag_op is not None:
        uit += [("afwijzen", "Aanvraag afwijzen"), ("buiten_behandeling", "Buiten behandeling stellen")]
    else:
        uit.append(("algemene_voorziening", "Afsluiten: algemene voorziening"))
    uit.append(("intrekken_client", "Intrekking door de cliënt"))
    return uit


@dataclass(frozen=True)
class StapView:
    titel: str
    knop: str
    formulier: Callable[..., Any]
    uitvoeren: Callable[[IngelogdVerzoek, Melding, Any, selectors.Dossier], str]
    initial: Callable[[selectors.Dossier], dict[str, Any]]


def _huisbezoek(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.huisbezoek_plannen(door=request.user, melding=m, **f.cleaned_data)
    return "Afspraak huisbezoek vastgelegd."


def _verslag(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.onderzoeksverslag_vastleggen(
        door=request.user, melding=m, vervangen=bool(d.verslag and d.verslag.is_ondertekend), **f.cleaned_data
    )
    return "Onderzoeksverslag vastgelegd."


def _plan(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    c = f.cleaned_data
    services.plan_opstellen(
        door=request.user,
        melding=m,
        reden=c["reden"],
        verstrekkingsvorm=c["verstrekkingsvorm"],
        aanbieder=c["aanbieder"],
        termijn_maanden=c["termijn_maanden"],
        perspectief=c["perspectief"],
        scores=f.scores(),
        producten=[services.PlanRegel(p) for p in c["producten"]],
        oordeel_categorie=c["oordeel_categorie"],
        oordeel_intensiteit=c["oordeel_intensiteit"],
        motivatie_afwijking=c["motivatie_afwijking"],
        motivatie_product=c["motivatie_product"],
        vervoer=c["vervoer"],
        kortdurend_verblijf_etmalen=c["kortdurend_verblijf_etmalen"],
        toelichting=c["toelichting"],
        vervangen=bool(d.plan and d.plan.is_ondertekend),
    )
    return "Ondersteuningsplan deel 1 opgeslagen."


def _versturen(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    if d.plan is None:
        raise services.ToegangFout("Er is nog geen plan.")
    services.plan_ondertekenen_en_versturen(door=request.user, plan=d.plan, **f.cleaned_data)
    return f"Plan ondertekend en verstuurd naar {d.plan.aanbieder.naam}."


def _akkoord(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.akkoord_geven(door=request.user, melding=m, **f.cleaned_data)
    return "Akkoord gegeven; het ondertekende onderzoeksverslag is de aanvraag."


def _beschikking(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    b = services.beschikking_voorstellen(door=request.user, melding=m, **f.cleaned_data)
    if isinstance(b, Beschikkingsvoorstel):
        return (
            f"De geraamde kosten zijn {format_euro(b.jaarbedrag_cent)} per jaar: de beschikking wacht op goedkeuring "
            "door een tweede consulent (vier ogen)."
        )
    return f"Beschikking vastgesteld; {b.toewijzingen.count()} toewijzing(en) aangemaakt."


def _voorstel(d: selectors.Dossier) -> Beschikkingsvoorstel:
    if d.voorstel is None:
        raise services.ToegangFout("Er ligt geen voorstel voor een beschikking.")
    return d.voorstel


def _goedkeuren(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    b = services.beschikking_goedkeuren(door=request.user, voorstel=_voorstel(d))
    return f"Beschikking goedgekeurd en vastgesteld; {b.toewijzingen.count()} toewijzing(en) aangemaakt."


def _intrekken(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.voorstel_intrekken(door=request.user, voorstel=_voorstel(d))
    return "Voorstel voor de beschikking ingetrokken."


def _aanvraag(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.aanvraag_vastleggen(door=request.user, melding=m, **f.cleaned_data)
    return "Aanvraag vastgelegd; de ontvangstbevestiging staat bij de brieven."


def _afwijzen(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.melding_afwijzen(door=request.user, melding=m, **f.cleaned_data)
    return "Aanvraag afgewezen; de beschikking (afwijzing) staat bij de brieven."


def _buiten_behandeling(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.buiten_behandeling_stellen(door=request.user, melding=m, **f.cleaned_data)
    return "Aanvraag buiten behandeling gesteld; het besluit staat bij de brieven."


def _intrekken_client(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.melding_intrekken(door=request.user, melding=m, **f.cleaned_data)
    return "Intrekking vastgelegd; de bevestiging staat bij de brieven."


def _algemene_voorziening(request: IngelogdVerzoek, m: Melding, f: Any, d: selectors.Dossier) -> str:
    services.algemene_voorziening_afsluiten(door=request.user, melding=m, **f.cleaned_data)
    return "Melding afgesloten met een algemene voorziening; de brief staat bij de brieven."


def _vandaag(*velden: str) -> Callable[[selectors.Dossier], dict[str, Any]]:
    return lambda d: dict.fromkeys(velden, klok.vandaag())


STAPPEN: dict[str, StapView] = {
    "huisbezoek": StapView(
        "Afspraak huisbezoek", "Vastleggen", HuisbezoekForm, _huisbezoek, _vandaag("afspraak_op", "huisbezoek_datum")
    ),
    "verslag": StapView(
        "Onderzoeksverslag",
        "Vastleggen",
        VerslagForm,
        _verslag,
        lambda d: (
            {"gespreksdatum": d.melding.huisbezoek_datum or klok.vandaag()}
            | (
                {
                    "bevindingen": d.verslag.bevindingen,
                    "aanwezigen": d.verslag.aanwezigen,
                    "gespreksdatum": d.verslag.gespreksdatum,
                }
                if d.verslag
                else {}
            )
        ),
    ),
    "plan": StapView("Ondersteuningsplan deel 1", "Opslaan", PlanForm, _plan, lambda d: PlanForm.initial_van(d.plan)),
    "versturen": StapView(
        "Plan ondertekenen en versturen",
        "Ondertekenen en versturen",
        VersturenForm,
        _versturen,
        _vandaag("ondertekend_client_op", "ondertekend_gemeente_op", "verzonden_op"),
    ),
    "akkoord": StapView("Akkoord gemeente", "Akkoord geven", AkkoordForm, _akkoord, _vandaag("verslag_ondertekend_op")),
    "beschikking": StapView(
        "Beschikking",
        "Beschikking vaststellen",
        BeschikkingForm,
        _beschikking,
        _vandaag("besluitdatum", "ingangsdatum"),
    ),
    "aanvraag": StapView(
        "Aanvraag vastleggen", "Vastleggen", AanvraagForm, _aanvraag, _vandaag("verslag_ondertekend_op")
    ),
    "afwijzen": StapView(
        "Aanvraag afwijzen", "Afwijzen en brief maken", AfwijzingForm, _afwijzen, _vandaag("besluitdatum")
    ),
    "buiten_behandeling": StapView(
        "Aanvraag buiten behandeling stellen",
        "Besluit en brief maken",
        BuitenBehandelingForm,
        _buiten_behandeling,
        _vandaag("besluitdatum"),
    ),
    "intrekken_client": StapView(
        "Intrekking door de cliënt",
        "Vastleggen en brief maken",
        IntrekkingForm,
        _intrekken_client,
        _vandaag("ingetrokken_op"),
    ),
    "algemene_voorziening": StapView(
        "Afsluiten met een algemene voorziening",
        "Afsluiten en brief maken",
        AlgemeneVoorzieningForm,
        _algemene_voorziening,
        _vandaag("afgesloten_op"),
    ),
    "goedkeuren": StapView("Beschikking goedkeuren (vier ogen)", "Goedkeuren", VierOgenForm, _goedkeuren, lambda d: {}),
    "intrekken": StapView("Voorstel beschikking intrekken", "Intrekken", VierOgenForm, _intrekken, lambda d: {}),
}


@login_required
def stap(request: IngelogdVerzoek, melding_id: int, stap: str) -> HttpResponse:
    if stap not in STAPPEN:
        raise Http404("Onbekende stap")
    melding = selectors.melding_ophalen(gebruiker=request.user, melding_id=melding_id)
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied("Alleen een consulent zet stappen in de toegang.")
    _log(request, [melding.client_id], f"toegang stap {stap}", str(melding.pk))
    d = selectors.dossier(melding=melding, vandaag=klok.vandaag())
    s = STAPPEN[stap]
    extra: dict[str, Any] = {}
    if stap == "plan":
        extra = {
            "aanbieders": aanbieders_van_regio(regio_id=melding.regio_id).order_by("naam"),
            "producten": selectors.producten_voor_plan(melding.regio),
        }
    form = s.formulier(_invoer(request), initial=s.initial(d), **extra)
    if request.method == "POST" and form.is_valid():
        try:
            tekst = s.uitvoeren(request, melding, form, d)
        except services.ToegangFout as fout:
            for f in fout.fouten:
                form.add_error(None, f)
        except Domeinfout as fout:  # a rule of the assignment handler (one-lot rule, ToewijzingFout)
            form.add_error(None, str(fout))
        else:
            _log(request, [melding.client_id], f"toegang stap {stap}", str(melding.pk), actie=Actie.WIJZIGEN)
            messages.success(request, tekst)
            return redirect("toegang:dossier", melding_id=melding.pk)
    return render(
        request,
        "toegang/formulier.html",
        {"form": form, "titel": s.titel, "knop": s.knop, "m": melding, "d": d, "stap": stap},
    )


# ---------------------------------------------------------------------------------------------------- PDF's


def _pdf(inhoud: bytes, naam: str) -> HttpResponse:
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{naam}"'
    return response


@login_required
def beschikking_pdf(request: IngelogdVerzoek, beschikking_id: int) -> HttpResponse:
    """The beschikking as it was sent (the stored letter); rendered anew only for one made before letters were
    kept."""
    b = selectors.beschikking_ophalen(gebruiker=request.user, beschikking_id=beschikking_id)
    _log(request, [b.melding.client_id], "beschikking pdf", str(b.pk), actie=Actie.EXPORTEREN)
    brief = selectors.brief_van_beschikking(b)
    return _pdf(bytes(brief.pdf) if brief else pdf.beschikking_pdf(b), f"beschikking-{b.pk}.pdf")


@login_required
def brief_pdf(request: IngelogdVerzoek, brief_id: int) -> HttpResponse:
    """A letter exactly as it was made and sent (printed again from the stored PDF)."""
    brief = selectors.brief_ophalen(gebruiker=request.user, brief_id=brief_id)
    _log(request, [brief.client_id], f"brief {brief.soort}", str(brief.pk), actie=Actie.EXPORTEREN)
    return _pdf(bytes(brief.pdf), f"{brief.kenmerk}.pdf")


@login_required
def brieven(request: IngelogdVerzoek) -> HttpResponse:
    """Letter batches for the post room: choose a period (and kind), see how many letters it holds, and have them
    bundled on a worker; the task page shows the progress and offers the ZIP to the requester."""
    _gemeente_medewerker(request)
    vandaag = klok.vandaag()
    form = BrievenbundelForm(_invoer(request) or request.GET or None, initial={"van": vandaag, "tot": vandaag})
    aantal: int | None = None
    if form.is_bound and form.is_valid():
        keuze = postbundel.Keuze(form.cleaned_data["van"], form.cleaned_data["tot"], form.cleaned_data["soort"])
        fout = postbundel.keuze_fout(keuze)
        if fout is None:
            aantal = postbundel.brieven(request.user, keuze).count()
            fout = postbundel.aantal_fout(aantal) if request.method == "POST" else None
        if fout:
            form.add_error(None, fout)
        elif request.method == "POST":
            taak = aanbieden(
                tasks.brieven_bundelen,
                kwargs={
                    "gebruiker_id": request.user.pk,
                    "van": keuze.van.isoformat(),
                    "tot": keuze.tot.isoformat(),
                    "soort": keuze.soort,
                },
                titel=f"Brieven voor de post {keuze.van:%d-%m-%Y} t/m {keuze.tot:%d-%m-%Y}",
                door=request.user,
                regio=request.user.regio,
            )
            terug = reverse("toegang:brieven")
            return redirect(f"{reverse('taken:detail', args=[taak.pk])}?{urlencode({'terug': terug})}")
    return render(request, "toegang/brieven.html", {"form": form, "aantal": aantal, "max": postbundel.MAX_BRIEVEN})


@login_required
def plan_pdf(request: IngelogdVerzoek, plan_id: int) -> HttpResponse:
    plan = selectors.plan_ophalen(gebruiker=request.user, plan_id=plan_id)
    _log(request, [plan.melding.client_id], "ondersteuningsplan pdf", str(plan.pk), actie=Actie.EXPORTEREN)
    return _pdf(pdf.plan_pdf(plan), f"ondersteuningsplan-{plan.pk}-v{plan.versie}.pdf")


# ------------------------------------------------------------------------------------------- aanbieder: deel 2


@login_required
def aanbieder_plannen(request: IngelogdVerzoek) -> HttpResponse:
    plannen = list(selectors.plannen_voor_aanbieder(request.user))
    _log(request, [p.melding.client_id for p in plannen], "ondersteuningsplannen aanbieder")
    regels = [(p, selectors.huidig_deel2(p), selectors.termijnstand_deel2(p, klok.vandaag())) for p in plannen]
    return render(request, "toegang/aanbieder_plannen.html", {"regels": regels})


@login_required
def aanbieder_plan(request: IngelogdVerzoek, plan_id: int) -> HttpResponse:
    plan = selectors.plan_voor_aanbieder_ophalen(gebruiker=request.user, plan_id=plan_id)
    _log(request, [plan.melding.client_id], "ondersteuningsplan", str(plan.pk))
    inst = selectors.instellingen(plan.melding.regio)
    deel2 = selectors.huidig_deel2(plan)
    vandaag = klok.vandaag()
    form = Deel2Form(
        _invoer(request),
        instellingen=inst,
        initial={"ondertekend_client_op": vandaag, "ondertekend_aanbieder_op": vandaag},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.deel2_indienen(
                door=request.user,
                plan=plan,
                resultaten=[services.ResultaatInvoer(*r) for r in form.regels()],
                ondertekend_client_op=form.cleaned_data["ondertekend_client_op"],
                ondertekend_aanbieder_op=form.cleaned_data["ondertekend_aanbieder_op"],
                toelichting=form.cleaned_data["toelichting"],
            )
        except services.ToegangFout as fout:
            for f in fout.fouten:
                form.add_error(None, f)
        else:
            messages.success(request, "Deel 2 ondertekend en ingediend bij de gemeente.")
            return redirect("toegang:aanbieder_plan", plan_id=plan.pk)
    return render(
        request,
        "toegang/aanbieder_plan.html",
        {
            "plan": plan,
            "client": plan.melding.client,
            "deel2": deel2,
            "form": form,
            "termijn": selectors.termijnstand_deel2(plan, klok.vandaag()),
            "kan_indienen": plan.melding.aanvraag_op is None and not hasattr(plan.melding, "beschikking"),
        },
    )


# ------------------------------------------------------------------------------------------------- bezwaar


def _consulent(request: IngelogdVerzoek) -> None:
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied("Alleen een consulent legt bezwaren vast.")


@login_required
def bezwaar_nieuw(request: IngelogdVerzoek, brief_id: int) -> HttpResponse:
    """Register an objection against the decision in this letter."""
    brief = selectors.brief_ophalen(gebruiker=request.user, brief_id=brief_id)
    _consulent(request)
    _log(request, [brief.client_id], "bezwaar registreren", str(brief.pk))
    form = BezwaarForm(_invoer(request), initial={"ontvangen_op": klok.vandaag()})
    if request.method == "POST" and form.is_valid():
        try:
            b = bezwaren.bezwaar_registreren(door=request.user, besluit=brief, **form.cleaned_data)
        except services.ToegangFout as fout:
            for f in fout.fouten:
                form.add_error(None, f)
        else:
            _log(request, [brief.client_id], "bezwaar", str(b.pk), actie=Actie.AANMAKEN)
            messages.success(
                request,
                f"Bezwaar vastgelegd; beslissen uiterlijk {b.beslissen_uiterlijk:%d-%m-%Y}. De ontvangstbevestiging "
                "staat bij de brieven.",
            )
            return redirect("toegang:bezwaar", bezwaar_id=b.pk)
    return render(
        request,
        "toegang/formulier.html",
        {"form": form, "titel": f"Bezwaar tegen {brief.onderwerp}", "knop": "Bezwaar vastleggen", "m": brief.melding},
    )


BEZWAAR_ACTIES: dict[str, tuple[type, Callable[..., Any], str]] = {
    "verdagen": (VerdagingForm, bezwaren.bezwaar_verdagen, "Beslissing verdaagd; de cliënt krijgt bericht."),
    "beslissen": (BezwaarBeslissingForm, bezwaren.bezwaar_beslissen, "Beslissing op bezwaar vastgelegd."),
    "beroep": (BeroepForm, bezwaren.beroep_registreren, "Beroep vastgelegd."),
}


@login_required
def bezwaar(request: IngelogdVerzoek, bezwaar_id: int) -> HttpResponse:
    """An objection with its terms; the consultant postpones, decides, or records an appeal (POST `actie`)."""
    b = selectors.bezwaar_ophalen(gebruiker=request.user, bezwaar_id=bezwaar_id)
    _log(request, [b.client_id], "bezwaar", str(b.pk))
    vandaag = klok.vandaag()
    actie = request.POST.get("actie", "") if request.method == "POST" else ""
    formulieren = {
        naam: cls(request.POST if naam == actie else None, prefix=naam, initial={"beslist_op": vandaag})
        for naam, (cls, _, _) in BEZWAAR_ACTIES.items()
    }
    if actie:
        _consulent(request)
        if actie not in BEZWAAR_ACTIES:
            raise Http404("Onbekende actie")
        form = formulieren[actie]
        _, uitvoeren, tekst = BEZWAAR_ACTIES[actie]
        if form.is_valid():
            try:
                uitvoeren(door=request.user, bezwaar=b, **form.cleaned_data)
            except services.ToegangFout as fout:
                for f in fout.fouten:
                    form.add_error(None, f)
            else:
                _log(request, [b.client_id], f"bezwaar {actie}", str(b.pk), actie=Actie.WIJZIGEN)
                messages.success(request, tekst)
                return redirect("toegang:bezwaar", bezwaar_id=b.pk)
    return render(
        request,
        "toegang/bezwaar.html",
        {
            "b": b,
            "t": bezwaren.termijnen_van(b),
            "status": {"status": selectors.termijnstatus(b.beslissen_uiterlijk, vandaag)} if b.is_open else None,
            "formulieren": formulieren,
            "brieven": selectors.brieven_van_client(gebruiker=request.user, client=b.client),
        },
    )
