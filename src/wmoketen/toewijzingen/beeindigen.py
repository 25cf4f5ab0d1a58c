"""The municipality ends a client's provisions: death, a move out of the municipality or the region, a switch to a
pgb, the need has ended, over to the Wlz. Each running assignment gets the last day as its Einddatum and the
RedenWijziging of the reason (a new version, so the next 301 carries it); one that has not started yet is deleted
the way the standard allows (RedenWijziging 13, Einddatum = Ingangsdatum; refused with approved declarations,
TR385). Nothing is removed from the records. Ending twice has one effect: an assignment that already ends on or
before that day is left as it is, and without any change nothing is recorded, written or sent.

A move within the region follows the region's rule (`instellingen: toegang: verhuizing_binnen_regio`): "overnemen"
ends the assignments of the old municipality (their 301 goes out at once, from the old municipality) and the new
municipality issues the same provision from the moving day; "beeindigen" only ends them. Either way the client
does not move along: each gemeente has its own dossier (the BSN is unique per gemeente, clienten.models.Client),
so the new gemeente gets its own record (`client_in_gemeente`: the person, last known address) and the old
record with its whole history stays with the old gemeente, out of the new one's sight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente, Regio
from wmoketen.clienten.models import Client
from wmoketen.clienten.services import ClientFout, client_in_gemeente, gegevens_wijzigen
from wmoketen.core import events
from wmoketen.toegang import briefteksten, klok
from wmoketen.toegang.brieven import brief_maken
from wmoketen.toegang.constants import BriefSoort
from wmoketen.toegang.huisstijl import huisstijl_van
from wmoketen.toegang.instellingen import instellingen_van_regio
from wmoketen.toegang.models import Brief

from .constants import BEEINDIGING_CODES, BEEINDIGING_UITLEG, BeeindigingsReden, RedenWijziging
from .models import Beeindiging, Toewijzing
from .services import ToewijzingFout, _toewijzing_aanmaken, toewijzing_intrekken

VOORZIENINGEN_BEEINDIGD = "toewijzingen.voorzieningen_beeindigd"  # (client_id): their 301 goes out now
VOOR_VERHUIZING = "toewijzingen.voor_verhuizing"  # (client_id): send the 301s before the municipality changes


def lopende_voorzieningen(client: Client, op: date) -> list[Toewijzing]:
    """The client's assignments still running on `op` or starting later, not deleted."""
    return list(
        Toewijzing.objects.filter(client=client)
        .lopend_vanaf(op)
        .niet_verwijderd()
        .select_related("product__regio", "aanbieder", "beschikking__melding")
        .order_by("ingangsdatum", "toewijzing_nummer")
    )


@dataclass(frozen=True)
class Uitkomst:
    beeindiging: Beeindiging | None  # None: nothing to change (already ended)
    beeindigd: list[Toewijzing]
    overgenomen: list[Toewijzing]


@transaction.atomic
def voorziening_beeindigen(
    *,
    door: Gebruiker,
    client: Client,
    reden: str,
    per: date,
    toewijzingen: list[Toewijzing] | None = None,
    toelichting: str = "",
    akkoord_aanbieder: bool = False,
    nieuwe_gemeente: Gemeente | None = None,
) -> Uitkomst:
    client = Client.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=client.pk)
    _mag(door, client)
    oude_gemeente = client.gemeente
    if reden not in BEEINDIGING_CODES:
        raise ToewijzingFout("Kies de reden van de beëindiging.")
    reden = BeeindigingsReden(reden)
    vandaag = klok.vandaag()
    if per < vandaag and not akkoord_aanbieder:
        raise ToewijzingFout(
            "Een beëindiging met een datum in het verleden kan alleen in overeenstemming met de aanbieder (OP186): "
            "bevestig dat de aanbieder akkoord is."
        )
    if reden == BeeindigingsReden.OVERLIJDEN and per > vandaag:
        raise ToewijzingFout("De datum van overlijden kan niet in de toekomst liggen.")
    regel = _verhuisregel(client, reden, nieuwe_gemeente, door)
    lopend = lopende_voorzieningen(client, per)
    if toewijzingen is not None:
        if any(t.client_id != client.pk for t in toewijzingen):
            raise ToewijzingFout("Een gekozen toewijzing hoort niet bij deze cliënt.")
        gekozen = {t.pk for t in toewijzingen}
        lopend = [t for t in lopend if t.pk in gekozen]
    code = BEEINDIGING_CODES[reden][0]
    beeindigd = []
    for t in lopend:
        if t.einddatum is not None and t.einddatum <= per:
            continue  # already ends on or before that day: one effect
        if t.ingangsdatum > per:
            beeindigd.append(toewijzing_intrekken(toewijzing=t, reden_wijziging=RedenWijziging.VERWIJDERD))
        else:
            beeindigd.append(toewijzing_intrekken(toewijzing=t, reden_wijziging=code, einddatum=per))
    if not beeindigd:
        return Uitkomst(None, [], [])
    b = Beeindiging.objects.create(
        client=client, reden=reden, per=per, toelichting=toelichting.strip(), akkoord_aanbieder=akkoord_aanbieder,
        nieuwe_gemeente=nieuwe_gemeente, door=door,
    )  # fmt: skip
    b.toewijzingen.set(beeindigd)
    overgenomen: list[Toewijzing] = []
    if reden == BeeindigingsReden.OVERLIJDEN:
        _gegevens(door, client, per, overleden_op=per)
    elif nieuwe_gemeente is not None:
        # the ended assignments leave from the old municipality at once
        events.publish(VOOR_VERHUIZING, client_id=client.pk)
        if regel == "overnemen":
            # the new gemeente's own record of the client (a dossier per gemeente); the old one stays where it is
            nieuw = client_in_gemeente(
                door=door, client=client, gemeente=nieuwe_gemeente, toelichting="Verhuisd binnen de regio"
            )
            overgenomen = [_overnemen(t, per, nieuw) for t in beeindigd if t.ingangsdatum <= per]
            b.overgenomen.set(overgenomen)
    if reden != BeeindigingsReden.OVERLIJDEN:
        b.brief = _brief(b, oude_gemeente, beeindigd, overgenomen, door)
        b.save(update_fields=["brief"])
    events.publish(VOORZIENINGEN_BEEINDIGD, client_id=client.pk)
    return Uitkomst(b, beeindigd, overgenomen)


def _mag(door: Gebruiker, client: Client) -> None:
    if door.rol != Rol.CONSULENT or not door.is_active:
        raise ToewijzingFout("Alleen een consulent beëindigt een voorziening.")
    if not door.gemeenten.filter(pk=client.gemeente_id).exists():
        raise ToewijzingFout("Deze cliënt woont niet in een van uw gemeenten.")


def _regio(client: Client, door: Gebruiker) -> Regio | None:
    if door.regio_id and door.regio.gemeenten.filter(pk=client.gemeente_id).exists():  # type: ignore[union-attr]
        return door.regio
    return Regio.objects.filter(gemeenten=client.gemeente).order_by("-geldig_van").first()


def _verhuisregel(client: Client, reden: str, nieuwe_gemeente: Gemeente | None, door: Gebruiker) -> str:
    """The region's rule for a move within the region ("overnemen"/"beeindigen"), checked against the reason."""
    if reden != BeeindigingsReden.VERHUIZING_REGIO:
        if nieuwe_gemeente is not None and reden != BeeindigingsReden.VERHUIZING:
            raise ToewijzingFout("Een nieuwe gemeente hoort alleen bij een verhuizing.")
        return ""
    regio = _regio(client, door)
    if nieuwe_gemeente is None or regio is None or not regio.gemeenten.filter(pk=nieuwe_gemeente.pk).exists():
        raise ToewijzingFout("Kies de gemeente in de regio waar de cliënt gaat wonen.")
    if nieuwe_gemeente.pk == client.gemeente_id:
        raise ToewijzingFout("De cliënt woont al in deze gemeente.")
    return instellingen_van_regio(regio.instellingen).verhuizing_binnen_regio


def _gegevens(door: Gebruiker, client: Client, geldig_van: date, **velden: Any) -> None:
    try:
        gegevens_wijzigen(door=door, client=client, geldig_van=geldig_van, toelichting="Bij beëindiging", **velden)
    except ClientFout as fout:
        raise ToewijzingFout(str(fout)) from fout


def _overnemen(oud: Toewijzing, per: date, client: Client) -> Toewijzing:
    """The same provision from the new municipality (its record of the client): same product, provider and
    extent, the rest of the period."""
    return _toewijzing_aanmaken(
        client=client, aanbieder=oud.aanbieder, product=oud.product, ingangsdatum=per + timedelta(days=1),
        einddatum=_oorspronkelijk_einde(oud), volume=oud.volume, budget_cent=oud.budget_cent, vorige=oud,
        beschikking_id=oud.beschikking_id,
    )  # fmt: skip


def _oorspronkelijk_einde(t: Toewijzing) -> date | None:
    """The end date before this ending (the version before the last)."""
    versies = list(t.versies.order_by("-toewijzingsdatum", "-toewijzingstijd", "-pk")[:2])
    return versies[1].einddatum if len(versies) > 1 else t.einddatum


def _brief(
    b: Beeindiging, gemeente: Gemeente, beeindigd: list[Toewijzing], overgenomen: list[Toewijzing], door: Gebruiker
) -> Brief:
    """The decision letter, from the municipality that ended the provision (before a move)."""
    eerste = beeindigd[0]
    melding = eerste.beschikking.melding if eerste.beschikking is not None else None
    huisstijl = huisstijl_van(
        instellingen=eerste.product.regio.instellingen, cbs_code=gemeente.cbs_code, gemeentenaam=gemeente.naam
    )
    uitleg = BEEINDIGING_UITLEG[b.reden]
    if overgenomen and b.nieuwe_gemeente is not None:
        uitleg += f" Uw ondersteuning loopt door: de gemeente {b.nieuwe_gemeente.naam} neemt haar over."
    rijen = [
        (f"{t.product.productcode} {t.product.naam}", t.aanbieder.naam, f"vanaf {t.ingangsdatum:%d-%m-%Y}")
        for t in beeindigd
    ]
    inhoud = briefteksten.beeindiging(
        reden=uitleg, toelichting=b.toelichting, per=b.per, voorzieningen=rijen, pk=b.pk, datum=klok.vandaag()
    )
    return brief_maken(
        soort=BriefSoort.BEEINDIGING, client=b.client, melding=melding, huisstijl=huisstijl, inhoud=inhoud, door=door
    )
