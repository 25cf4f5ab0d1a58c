"""Which tables an export of a region holds, how each is limited to the region (and to the exporter's scope), and
how each comes back into a wmoketen: the single list the export, its data dictionary and the completeness test
read. A model of a wmoketen app that is neither here nor in `UITGESLOTEN` (with the reason) fails
`test_elk_model_is_ingedeeld`: a new table is never silently left out of an export.

How a table comes back (`herimport`):
* `archief`: from the messages under berichten/ (the import of item 1, the same path as a predecessor's archive);
* `sjabloon:<naam>`: from the filled template under sjablonen/ (item 2);
* `regiobestand`: from the region file the receiving wmoketen loads first (catalogue, providers, contracts);
* anything else is `alleen export` with the reason: another system reads it from the CSV; wmoketen does not take
  it back (for a move of wmoketen itself there is the back-up, `wmoketen backup`).

Reading goes straight to the models, like the back-up does: an export is a read of every table, and this register
is where the choice per table is made and reviewed (docs/adr/0006-migratie-via-berichten-en-sjablonen.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

from wmoketen.accounts.models import Gebruiker, Sessie, Systeemkoppeling
from wmoketen.audit.models import Bereiksignaal, Ketenkop, Verwerking
from wmoketen.berichten.models import Bericht, Volgnummer
from wmoketen.catalogus import models as catalogus
from wmoketen.clienten.models import Client, Clientversie, Relatie
from wmoketen.contracten.models import Aanbieder, Budgetplafond, Overeenkomst
from wmoketen.declaraties.models import Betaalbatch, Betaalregel, Declaratie, Prestatie
from wmoketen.herindicatie import models as herindicatie
from wmoketen.signalen.models import Afgevinkt, Kennisgeving
from wmoketen.taken.models import Taak
from wmoketen.toegang import models as toegang
from wmoketen.toewijzingen import models as toewijzingen

from ..models import Afwijzing, Migratie, Migratiestap

ARCHIEF = "archief"
REGIOBESTAND = "regiobestand"


@dataclass(frozen=True)
class Bereik:
    """What one export covers: the region, its municipalities (within the exporter's scope) and their clients."""

    regio: catalogus.Regio
    gemeenten: models.QuerySet[catalogus.Gemeente]
    clienten: models.QuerySet[Client]
    aanbieders: models.QuerySet[Aanbieder]
    gebruikers: models.QuerySet[Gebruiker]

    @property
    def gemeentecodes(self) -> models.QuerySet[catalogus.Gemeente, str]:
        return self.gemeenten.values_list("cbs_code", flat=True)


@dataclass(frozen=True)
class Tabel:
    model: type[models.Model]
    filter: Callable[[Bereik], Q]
    herimport: str  # ARCHIEF, REGIOBESTAND, "sjabloon:<naam>" or "alleen export: <reden>"
    zonder: dict[str, str] = field(default_factory=dict)  # field -> why it is not exported
    extra: dict[str, tuple[str, Callable[[Any], object]]] = field(default_factory=dict)  # column -> (desc, value)

    @property
    def naam(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    @property
    def label(self) -> str:
        return self.model._meta.label


def _clienten(pad: str) -> Callable[[Bereik], Q]:
    return lambda b: Q(**{f"{pad}__in": b.clienten})


def _regio(pad: str) -> Callable[[Bereik], Q]:
    return lambda b: Q(**{pad: b.regio})


def _gemeenten(pad: str) -> Callable[[Bereik], Q]:
    return lambda b: Q(**{f"{pad}__in": b.gemeenten})


def brief_bestand(b: toegang.Brief) -> str:
    kenmerk = re.sub(r"[^A-Za-z0-9_-]", "_", b.kenmerk)[:40]
    return f"brieven/{b.datum:%Y-%m-%d}_{kenmerk}_{b.pk}.pdf"


def bericht_bestand(b: Bericht) -> str:
    """Where the raw XML of a stored message is in the export: one file per content (a provider's copy of the
    same message has the same file)."""
    identificatie = re.sub(r"[^A-Za-z0-9_-]", "_", b.identificatie)[:40]
    return f"berichten/{b.soort}/WMO{b.soort}_{identificatie}_{b.sha256[:16]}.xml"


DOSSIER = (
    "alleen export: dossierinhoud (verslag, plan, stappen) gaat als CSV mee; een nieuw dossier begint met de "
    "beschikking"
)
TABELLEN: tuple[Tabel, ...] = (
    # catalogue and contracts: the region file
    Tabel(catalogus.Regio, lambda b: Q(pk=b.regio.pk), REGIOBESTAND),
    Tabel(catalogus.Gemeente, lambda b: Q(pk__in=b.gemeenten), REGIOBESTAND),
    Tabel(catalogus.Segment, _regio("regio"), REGIOBESTAND),
    Tabel(catalogus.Perceel, _regio("segment__regio"), REGIOBESTAND),
    Tabel(catalogus.Leefgebied, lambda b: Q(), "alleen export: landelijke lijst, vastgelegd bij het migreren"),
    Tabel(catalogus.Grondslag, _regio("regio"), REGIOBESTAND),
    Tabel(catalogus.Profiel, _regio("regio"), REGIOBESTAND),
    Tabel(catalogus.Afrekenregel, _regio("regio"), REGIOBESTAND),
    Tabel(catalogus.Product, _regio("regio"), REGIOBESTAND),
    Tabel(catalogus.Bekostiging, _regio("product__regio"), REGIOBESTAND),
    Tabel(catalogus.Tarief, _regio("product__regio"), REGIOBESTAND),
    Tabel(catalogus.CakKostprijs, _regio("product__regio"), REGIOBESTAND),
    Tabel(Aanbieder, lambda b: Q(pk__in=b.aanbieders), REGIOBESTAND),
    Tabel(Overeenkomst, _regio("regio"), REGIOBESTAND),
    Tabel(Budgetplafond, _regio("segment__regio"), "sjabloon:budgetplafonds"),
    # clients and access
    Tabel(Client, lambda b: Q(pk__in=b.clienten), "sjabloon:clienten"),
    Tabel(
        Clientversie,
        _clienten("client"),
        "alleen export: de geschiedenis van de gegevens; het sjabloon clienten draagt de huidige",
    ),
    Tabel(Relatie, _clienten("client"), "alleen export: vertegenwoordigers en contactpersonen horen bij het dossier"),
    Tabel(toegang.Melding, _clienten("client"), "sjabloon:meldingen"),
    Tabel(toegang.Onderzoeksverslag, _clienten("melding__client"), DOSSIER),
    Tabel(toegang.Ondersteuningsplan, _clienten("melding__client"), DOSSIER),
    Tabel(toegang.PlanProduct, _clienten("plan__melding__client"), DOSSIER),
    Tabel(toegang.Deel2, _clienten("plan__melding__client"), DOSSIER),
    Tabel(toegang.Deel2Resultaat, _clienten("deel2__plan__melding__client"), DOSSIER),
    Tabel(toegang.Beschikking, _clienten("melding__client"), "sjabloon:beschikkingen"),
    Tabel(toegang.OvergenomenBeschikking, _clienten("beschikking__melding__client"), "sjabloon:beschikkingen"),
    Tabel(toegang.Beschikkingsvoorstel, _clienten("melding__client"), DOSSIER),
    Tabel(toegang.Stap, _clienten("melding__client"), DOSSIER),
    Tabel(toegang.Afhandeling, _clienten("melding__client"), DOSSIER),
    Tabel(
        toegang.Brief,
        _clienten("client"),
        "alleen export: de brieven zoals verstuurd, als PDF in brieven/",
        zonder={"pdf": "de brief staat als PDF in de export (kolom bestand)"},
        extra={"bestand": ("Het PDF-bestand van deze brief in de export.", lambda b: brief_bestand(b))},
    ),
    Tabel(
        toegang.Bezwaar,
        _clienten("client"),
        "alleen export: een lopend bezwaar handelt het vorige systeem af, of de regio neemt het over met de hand",
    ),
    # assignments
    Tabel(toewijzingen.Toewijzing, _clienten("client"), ARCHIEF),
    Tabel(toewijzingen.ToewijzingVersie, _clienten("toewijzing__client"), ARCHIEF),
    Tabel(toewijzingen.Toewijzingsbericht, _clienten("client"), ARCHIEF),
    Tabel(toewijzingen.Start, _clienten("client"), ARCHIEF),
    Tabel(toewijzingen.Stop, _clienten("start__client"), ARCHIEF),
    Tabel(toewijzingen.Verzoek, _clienten("client"), ARCHIEF),
    Tabel(toewijzingen.VerzoekRegel, _clienten("verzoek__client"), ARCHIEF),
    Tabel(
        toewijzingen.Beeindiging,
        _clienten("client"),
        "alleen export: waarom de gemeente voorzieningen beëindigde; de toewijzingen dragen de einddatum en reden",
    ),
    Tabel(
        toewijzingen.Onderbreking,
        _clienten("toewijzing__client"),
        "alleen export: onderbrekingen van de zorg gaan in geen bericht mee; de regio legt lopende opnieuw vast",
    ),
    Tabel(
        toewijzingen.Nummerreeks,
        lambda b: Q(),
        "alleen export: volgt bij het overnemen uit het hoogste ToewijzingNummer",
    ),
    # declarations and payment
    Tabel(Declaratie, _gemeenten("gemeente"), ARCHIEF),
    Tabel(Prestatie, _gemeenten("declaratie__gemeente"), ARCHIEF),
    Tabel(Betaalbatch, _gemeenten("gemeente"), "sjabloon:betalingen"),
    Tabel(Betaalregel, _gemeenten("batch__gemeente"), "sjabloon:betalingen"),
    # messages
    Tabel(
        Bericht,
        lambda b: Q(gemeente_code__in=b.gemeentecodes),
        ARCHIEF,
        zonder={"inhoud": "de ruwe XML staat als bestand in de export (kolom bestand)"},
        extra={"bestand": ("Het XML-bestand van dit bericht in de export.", bericht_bestand)},
    ),
    Tabel(
        Volgnummer,
        lambda b: Q(partij__in=b.gemeentecodes) | Q(partij__in=b.aanbieders.values("agb_code")),
        ARCHIEF,
    ),
    # evaluation, re-indication and conversion
    Tabel(herindicatie.Evaluatie, _clienten("toewijzing__client"), "sjabloon:evaluaties"),
    Tabel(
        herindicatie.EvaluatieResultaat,
        _clienten("evaluatie__toewijzing__client"),
        "alleen export: de oordelen per resultaat horen bij het dossier van het vorige systeem",
    ),
    Tabel(
        herindicatie.Herindicatiesignaal,
        _clienten("toewijzing__client"),
        "alleen export: wmoketen maakt de signalen opnieuw uit de einddatums (wmoketen herindicatie bijwerken)",
    ),
    Tabel(herindicatie.Conversie, _regio("regio"), "alleen export: een conversie is een bestand onder conversies/"),
    Tabel(herindicatie.Conversierun, _regio("conversie__regio"), "alleen export: geschiedenis van een conversie"),
    Tabel(herindicatie.Conversiestap, _clienten("toewijzing__client"), "alleen export: geschiedenis van een conversie"),
    Tabel(herindicatie.Herbeoordeling, _clienten("client"), "alleen export: planning van een afgeronde conversie"),
    # people and the Logboek
    Tabel(
        Gebruiker,
        lambda b: Q(pk__in=b.gebruikers),
        "alleen export: gebruikers melden zich in het nieuwe systeem opnieuw aan",
        zonder={
            "password": "geheim (wachtwoord-hash)",
            "totp_geheim": "geheim (tweede factor)",
        },
    ),
    Tabel(Migratie, _regio("regio"), "alleen export: de rapporten van eerdere importen en exporten"),
)

APART: dict[str, str] = {
    Verwerking._meta.label: "logboek/logboek.csv: de regels over de cliënten en gebruikers van de regio, met hun "
    "hashketen; alleen export, het logboek van het nieuwe systeem begint een eigen keten",
}

UITGESLOTEN: dict[str, str] = {
    Systeemkoppeling._meta.label: "toegangssleutels van gekoppelde systemen (alleen hun hash): geheim, en ze horen bij "
    "deze installatie; een nieuw systeem geeft nieuwe sleutels uit",
    Sessie._meta.label: "sessies van ingelogde gebruikers zijn geen gegevens van de regio (en geven toegang)",
    Taak._meta.label: "technische werkvoorraad van achtergrondtaken (voortgang, mislukte pogingen); geen gegevens "
    "over cliënten die niet elders staan",
    Kennisgeving._meta.label: "welke punten van een takenlijst al per e-mail zijn gemeld (sleutels, geen "
    "gegevens): hoort bij deze installatie; de punten zelf volgen uit de dossiers",
    Afgevinkt._meta.label: "welke afgekeurde berichten als afgehandeld zijn afgevinkt (sleutels): hoort bij deze "
    "installatie",
    Ketenkop._meta.label: "technische kop van de logboekketen; de keten is uit de records zelf te controleren",
    Bereiksignaal._meta.label: "signalen voor functioneel beheer over pogingen buiten bereik van deze installatie; "
    "de pogingen zelf staan in het logboek",
    Migratiestap._meta.label: "werkvoorraad van een import (index van het bronarchief); het rapport bevat de uitkomst",
    Afwijzing._meta.label: "staat in het rapport van de import (ook als CSV te downloaden)",
}
