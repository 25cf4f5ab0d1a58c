"""Cost price (kostprijs) per client per CAK period for the client contribution, as exportable rows.

Methods:
* `vast`: a fixed amount per CAK period (MLW 2018: EUR 150,00 per 4 weeks for begeleiding, whatever the profile);
  a period counts when the assignment runs on at least one of its days;
* `uren`: the old method for clients not yet re-indicated: hours in the period x an hourly cost price; minutes are
  summed over the period and priced exactly as IV081 (hourly price x minutes / 60, half up on cents);
* `eenheid`: units in the period (e.g. etmalen kortdurend verblijf) x a cost price per unit.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from wmoketen.core.money import format_euro

from .bedragen import minuten_bedrag
from .perioden import CakGrid, Periode


@dataclass(frozen=True)
class CakVoorziening:
    """One assigned product of a client, for the CAK report.

    `methode` 'vast' uses `kostprijs_cent` per period; 'uren' uses `kostprijs_cent` per hour and
    `minuten_per_periode` (label '2018/03' -> minutes); 'eenheid' uses `kostprijs_cent` per unit and
    `eenheden_per_periode`.
    """

    bsn: str
    productcode: str
    cak_code: str
    looptijd: Periode
    methode: str
    kostprijs_cent: int
    minuten_per_periode: Mapping[str, int] = field(default_factory=dict)
    eenheden_per_periode: Mapping[str, int] = field(default_factory=dict)
    grid: CakGrid = field(default_factory=CakGrid)  # the CAK calendar of the product's region


@dataclass(frozen=True)
class CakRegel:
    bsn: str
    jaar: int
    periode: int
    begindatum: str
    einddatum: str
    productcode: str
    cak_code: str
    methode: str
    hoeveelheid: str
    kostprijs_cent: int
    toelichting: str


KOLOMMEN = (
    "bsn",
    "jaar",
    "periode",
    "begindatum",
    "einddatum",
    "productcode",
    "cak_code",
    "methode",
    "hoeveelheid",
    "kostprijs_cent",
    "kostprijs",
    "toelichting",
)


def cak_regels(voorzieningen: Sequence[CakVoorziening]) -> list[CakRegel]:
    """One row per voorziening per CAK period (of its region's calendar) it runs in; rows with cost price 0 are
    left out."""
    regels = []
    for v in voorzieningen:
        for afrekenperiode in v.grid.perioden(v.looptijd):
            p = afrekenperiode.periode
            if v.methode == "vast":
                bedrag, hoeveelheid = v.kostprijs_cent, "1 periode"
                uitleg = f"vaste kostprijs {format_euro(v.kostprijs_cent)} per 4 weken"
            elif v.methode == "uren":
                minuten = v.minuten_per_periode.get(afrekenperiode.label, 0)
                bedrag = minuten_bedrag(v.kostprijs_cent, minuten)
                hoeveelheid = f"{minuten // 60}:{minuten % 60:02d} uur"
                uitleg = f"{minuten} minuten x {format_euro(v.kostprijs_cent)} per uur / 60"
            elif v.methode == "eenheid":
                aantal = v.eenheden_per_periode.get(afrekenperiode.label, 0)
                bedrag, hoeveelheid = aantal * v.kostprijs_cent, str(aantal)
                uitleg = f"{aantal} x {format_euro(v.kostprijs_cent)}"
            else:
                raise ValueError(f"onbekende CAK-methode {v.methode!r}")
            if bedrag:
                regels.append(
                    CakRegel(
                        bsn=v.bsn,
                        jaar=afrekenperiode.jaar,
                        periode=afrekenperiode.nummer,
                        begindatum=p.van.isoformat(),
                        einddatum=p.tot.isoformat(),
                        productcode=v.productcode,
                        cak_code=v.cak_code,
                        methode=v.methode,
                        hoeveelheid=hoeveelheid,
                        kostprijs_cent=bedrag,
                        toelichting=uitleg,
                    )
                )
    return sorted(regels, key=lambda r: (r.bsn, r.jaar, r.periode, r.productcode))


def schrijf_csv(regels: Iterable[CakRegel], uit: TextIO) -> None:
    """Write rows as CSV (';'-separated, as Dutch spreadsheets expect) to an open text stream."""
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\n")
    schrijver.writerow(KOLOMMEN)
    for r in regels:
        euro = f"{r.kostprijs_cent // 100},{r.kostprijs_cent % 100:02d}"
        schrijver.writerow(
            (
                r.bsn,
                r.jaar,
                r.periode,
                r.begindatum,
                r.einddatum,
                r.productcode,
                r.cak_code,
                r.methode,
                r.hoeveelheid,
                r.kostprijs_cent,
                euro,
                r.toelichting,
            )
        )
