"""WMO317 Verzoek om wijziging (VOW) and its retour WMO318."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ..soorten import BerichtSoort
from ..xmlmap import Berichtklasse, lijst, retourcodes
from .basis import Header, Omvang, Product


@dataclass(frozen=True, slots=True, kw_only=True)
class OngewijzigdProduct(Berichtklasse):
    toewijzing_nummer: int
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class TeWijzigenProduct(Berichtklasse):
    toewijzing_nummer: int
    gewenste_ingangsdatum: date
    einddatum: date | None = None
    omvang: Omvang | None = None
    budget: int | None = None  # eurocent
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class NieuwProduct(Berichtklasse):
    product: Product | None = None
    gewenste_ingangsdatum: date
    einddatum: date | None = None
    omvang: Omvang | None = None
    budget: int | None = None  # eurocent
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Verzoek(Berichtklasse):
    referentie_aanbieder: str
    reden_verzoek: str
    ongewijzigde_producten: tuple[OngewijzigdProduct, ...] = lijst("OngewijzigdProduct")
    te_wijzigen_producten: tuple[TeWijzigenProduct, ...] = lijst("TeWijzigenProduct")
    nieuwe_producten: tuple[NieuwProduct, ...] = lijst("NieuwProduct")
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Client(Berichtklasse):
    bsn: str
    verzoek: Verzoek
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo317(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO317
    header: Header
    client: Client


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo318(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO318
    header: Header
    client: Client | None = None
