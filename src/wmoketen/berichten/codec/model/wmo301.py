"""WMO301 Toewijzing and its retour WMO302 (same classes; the 302 adds RetourCodes per class)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import ClassVar

from ..soorten import BerichtSoort
from ..xmlmap import Berichtklasse, lijst, retourcodes
from .basis import (
    Adres,
    Communicatie,
    Geboortedatum,
    Header,
    Omvang,
    OpenPeriode,
    Product,
    Telefoonnummers,
    VolledigeNaam,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact(Berichtklasse):
    soort: str
    adres: Adres | None = None
    organisatie: str | None = None
    telefoon: Telefoonnummers | None = None
    emailadres: str | None = None
    periode: OpenPeriode | None = None
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Relatie(Berichtklasse):
    nummer: str
    volgorde: int | None = None
    soort: str
    geboortedatum: Geboortedatum | None = None
    geslacht: str | None = None
    naam: VolledigeNaam
    contact: Contact
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class ToegewezenProduct(Berichtklasse):
    toewijzing_nummer: int
    referentie_aanbieder: str | None = None
    product: Product | None = None
    toewijzingsdatum: date
    toewijzingstijd: time
    ingangsdatum: date
    einddatum: date | None = None
    reden_wijziging: str | None = None
    omvang: Omvang | None = None
    budget: int | None = None  # eurocent
    commentaar: str | None = None
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Client(Berichtklasse):
    bsn: str
    geboortedatum: Geboortedatum
    geslacht: str
    naam: VolledigeNaam
    communicatie: Communicatie | None = None
    juridische_status: str | None = None
    wettelijke_vertegenwoordiging: str | None = None
    commentaar: str | None = None
    relaties: tuple[Relatie, ...] = lijst("Relatie")
    contactgegevens: tuple[Contact, ...] = lijst("Contact", required=True)
    toegewezen_producten: tuple[ToegewezenProduct, ...] = lijst("ToegewezenProduct", required=True)
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo301(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO301
    header: Header
    client: Client


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo302(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO302
    header: Header
    client: Client | None = None
