"""Map entitlements per settlement period (e.g. CAK 4-week periods) onto iWmo 3.2 calendar-month ProductPerioden.

Rule (docs/afrekenen.md, "Van 4 weken naar kalendermaanden"): the amount of a settlement period is spread over
its paid days inside the assignment, per calendar month in proportion to the number of days, with the largest-
remainder method so the month parts add up exactly to the period amount (no cent lost or created). The month
parts of all periods are summed per calendar month; each month becomes one prestatie with eenheid 83 (euro's,
GeleverdVolume = amount in cents) and a ProductPeriode from the 1st (or the later Ingangsdatum) to the last day
(or the earlier Einddatum) of the month (TR387/TR388, inside the toewijzing per TR307/TR308).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .afrekening import Aanspraak
from .bedragen import verdeel
from .perioden import Periode, kalendermaanden


@dataclass(frozen=True)
class Maanddeel:
    """The part of one settlement period's amount that falls in a calendar month."""

    periode_label: str
    dagen: int
    bedrag_cent: int


@dataclass(frozen=True)
class Maandprestatie:
    """What to declare for one calendar month: a ProductPeriode and an amount (eenheid 83: volume = cents)."""

    productperiode: Periode
    bedrag_cent: int
    delen: tuple[Maanddeel, ...]

    @property
    def label(self) -> str:
        return f"{self.productperiode.van:%Y-%m}"

    @property
    def toelichting(self) -> str:
        delen = "; ".join(f"periode {d.periode_label}: {d.dagen} dag(en) = {d.bedrag_cent} ct" for d in self.delen)
        return f"{self.label}: {self.bedrag_cent} ct ({delen})"


def verdeel_over_maanden(aanspraak: Aanspraak) -> list[tuple[Periode, Maanddeel]]:
    """One period's amount split over the calendar months of its paid days; the parts sum to the amount."""
    if aanspraak.bedrag_cent == 0 or aanspraak.betaalde_dagen is None:
        return []
    dagen = aanspraak.betaalde_dagen
    stukken = [m.overlap(dagen) for m in kalendermaanden(dagen)]
    binnen = [s for s in stukken if s is not None]
    delen = verdeel(aanspraak.bedrag_cent, [s.dagen for s in binnen])
    return [
        (stuk, Maanddeel(aanspraak.periode.label, stuk.dagen, deel)) for stuk, deel in zip(binnen, delen, strict=True)
    ]


def naar_kalendermaanden(aanspraken: Sequence[Aanspraak], looptijd: Periode) -> list[Maandprestatie]:
    """All entitlements as one prestatie per calendar month, in month order; months with 0 are left out.

    `looptijd`: the assignment (ingangsdatum to einddatum or horizon); the ProductPeriode is the month cut to it.
    """
    per_maand: dict[tuple[int, int], list[tuple[Periode, Maanddeel]]] = {}
    for aanspraak in aanspraken:
        for stuk, deel in verdeel_over_maanden(aanspraak):
            per_maand.setdefault((stuk.van.year, stuk.van.month), []).append((stuk, deel))
    prestaties = []
    for sleutel in sorted(per_maand):
        stukken = per_maand[sleutel]
        maand = Periode(min(s.van for s, _ in stukken), max(s.tot for s, _ in stukken))
        productperiode = kalendermaanden(maand)[0].overlap(looptijd) or maand
        delen = tuple(d for _, d in stukken)
        bedrag = sum(d.bedrag_cent for d in delen)
        if bedrag:
            prestaties.append(Maandprestatie(productperiode, bedrag, delen))
    return prestaties
