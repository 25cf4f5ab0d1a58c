"""Everything about one person on one page, read through each context's own selectors and always within the
user's scope: municipal staff see the whole dossier; a provider only its own assignments, messages and
declarations (need to know: never the meldingen, plans or decisions of the municipality)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wmoketen.accounts.models import Gebruiker
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.selectors import berichten_zichtbaar_voor
from wmoketen.clienten.models import Client, Clientversie, Relatie
from wmoketen.clienten.selectors import relaties_van, versies_van
from wmoketen.declaraties.models import Prestatie
from wmoketen.declaraties.selectors import prestaties_van_client
from wmoketen.herindicatie.models import Evaluatie
from wmoketen.herindicatie.selectors import evaluaties_van_client
from wmoketen.toegang.models import Bezwaar, Brief, Melding
from wmoketen.toegang.selectors import bezwaren_van_client, brieven_van_client, meldingen_van_client
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.selectors import levering_status, toewijzingen_van_client

BERICHTEN_OP_PAGINA = 50


@dataclass
class Voorziening:
    toewijzing: Toewijzing
    lopend: bool
    levering: str


@dataclass
class Clientbeeld:
    client: Client
    aanbieder_blik: bool  # a provider's view: only its own part
    meldingen: list[Melding] = field(default_factory=list)
    voorzieningen: list[Voorziening] = field(default_factory=list)
    berichten: list[Bericht] = field(default_factory=list)
    prestaties: list[Prestatie] = field(default_factory=list)
    evaluaties: list[Evaluatie] = field(default_factory=list)
    relaties: list[Relatie] = field(default_factory=list)
    brieven: list[Brief] = field(default_factory=list)
    bezwaren: list[Bezwaar] = field(default_factory=list)
    versies: list[Clientversie] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def lopend(self) -> list[Voorziening]:
        return [v for v in self.voorzieningen if v.lopend]

    @property
    def beeindigd(self) -> list[Voorziening]:
        return [v for v in self.voorzieningen if not v.lopend]


def clientbeeld(*, gebruiker: Gebruiker, client: Client, vandaag: date) -> Clientbeeld:
    aanbieder_blik = gebruiker.is_aanbieder
    toewijzingen = toewijzingen_van_client(
        client=client, aanbieder_id=(gebruiker.aanbieder_id or 0) if aanbieder_blik else None
    )
    beeld = Clientbeeld(
        client=client,
        aanbieder_blik=aanbieder_blik,
        voorzieningen=[
            Voorziening(t, t.einddatum is None or t.einddatum >= vandaag, levering_status(t)) for t in toewijzingen
        ],
        berichten=list(
            berichten_zichtbaar_voor(gebruiker)
            .filter(client=client)
            .order_by("-aangemaakt_op", "-pk")[:BERICHTEN_OP_PAGINA]
        ),
        prestaties=prestaties_van_client(gebruiker=gebruiker, client=client),
        evaluaties=evaluaties_van_client(gebruiker=gebruiker, client=client),
    )
    if not aanbieder_blik:
        beeld.meldingen = meldingen_van_client(gebruiker=gebruiker, client=client)
        beeld.relaties = relaties_van(client)
        beeld.brieven = brieven_van_client(gebruiker=gebruiker, client=client)
        beeld.bezwaren = bezwaren_van_client(gebruiker=gebruiker, client=client)
        beeld.versies = versies_van(client)
    return beeld
