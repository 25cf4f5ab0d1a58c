"""Writes of client data. Clients come into being through the access process (toegang: `client_aanmaken`) or, at
go-live, from the archive and the client template of the suite the region leaves (`clienten_overnemen`). Every
change made in wmoketen records a `Clientversie` (the data from that date, which fields changed, the source and
who), so nothing about a person is overwritten without trace; representatives are ended, never deleted.

A client belongs to one gemeente (the BSN is unique per gemeente, models.Client): a move to another gemeente is
a new record there (`client_in_gemeente`), never a change of `gemeente`; the old gemeente keeps its record and
its history, and neither sees the other's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wmoketen.accounts.models import Gebruiker
from wmoketen.catalogus.models import Gemeente
from wmoketen.core.fouten import Domeinfout

from .domain import datums_controleren, normaliseer_postcode
from .models import VERSIE_VELDEN, WETTELIJKE_VERTEGENWOORDIGERS, Bron, Client, Clientversie, Relatie, SoortRelatie

WIJZIGBAAR = frozenset(v for v in VERSIE_VELDEN if v != "gemeente_id") | {"gemeente"}


class ClientFout(Domeinfout):
    """Client data that cannot be true or cannot be recorded; the text is Dutch."""


def _gegevens(client: Client) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for veld in VERSIE_VELDEN:
        waarde = getattr(client, veld)
        uit[veld] = waarde.isoformat() if isinstance(waarde, date) else waarde
    return uit


def _versie(client: Client, *, door: Gebruiker | None, geldig_van: date, bron: str, gewijzigd: list[str],
            toelichting: str = "") -> Clientversie:  # fmt: skip
    return Clientversie.objects.create(
        client=client,
        geldig_van=geldig_van,
        gegevens=_gegevens(client),
        gewijzigd=gewijzigd,
        bron=bron,
        toelichting=toelichting[:300],
        door=door,
    )


def _controleren(waarden: dict[str, Any]) -> None:
    fouten = datums_controleren(
        geboortedatum=waarden.get("geboortedatum"),
        overleden_op=waarden.get("overleden_op"),
        vandaag=timezone.localdate(),
    )
    if fouten:
        raise ClientFout(" ".join(fouten))


@transaction.atomic
def client_aanmaken(*, door: Gebruiker | None, bsn: str, bron: str = Bron.HANDMATIG, **gegevens: Any) -> Client:
    """A new client (the BSN already checked) with its first version."""
    if "postcode" in gegevens:
        gegevens["postcode"] = normaliseer_postcode(gegevens["postcode"])
    _controleren(gegevens)
    client = Client.objects.create(bsn=bsn, **gegevens)
    _versie(client, door=door, geldig_van=timezone.localdate(), bron=bron, gewijzigd=[])
    return client


@transaction.atomic
def gegevens_wijzigen(
    *,
    door: Gebruiker | None,
    client: Client,
    geldig_van: date | None = None,
    bron: str = Bron.HANDMATIG,
    toelichting: str = "",
    **wijzigingen: Any,
) -> list[str]:
    """Change identity, address or contact data; returns the fields that changed (none: no new version). A date
    of birth or death in the future, or a death before the birth, is refused."""
    onbekend = set(wijzigingen) - WIJZIGBAAR
    if onbekend:
        raise ValueError(f"geen cliëntgegeven: {sorted(onbekend)}")  # a programming error, not a refusal
    if "postcode" in wijzigingen:
        wijzigingen["postcode"] = normaliseer_postcode(wijzigingen["postcode"])
    client = Client.objects.select_for_update().get(pk=client.pk)
    gemeente = wijzigingen.get("gemeente")
    if gemeente is not None and gemeente.pk != client.gemeente_id:
        raise ClientFout(
            "Een cliënt hoort bij één gemeente: bij een verhuizing begint de nieuwe gemeente een eigen dossier."
        )
    gewijzigd = sorted(k for k, v in wijzigingen.items() if getattr(client, k) != v)
    if not gewijzigd:
        return []
    _controleren({"geboortedatum": client.geboortedatum, "overleden_op": client.overleden_op} | wijzigingen)
    for veld in gewijzigd:
        setattr(client, veld, wijzigingen[veld])
    client.save()
    _versie(
        client, door=door, geldig_van=geldig_van or timezone.localdate(), bron=bron,
        gewijzigd=gewijzigd, toelichting=toelichting,
    )  # fmt: skip
    return gewijzigd


# what a new gemeente takes over of a client who moves in: the person and the last known address and contact (a
# 301 needs an address or telephone, TR006; the new gemeente brings them up to date, from the BRP where it can)
PERSOONSVELDEN = tuple(v for v in VERSIE_VELDEN if v != "gemeente_id")


@transaction.atomic
def client_in_gemeente(*, door: Gebruiker | None, client: Client, gemeente: Gemeente, toelichting: str) -> Client:
    """The record of `client`'s BSN in `gemeente` (a move within the region): the one that gemeente already has
    (the client lived there before), or a new one with the person's identity, last known address and contact data
    (no history: that stays with `client` and the old gemeente)."""
    bestaand = Client.objects.filter(gemeente=gemeente, bsn=client.bsn).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():  # a savepoint: a parallel registration of the BSN in that gemeente wins
            nieuw = Client.objects.create(
                bsn=client.bsn, gemeente=gemeente, **{v: getattr(client, v) for v in PERSOONSVELDEN}
            )
    except IntegrityError:
        return Client.objects.get(gemeente=gemeente, bsn=client.bsn)
    _versie(nieuw, door=door, geldig_van=timezone.localdate(), bron=Bron.HANDMATIG, gewijzigd=[],
            toelichting=toelichting)  # fmt: skip
    return nieuw


@transaction.atomic
def relatie_vastleggen(
    *, door: Gebruiker, client: Client, soort: str, achternaam: str, geldig_van: date, **velden: Any
) -> Relatie:
    """A representative or contact person from `geldig_van`. A curator, mentor, bewindvoerder or voogd is a legal
    representative; there is one first contact person at a time (the previous one stays, no longer first)."""
    if soort not in SoortRelatie.values:
        raise ClientFout("Kies de soort relatie.")
    if not achternaam.strip():
        raise ClientFout("Vul de achternaam van de vertegenwoordiger of contactpersoon in.")
    if geldig_van > timezone.localdate():
        raise ClientFout(f"De ingangsdatum ({geldig_van:%d-%m-%Y}) ligt in de toekomst.")
    velden.setdefault("wettelijk_vertegenwoordiger", soort in WETTELIJKE_VERTEGENWOORDIGERS)
    if velden.get("contactpersoon"):
        Relatie.objects.filter(client=client, contactpersoon=True).filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=geldig_van)
        ).update(contactpersoon=False)
    return Relatie.objects.create(
        client=client, soort=soort, achternaam=achternaam.strip(), geldig_van=geldig_van, door=door, **velden
    )


@transaction.atomic
def relatie_beeindigen(*, door: Gebruiker, relatie: Relatie, geldig_tot: date) -> Relatie:
    relatie = Relatie.objects.select_for_update().get(pk=relatie.pk)
    if relatie.geldig_tot is not None and relatie.geldig_tot <= geldig_tot:
        return relatie  # already ended: one effect
    if geldig_tot < relatie.geldig_van:
        raise ClientFout("De einddatum ligt vóór de ingangsdatum van de relatie.")
    relatie.geldig_tot = geldig_tot
    relatie.save(update_fields=["geldig_tot"])
    return relatie


# ------------------------------------------------------------------------------- go-live import (migratie)

BATCH = 2000


@dataclass(frozen=True, slots=True)
class Clientgegevens:
    """A client's identity as a message or template row carries it. Empty text means: not known."""

    bsn: str
    gemeente_id: int
    geboortedatum: date
    geslacht: str = "0"
    voorletters: str = ""
    voornamen: str = ""
    voorvoegsel: str = ""
    achternaam: str = ""
    straat: str = ""
    huisnummer: int | None = None
    huisnummer_toevoeging: str = ""
    postcode: str = ""
    plaats: str = ""
    telefoon: str = ""


VELDEN = tuple(Clientgegevens.__slots__)


Sleutel = tuple[int, str]  # (gemeente id, BSN): a client is known per gemeente


@dataclass(frozen=True)
class Overgenomen:
    ids: dict[Sleutel, int]  # (gemeente id, BSN) -> client id, for every row given
    nieuw: frozenset[Sleutel]  # the ones that were not known before


def clienten_overnemen(gegevens: Sequence[Clientgegevens], *, bijwerken: bool) -> Overgenomen:
    """Create the clients not known by BSN in their gemeente; with `bijwerken` also update known ones with what a
    row says (a later row of the same client wins; an empty field or unknown house number changes nothing, so a
    message that carries less than a template does not erase it). The same BSN in two gemeenten is two clients
    (the BSN is unique per gemeente). The caller holds the transaction."""
    laatste: dict[Sleutel, Clientgegevens] = {}
    for g in gegevens:
        laatste[(g.gemeente_id, g.bsn)] = g
    bekend: dict[Sleutel, Client] = {}
    for gemeente_id in {g for g, _ in laatste}:
        bsns = {b for g, b in laatste if g == gemeente_id}
        bekend.update({(gemeente_id, c.bsn): c for c in Client.objects.filter(gemeente_id=gemeente_id, bsn__in=bsns)})
    nieuw = {sleutel: Client(**asdict(g)) for sleutel, g in laatste.items() if sleutel not in bekend}
    Client.objects.bulk_create(list(nieuw.values()), batch_size=BATCH)
    if bijwerken:
        gewijzigd = []
        for sleutel, client in bekend.items():
            waarden = {k: v for k, v in asdict(laatste[sleutel]).items() if v not in ("", None)}
            if any(getattr(client, k) != v for k, v in waarden.items()):
                for k, v in waarden.items():
                    setattr(client, k, v)
                gewijzigd.append(client)
        Client.objects.bulk_update(gewijzigd, [v for v in VELDEN if v not in ("bsn", "gemeente_id")], batch_size=500)
    ids = {sleutel: c.pk for sleutel, c in nieuw.items()}
    ids.update({sleutel: c.pk for sleutel, c in bekend.items()})
    return Overgenomen(ids, frozenset(nieuw))
