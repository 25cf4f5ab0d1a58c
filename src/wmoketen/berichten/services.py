"""The flows of iWmo as services: what each party sends, built from domain state and sent through the exchange.

Municipality: `toewijzing_301_verzenden` (the 301 from state, OP087), `openstaande_301_verzenden` (every
client/provider pair with changes), `vot_regel_beantwoorden` (per product: 301 or 319) and
`vow_beantwoorden` (as a whole: 301 or 319). Provider (portal): `start_melden` (305), `stop_melden` (307),
`vot_versturen` (315), `vow_versturen` (317).
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.toewijzingen import verzoeken as vz
from wmoketen.toewijzingen.constants import VerzoekAntwoord, VerzoekSoort
from wmoketen.toewijzingen.models import Start, Toewijzing, Verzoek, VerzoekRegel
from wmoketen.toewijzingen.selectors import ToewijzingVoor301, te_verzenden_301, toewijzingen_voor_301_per_paar
from wmoketen.toewijzingen.services import toewijzingen_301_vastleggen

from .codec import BerichtError, BerichtSoort
from .codec.model import wmo301
from .codec.model.basis import BerichtIdentificatie, Header
from .constants import Kanaal, Status
from .models import Bericht
from .uitwisseling.bouwers import (
    Aanvraag,
    Wijziging,
    wmo301_bouwen,
    wmo305_bouwen,
    wmo307_bouwen,
    wmo315_bouwen,
    wmo317_bouwen,
    wmo319_bouwen,
)
from .uitwisseling.verzenden import bericht_verzenden, berichten_verzenden, identificaties_reserveren, nieuwe_header
from .verzendmelding import blokkade

log = logging.getLogger(__name__)

TOEKENNEN = "toekennen"
AFWIJZEN = "afwijzen"
IN_ONDERZOEK = "in_onderzoek"


@transaction.atomic
def toewijzing_301_verzenden(
    *, client: Client, aanbieder: Aanbieder, kanaal: Kanaal = Kanaal.SYSTEEM, actor: object | None = None
) -> Bericht | None:
    """Build the 301 for this client at this provider from state and send it (OP087)."""
    items = toewijzingen_voor_301_per_paar([(client.pk, aanbieder.pk)])[(client.pk, aanbieder.pk)]
    return _301_verzenden(client=client, aanbieder=aanbieder, items=items, kanaal=kanaal, actor=actor)


@transaction.atomic
def toewijzingen_301_verzenden(
    *, paren: list[tuple[Client, Aanbieder]], kanaal: Kanaal = Kanaal.SYSTEEM, actor: object | None = None
) -> list[Bericht | None]:
    """`toewijzing_301_verzenden` for many client/provider pairs (distinct; the clients with their gemeente
    loaded), all in one transaction, with the result of the pairs one by one in this order, in a fixed number of
    queries: the state of all pairs read at once, then `_301en_verzenden`. Returns the sent message (or None) per
    pair, in order."""
    items = toewijzingen_voor_301_per_paar([(c.pk, a.pk) for c, a in paren])
    return _301en_verzenden(paren=paren, items=items, kanaal=kanaal, actor=actor)


def _301_verzenden(
    *, client: Client, aanbieder: Aanbieder, items: list[ToewijzingVoor301], kanaal: Kanaal, actor: object | None
) -> Bericht | None:
    """One 301 from the pair's state; the caller holds the transaction."""
    return _301en_verzenden(
        paren=[(client, aanbieder)], items={(client.pk, aanbieder.pk): items}, kanaal=kanaal, actor=actor
    )[0]


def _301en_verzenden(
    *,
    paren: list[tuple[Client, Aanbieder]],
    items: dict[tuple[int, int], list[ToewijzingVoor301]],
    kanaal: Kanaal,
    actor: object | None,
) -> list[Bericht | None]:
    """The 301 of each pair from its state, in order; the caller holds the transaction. An identification per pair
    (also when there is nothing to send, as one by one), each 301 built and validated, then stored, logged and
    recorded as sent together (berichten_verzenden, toewijzingen_301_vastleggen)."""
    dag = timezone.localdate()
    identificaties = identificaties_reserveren([c.gemeente.cbs_code for c, _ in paren], BerichtSoort.WMO301.value)
    gebouwd: list[tuple[int, wmo301.Wmo301]] = []
    for n, ((client, aanbieder), identificatie) in enumerate(zip(paren, identificaties, strict=True)):
        header = Header(
            afzender=client.gemeente.cbs_code,
            ontvanger=aanbieder.agb_code,
            bericht_identificatie=BerichtIdentificatie(identificatie=identificatie, dagtekening=dag),
        )
        bericht = wmo301_bouwen(header=header, client=client, items=items[(client.pk, aanbieder.pk)])
        if bericht is not None:
            gebouwd.append((n, bericht))
    opgeslagen = berichten_verzenden(berichten=[b for _, b in gebouwd], kanaal=kanaal, actor=actor)
    uit: list[Bericht | None] = [None] * len(paren)
    vastleggen: list[tuple[Client, Aanbieder, list[int]]] = []
    for (n, bericht), rij in zip(gebouwd, opgeslagen, strict=True):
        uit[n] = rij
        if rij.status != Status.GEBLOKKEERD:  # blocked: not sent, so built again on the next run
            client, aanbieder = paren[n]
            vastleggen.append((client, aanbieder, [p.toewijzing_nummer for p in bericht.client.toegewezen_producten]))
    toewijzingen_301_vastleggen(verzonden=vastleggen)
    return uit


def bij_verhuizing(*, client_id: int, **_: object) -> None:
    """Before a client's municipality changes (toewijzingen.beeindigen): the 301s of the ended assignments go out
    now, in the caller's transaction, from the municipality that issued them (the sender of a 301 is the client's
    municipality when it is built). A refused 301 refuses the move."""
    paren = te_verzenden_301(client_id=client_id)
    if not paren:
        return
    client = Client.objects.select_related("gemeente").get(pk=client_id)
    aanbieders = Aanbieder.objects.in_bulk([a for _, a in paren])
    toewijzingen_301_verzenden(paren=[(client, aanbieders[a]) for _, a in paren])


OPENSTAANDE_PER_KEER = 200  # pairs read together by openstaande_301_verzenden


def openstaande_301_verzenden() -> tuple[int, list[str]]:
    """A 301 for every client/provider pair with a toewijzing changed since its last 301. Returns (sent, errors)."""
    verzonden = 0
    fouten: list[str] = []
    openstaand = te_verzenden_301()
    for begin in range(0, len(openstaand), OPENSTAANDE_PER_KEER):
        deel = openstaand[begin : begin + OPENSTAANDE_PER_KEER]
        clienten = Client.objects.select_related("gemeente").in_bulk([c for c, _ in deel])
        aanbieders = Aanbieder.objects.in_bulk([a for _, a in deel])
        items = toewijzingen_voor_301_per_paar(deel)
        for client_id, aanbieder_id in deel:
            client, aanbieder = clienten[client_id], aanbieders[aanbieder_id]
            try:
                with transaction.atomic():  # a refused 301 leaves nothing behind (nor a used identification)
                    bericht = _301_verzenden(
                        client=client,
                        aanbieder=aanbieder,
                        items=items[(client_id, aanbieder_id)],
                        kanaal=Kanaal.SYSTEEM,
                        actor=None,
                    )
            except BerichtError as exc:
                fouten.append(f"301 voor cliënt {client_id} bij {aanbieder.agb_code} niet gemaakt: {exc}")
                log.warning("301 voor client_id=%s aanbieder=%s niet gemaakt: %s", client_id, aanbieder.agb_code, exc)
                continue
            if bericht is not None and bericht.status == Status.GEBLOKKEERD:
                fouten.append(f"301 voor cliënt {client_id} bij {aanbieder.agb_code} geblokkeerd: {blokkade(bericht)}")
            elif bericht is not None:
                verzonden += 1
    return verzonden, fouten


def _portaal_header(soort: BerichtSoort, toewijzing_of_client: Toewijzing | Client, aanbieder: Aanbieder) -> Header:
    client = toewijzing_of_client.client if isinstance(toewijzing_of_client, Toewijzing) else toewijzing_of_client
    return nieuwe_header(soort=soort, afzender=aanbieder.agb_code, ontvanger=client.gemeente.cbs_code)


@transaction.atomic
def start_melden(*, toewijzing: Toewijzing, begindatum: date, actor: object | None = None) -> Bericht:
    """The provider reports the real start of delivery (305) from the portal."""
    header = _portaal_header(BerichtSoort.WMO305, toewijzing, toewijzing.aanbieder)
    bericht = wmo305_bouwen(header=header, toewijzing=toewijzing, begindatum=begindatum)
    return bericht_verzenden(bericht=bericht, kanaal=Kanaal.PORTAAL, actor=actor)


@transaction.atomic
def stop_melden(*, start: Start, reden_beeindiging: str, einddatum: date, actor: object | None = None) -> Bericht:
    """The provider reports a (temporary, reden 20, or definitive) stop (307) from the portal."""
    header = nieuwe_header(soort=BerichtSoort.WMO307, afzender=start.aanbieder.agb_code, ontvanger=start.gemeente_code)
    bericht = wmo307_bouwen(header=header, start=start, reden_beeindiging=reden_beeindiging, einddatum=einddatum)
    return bericht_verzenden(bericht=bericht, kanaal=Kanaal.PORTAAL, actor=actor)


@transaction.atomic
def vot_versturen(
    *, client: Client, aanbieder: Aanbieder, aanvragen: list[Aanvraag], actor: object | None = None
) -> Bericht:
    header = _portaal_header(BerichtSoort.WMO315, client, aanbieder)
    bericht = wmo315_bouwen(header=header, client=client, aanvragen=aanvragen)
    return bericht_verzenden(bericht=bericht, kanaal=Kanaal.PORTAAL, actor=actor)


@transaction.atomic
def vow_versturen(
    *,
    client: Client,
    aanbieder: Aanbieder,
    referentie_aanbieder: str,
    reden_verzoek: str,
    ongewijzigd: list[int],
    te_wijzigen: list[Wijziging],
    nieuw: list[Aanvraag],
    actor: object | None = None,
) -> Bericht:
    header = _portaal_header(BerichtSoort.WMO317, client, aanbieder)
    bericht = wmo317_bouwen(
        header=header,
        client=client,
        referentie_aanbieder=referentie_aanbieder,
        reden_verzoek=reden_verzoek,
        ongewijzigd=ongewijzigd,
        te_wijzigen=te_wijzigen,
        nieuw=nieuw,
    )
    return bericht_verzenden(bericht=bericht, kanaal=Kanaal.PORTAAL, actor=actor)


def _antwoord_319(verzoek: Verzoek, referentie: str, antwoord: str, reden: str | None, actor: object | None) -> Bericht:
    header = nieuwe_header(
        soort=BerichtSoort.WMO319, afzender=verzoek.gemeente_code, ontvanger=verzoek.aanbieder.agb_code
    )
    bericht = wmo319_bouwen(
        header=header, referentie_aanbieder=referentie, verzoek_antwoord=antwoord, reden_afwijzing=reden
    )
    return bericht_verzenden(bericht=bericht, kanaal=Kanaal.PORTAAL, actor=actor)


@transaction.atomic
def vot_regel_beantwoorden(
    *, regel: VerzoekRegel, besluit: str, reden_afwijzing: str = "", actor: object | None = None
) -> Bericht | None:
    """Answer one requested product of a 315: a 301 (granted) or a 319 (refused / in onderzoek) (OP274)."""
    verzoek = regel.verzoek
    if besluit == TOEKENNEN:
        vz.vot_product_toekennen(regel=regel)
        return toewijzing_301_verzenden(
            client=verzoek.client, aanbieder=verzoek.aanbieder, kanaal=Kanaal.PORTAAL, actor=actor
        )
    if besluit == AFWIJZEN:
        vz.vot_product_afwijzen(regel=regel, reden_afwijzing=reden_afwijzing)
        return _antwoord_319(verzoek, regel.referentie_aanbieder, VerzoekAntwoord.AFGEWEZEN, reden_afwijzing, actor)
    vz.vot_product_in_onderzoek(regel=regel)
    return _antwoord_319(verzoek, regel.referentie_aanbieder, VerzoekAntwoord.IN_ONDERZOEK, None, actor)


@transaction.atomic
def vow_beantwoorden(
    *, verzoek: Verzoek, besluit: str, reden_afwijzing: str = "", actor: object | None = None
) -> Bericht | None:
    """Answer a 317 as a whole: one 301 granting everything as asked, or one 319 (OP348)."""
    if verzoek.soort != VerzoekSoort.VOW:
        raise ValueError("Alleen een verzoek om wijziging wordt als geheel beantwoord.")
    if besluit == TOEKENNEN:
        vz.vow_toekennen(verzoek=verzoek, moment=timezone.now())
        return toewijzing_301_verzenden(
            client=verzoek.client, aanbieder=verzoek.aanbieder, kanaal=Kanaal.PORTAAL, actor=actor
        )
    vz.vow_afwijzen(verzoek=verzoek, reden_afwijzing=reden_afwijzing)
    return _antwoord_319(verzoek, verzoek.referentie_aanbieder, VerzoekAntwoord.AFGEWEZEN, reden_afwijzing, actor)
