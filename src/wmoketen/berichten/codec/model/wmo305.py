"""WMO305 Start Wmo-ondersteuning and its retour WMO306."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ..soorten import BerichtSoort
from ..xmlmap import Berichtklasse, lijst, retourcodes
from .basis import Geboortedatum, Header, Product, VerkorteNaam


@dataclass(frozen=True, slots=True, kw_only=True)
class StartProduct(Berichtklasse):
    toewijzing_nummer: int | None = None
    product: Product | None = None
    toewijzing_ingangsdatum: date | None = None
    begindatum: date
    status_aanlevering: str
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Client(Berichtklasse):
    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VerkorteNaam
    start_producten: tuple[StartProduct, ...] = lijst("StartProduct", required=True)
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo305(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO305
    header: Header
    client: Client


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo306(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO306
    header: Header
    client: Client | None = None
