"""A received 323 as plain data, as the message layer hands it to the intake (declaraties does not import berichten).

`vooraf` carries findings the message layer already made on a prestatie (level 4 in the rule engine: TR346
with the hourly tariff, TR381 product code list) as (rule, retourcode) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .perioden import Periode


@dataclass(frozen=True, slots=True)
class Prestatieregel:
    volgnummer: int
    bsn: str
    referentie_nummer: str
    vorig_referentie_nummer: str | None
    toewijzing_nummer: int
    product_categorie: str
    product_code: str
    begindatum: date
    einddatum: date
    geleverd_volume: int
    eenheid: str
    product_tarief_cent: int | None
    ingediend_bedrag_cent: int
    debet_credit: str
    vooraf: tuple[tuple[str, str], ...] = ()

    @property
    def is_credit(self) -> bool:
        return self.debet_credit == "C"

    @property
    def productperiode(self) -> Periode:
        return _periode(self.begindatum, self.einddatum)

    @property
    def getekend_cent(self) -> int:
        return -self.ingediend_bedrag_cent if self.is_credit else self.ingediend_bedrag_cent


@lru_cache(maxsize=1024)
def _periode(van: date, tot: date) -> Periode:
    """A 323 has few distinct ProductPeriodes (mostly whole months): the prestaties share one (immutable) Periode
    each. An invalid period is not cached, so it raises every time, as building it does."""
    return Periode(van, tot)


@dataclass(frozen=True, slots=True)
class Declaratie323:
    aanbieder: str  # AGB code (Afzender)
    gemeente: str  # CBS code (Ontvanger)
    bericht_identificatie: str
    declaratie_nummer: str
    periode_begin: date
    periode_eind: date
    dagtekening: date
    totaal_ingediend_cent: int  # signed: debet - credit
    prestaties: tuple[Prestatieregel, ...] = ()  # empty when the exchange streams them in parts
