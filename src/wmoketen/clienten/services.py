"""Writes of client identity. Clients come into being through the access process (toegang) or, at go-live, from the
archive and the client template of the suite the region leaves (`clienten_overnemen`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date

from .models import Client

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


@dataclass(frozen=True)
class Overgenomen:
    ids: dict[str, int]  # BSN -> client id, for every BSN given
    nieuw: frozenset[str]  # the BSNs that were not known before


def clienten_overnemen(gegevens: Sequence[Clientgegevens], *, bijwerken: bool) -> Overgenomen:
    """Create the clients not known by BSN; with `bijwerken` also update known ones with what a row says (a later
    row of the same BSN wins; an empty field or unknown house number changes nothing, so a message that carries
    less than a template does not erase it). The caller holds the transaction."""
    laatste: dict[str, Clientgegevens] = {}
    for g in gegevens:
        laatste[g.bsn] = g
    bekend = {c.bsn: c for c in Client.objects.filter(bsn__in=laatste)}
    nieuw = [Client(**asdict(g)) for bsn, g in laatste.items() if bsn not in bekend]
    Client.objects.bulk_create(nieuw, batch_size=BATCH)
    if bijwerken:
        gewijzigd = []
        for bsn, client in bekend.items():
            waarden = {k: v for k, v in asdict(laatste[bsn]).items() if v not in ("", None)}
            if any(getattr(client, k) != v for k, v in waarden.items()):
                for k, v in waarden.items():
                    setattr(client, k, v)
                gewijzigd.append(client)
        Client.objects.bulk_update(gewijzigd, [v for v in VELDEN if v != "bsn"], batch_size=500)
    ids = {c.bsn: c.pk for c in nieuw}
    ids.update({bsn: c.pk for bsn, c in bekend.items()})
    return Overgenomen(ids, frozenset(c.bsn for c in nieuw))
