"""WMO315 Verzoek om toewijzing (VOT) and its retour WMO316."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ..soorten import BerichtSoort
from ..xmlmap import Berichtklasse, lijst, retourcodes
from .basis import Geboortedatum, Header, Omvang, Product, VerkorteNaam, Verwijzer


@dataclass(frozen=True, slots=True, kw_only=True)
class AangevraagdProduct(Berichtklasse):
    referentie_aanbieder: str
    beschikking_nummer: int | None = None
    product: Product | None = None
    beschikking_ingangsdatum: date | None = None
    toewijzing_ingangsdatum: date
    toewijzing_einddatum: date | None = None
    omvang: Omvang | None = None
    budget: int | None = None  # eurocent
    verwijzer: Verwijzer
    raamcontract: str | None = None  # JaNee: "1" ja, "2" nee
    commentaar: str | None = None
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Client(Berichtklasse):
    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VerkorteNaam
    commentaar: str | None = None
    aangevraagde_producten: tuple[AangevraagdProduct, ...] = lijst("AangevraagdProduct", required=True)
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo315(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO315
    header: Header
    client: Client


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo316(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO316
    header: Header
    client: Client | None = None
