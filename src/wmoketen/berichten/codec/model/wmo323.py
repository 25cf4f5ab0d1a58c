"""WMO323 Declaratie and WMO325 Declaratie-antwoord (the 325 repeats rejected 323 prestaties)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from ..soorten import BerichtSoort
from ..xmlmap import Berichtklasse, lijst, retourcodes
from .basis import BedragMetDC, GeslotenPeriode, Header, Referentie, TotaalBedragMetDC


@dataclass(frozen=True, slots=True, kw_only=True)
class Prestatie(Berichtklasse):
    product_referentie: Referentie
    toewijzing_nummer: int
    product_categorie: str
    product_code: str
    product_periode: GeslotenPeriode
    geleverd_volume: int  # eurocent when eenheid is 83
    eenheid: str
    product_tarief: int | None = None  # eurocent; absent for eenheid 83
    ingediend_bedrag: BedragMetDC
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Client(Berichtklasse):
    bsn: str
    prestaties: tuple[Prestatie, ...] = lijst("Prestatie", required=True)
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Declaratie(Berichtklasse):
    declaratie_nummer: str
    declaratie_periode: GeslotenPeriode
    declaratie_dagtekening: date
    totaal_ingediend_bedrag: TotaalBedragMetDC
    clienten: tuple[Client, ...] = lijst("Client", required=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclaratieAntwoord(Berichtklasse):
    declaratie_nummer: str
    totaal_ingediend_bedrag: TotaalBedragMetDC
    totaal_toegekend_bedrag: TotaalBedragMetDC
    clienten: tuple[Client, ...] = lijst("Client")
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo323(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO323
    header: Header
    declaratie: Declaratie


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo325(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO325
    header: Header
    declaratie_antwoord: DeclaratieAntwoord | None = None
