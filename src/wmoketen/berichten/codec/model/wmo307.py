"""WMO307 Stop Wmo-ondersteuning and its retour WMO308."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ..soorten import BerichtSoort
from ..xmlmap import Berichtklasse, lijst, retourcodes
from .basis import Geboortedatum, Header, Product, VerkorteNaam


@dataclass(frozen=True, slots=True, kw_only=True)
class StopProduct(Berichtklasse):
    toewijzing_nummer: int | None = None
    product: Product | None = None
    toewijzing_ingangsdatum: date | None = None
    begindatum: date
    reden_beeindiging: str
    einddatum: date
    status_aanlevering: str
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Client(Berichtklasse):
    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VerkorteNaam
    stop_producten: tuple[StopProduct, ...] = lijst("StopProduct", required=True)
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo307(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO307
    header: Header
    client: Client


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo308(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO308
    header: Header
    client: Client | None = None
