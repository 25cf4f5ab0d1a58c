from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.http import IngelogdVerzoek
from wmoketen.audit.constants import Actie, Verwerkingsactiviteit
from wmoketen.audit.services import verwerkingen_log

from . import services
from .brp import BrpFout, koppeling_voor, persoon_ophalen, verschillen
from .forms import GegevensForm, RelatieEindeForm, RelatieForm
from .lijsten import CLIENTEN
from .models import Bron, Client
from .selectors import (
    LEVEND,
    VOORZIENINGEN,
    Zoekresultaat,
    client_ophalen,
    clienten_selectie,
    clienten_zoeken,
    gemeenten_van_clienten,
    postcode_fout,
    postcode_gecontroleerd,
    relaties_van,
    versies_van,
)
from .services import ClientFout
from .zoeken import ZoekFout, Zoekvraag, zoekvraag_lezen

MAX_ZOEKTEKST = 100


def activiteit(request: IngelogdVerzoek) -> Verwerkingsactiviteit:
    return Verwerkingsactiviteit.TOEWIJZING if request.user.is_aanbieder else Verwerkingsactiviteit.TOEGANG


@login_required
def zoeken(request: IngelogdVerzoek) -> HttpResponse:
    """Find a client by BSN, name, date of birth or postcode + house number, within the user's scope. Every client
    shown in the results is written to the Logboek; an empty search shows (and logs) nobody. The search is a POST:
    a BSN or a name never appears in a URL (nor in an access log or the browser history). The list of clients
    (`?toon=lijst`, with gemeente, provision, alive, sorting and page in the URL) is shown only when chosen."""
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
    keuzes = CLIENTEN.keuzes(request.GET)
    pagina = None
    if (
        request.method == "GET" and keuzes.keuze("toon", ["lijst"]) == "lijst"
    ):  # the list (issue 19 item 5): chosen, not default
        pagina = keuzes.pagina(clienten_selectie(request.user, keuzes))
        verwerkingen_log(
            actor=request.user,
            actie=Actie.INZIEN,
            verwerkingsactiviteit=activiteit(request),
            client_ids=[c.pk for c in pagina],
            object_type="clientenlijst",
        )
    return render(
        request,
        "clienten/zoeken.html",
        {
            "tekst": tekst,
            "fout": fout,
            "resultaat": resultaat,
            "gezocht": not vraag.leeg,
            "keuzes": keuzes,
            "pagina": pagina,
            "gemeenten": gemeenten_van_clienten(request.user),
            "voorzieningen": VOORZIENINGEN,
            "levend": LEVEND,
        },
    )


def _consulent(request: IngelogdVerzoek) -> None:
    if request.user.rol != Rol.CONSULENT:
        raise PermissionDenied("Alleen een consulent wijzigt cliëntgegevens.")


def _log(request: IngelogdVerzoek, client_id: int, object_type: str, actie: Actie = Actie.INZIEN) -> None:
    verwerkingen_log(
        actor=request.user,
        actie=actie,
        verwerkingsactiviteit=activiteit(request),
        client_ids=[client_id],
        object_type=object_type,
        object_id=str(client_id),
    )


@login_required
def gegevens(request: IngelogdVerzoek, client_id: int) -> HttpResponse:
    """Address, contact and representatives, each change with its date and kept in the history (POST `actie`:
    adres, relatie, relatie_einde)."""
    client = client_ophalen(gebruiker=request.user, client_id=client_id)
    _consulent(request)
    _log(request, client.pk, "clientgegevens")
    actie = request.POST.get("actie", "") if request.method == "POST" else ""
    vandaag = timezone.localdate()
    adres = GegevensForm(
        request.POST if actie == "adres" else None,
        prefix="adres",
        initial={v: getattr(client, v) for v in ADRESVELDEN} | {"geldig_van": vandaag},
    )
    relatie = RelatieForm(
        request.POST if actie == "relatie" else None, prefix="relatie", initial={"geldig_van": vandaag}
    )
    einde = RelatieEindeForm(request.POST if actie == "relatie_einde" else None, prefix="einde")
    form = {"adres": adres, "relatie": relatie, "relatie_einde": einde}.get(actie)
    if form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            tekst = _uitvoeren(request, client, actie, d)
        except ClientFout as fout:
            form.add_error(None, str(fout))
        else:
            _log(request, client.pk, "clientgegevens", Actie.WIJZIGEN)
            messages.success(request, tekst)
            return redirect("clienten:gegevens", client_id=client.pk)
    return render(
        request,
        "clienten/gegevens.html",
        {
            "client": client,
            "adres": adres,
            "relatie": relatie,
            "einde": einde,
            "relaties": relaties_van(client),
            "versies": versies_van(client),
            "postcode_gecontroleerd": postcode_gecontroleerd(postcode=client.postcode, gemeente=client.gemeente),
            "brp": koppeling_voor(client.gemeente.cbs_code) is not None,
        },
    )


ADRESVELDEN = ("straat", "huisnummer", "huisnummer_toevoeging", "postcode", "plaats", "telefoon", "email")


def _uitvoeren(request: IngelogdVerzoek, client: Client, actie: str, d: dict[str, Any]) -> str:
    if actie == "adres":
        fout = postcode_fout(postcode=d["postcode"].replace(" ", "").upper(), gemeente=client.gemeente)
        if fout:
            raise ClientFout(fout)
        gewijzigd = services.gegevens_wijzigen(
            door=request.user, client=client, geldig_van=d["geldig_van"], toelichting=d["toelichting"],
            **{v: d[v] for v in ADRESVELDEN},
        )  # fmt: skip
        return f"Gegevens bijgewerkt ({', '.join(gewijzigd)})." if gewijzigd else "Er was niets gewijzigd."
    if actie == "relatie":
        r = services.relatie_vastleggen(door=request.user, client=client, **d)
        return f"{r.get_soort_display()} {r.naam} vastgelegd."
    relatie = client.relaties.filter(pk=d["relatie"]).first()
    if relatie is None:
        raise ClientFout("Deze relatie hoort niet bij deze cliënt.")
    services.relatie_beeindigen(door=request.user, relatie=relatie, geldig_tot=d["geldig_tot"])
    return f"{relatie.get_soort_display()} {relatie.naam} beëindigd."


@login_required
@require_POST
def brp_controleren(request: IngelogdVerzoek, client_id: int) -> HttpResponse:
    """Compare the recorded name, address and date of birth with the BRP; `overnemen` takes the BRP's data (from
    today, source BRP). A different municipality of registration or a death is shown, never applied silently: a
    move or a death ends provisions, which the consultant does on purpose."""
    client = client_ophalen(gebruiker=request.user, client_id=client_id)
    _consulent(request)
    koppeling = koppeling_voor(client.gemeente.cbs_code)
    if koppeling is None:
        messages.info(
            request, "Voor deze gemeente is geen BRP-koppeling ingesteld; de gegevens zijn met de hand ingevoerd."
        )
        return redirect("clienten:detail", client_id=client.pk)
    try:
        persoon = persoon_ophalen(bsn=client.bsn, koppeling=koppeling)
    except BrpFout as fout:
        messages.error(request, str(fout))
        return redirect("clienten:detail", client_id=client.pk)
    _log(request, client.pk, "brp bevraagd")
    if persoon is None:
        messages.error(request, "De BRP kent dit BSN niet; controleer het BSN.")
        return redirect("clienten:detail", client_id=client.pk)
    hier = {v: getattr(client, v) for v in ("voorletters", "voorvoegsel", "achternaam", "geboortedatum", "straat",
                                            "huisnummer", "huisnummer_toevoeging", "postcode", "plaats")}  # fmt: skip
    verschil = verschillen(hier, persoon)
    if request.POST.get("actie") == "overnemen" and verschil:
        gegevens = {v.veld: persoon.als_clientgegevens()[v.veld] for v in verschil if v.veld != "geboortedatum"}
        try:
            services.gegevens_wijzigen(
                door=request.user, client=client, bron=Bron.BRP, toelichting="Overgenomen uit de BRP", **gegevens
            )
        except ClientFout as fout:
            messages.error(request, str(fout))
        else:
            _log(request, client.pk, "clientgegevens uit brp", Actie.WIJZIGEN)
            messages.success(request, f"Overgenomen uit de BRP: {', '.join(sorted(gegevens))}.")
        return redirect("clienten:detail", client_id=client.pk)
    return render(
        request,
        "clienten/brp.html",
        {
            "client": client,
            "persoon": persoon,
            "verschil": verschil,
            "andere_gemeente": persoon.gemeente_code and persoon.gemeente_code != client.gemeente.cbs_code,
        },
    )
