"""Budget ceiling (budgetplafond) per provider per segment per year: consumption, forecast, warnings, region rule.

Forecast method (docs/afrekenen.md): consumption so far (approved + pending) plus, for every month left in the
year from the reference date's month on (that month is still to be declared), the monthly entitlement of the
assignments still running in that month when the caller knows it (`lopende_aanspraak_per_maand`), otherwise the
run-rate: the average approved amount of the last three complete months before the reference date (half up).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from wmoketen.core.money import format_euro

from .bedragen import deel_half_op

SIGNAALNIVEAUS = (80, 90, 100)

# The rules under which amounts above the ceiling are not paid now: held for consultation with the region
# ('overleg') or not paid at all ('niet_betalen'). The other rules pay normally.
AANHOUDENDE_REGELS = frozenset({"overleg", "niet_betalen"})

AANHOUDING_TEKST = {
    "overleg": "Aangehouden tot overleg met de regio; na verhoging van het plafond gaat het mee in een volgende "
    "betaalbatch.",
    "niet_betalen": "Wordt niet betaald: de aanbieder crediteert de prestaties of de regio beslist (bijvoorbeeld "
    "een hoger plafond).",
}

PLAFONDREGEL_TEKST = {
    "geen_nieuwe_clienten": "Plafond bereikt: de aanbieder krijgt geen nieuwe cliënten meer toegewezen.",
    "overleg": "Plafond bereikt: overleg met de regio; declaraties boven het plafond worden aangehouden.",
    "niet_betalen": "Plafond bereikt: declaraties boven het plafond worden niet betaald.",
    "signaleren": "Plafond bereikt: alleen signaleren, declaraties worden gewoon betaald.",
    "": "De regio heeft geen regel vastgelegd voor het bereiken van het plafond.",
}


@dataclass(frozen=True)
class Plafondstand:
    jaar: int
    plafond_cent: int
    goedgekeurd_cent: int
    in_behandeling_cent: int
    prognose_cent: int
    prognose_methode: str
    signaal: int | None
    signaal_prognose: int | None
    regeltekst: str | None

    @property
    def verbruik_cent(self) -> int:
        return self.goedgekeurd_cent + self.in_behandeling_cent

    @property
    def ruimte_cent(self) -> int:
        return max(0, self.plafond_cent - self.verbruik_cent)

    def percentage(self, bedrag_cent: int) -> int:
        """Whole percent of the ceiling, rounded down (a warning fires only when the level is really reached)."""
        return bedrag_cent * 100 // self.plafond_cent if self.plafond_cent else 100

    @property
    def melding(self) -> str:
        delen = [
            f"Verbruik {format_euro(self.verbruik_cent)} van {format_euro(self.plafond_cent)} "
            f"({self.percentage(self.verbruik_cent)}%); prognose jaareinde {format_euro(self.prognose_cent)} "
            f"({self.percentage(self.prognose_cent)}%)."
        ]
        if self.signaal:
            delen.append(f"Signaal: {self.signaal}% van het plafond bereikt.")
        if self.regeltekst:
            delen.append(self.regeltekst)
        return " ".join(delen)


def signaalniveau(bedrag_cent: int, plafond_cent: int) -> int | None:
    """The highest of 80/90/100 % reached, or None."""
    bereikt = [n for n in SIGNAALNIVEAUS if bedrag_cent * 100 >= n * plafond_cent]
    return max(bereikt) if bereikt else None


def plafondstand(
    *,
    jaar: int,
    plafond_cent: int,
    goedgekeurd_per_maand: Mapping[int, int],
    in_behandeling_cent: int,
    peildatum: date,
    plafondregel: str = "",
    lopende_aanspraak_per_maand: Mapping[int, int] | None = None,
    vooraf_cent: int = 0,
) -> Plafondstand:
    """The ceiling's state on `peildatum`. Months are 1-12 of `jaar`; amounts in cents. `vooraf_cent`: approved
    in the old suite before the migration (Budgetplafond.verbruik_vooraf_cent), counted as approved."""
    goedgekeurd = sum(goedgekeurd_per_maand.values()) + vooraf_cent
    verbruik = goedgekeurd + in_behandeling_cent
    if peildatum.year < jaar:
        resterende_maanden: list[int] = list(range(1, 13))
    elif peildatum.year > jaar:
        resterende_maanden = []
    else:
        resterende_maanden = list(range(peildatum.month, 13))
    if lopende_aanspraak_per_maand is not None:
        extra = sum(lopende_aanspraak_per_maand.get(m, 0) for m in resterende_maanden)
        methode = "lopende toewijzingen x hun maandaanspraak voor de resterende maanden"
    else:
        laatste = [m for m in range(peildatum.month - 3, peildatum.month) if m >= 1] if peildatum.year == jaar else []
        tempo = deel_half_op(sum(goedgekeurd_per_maand.get(m, 0) for m in laatste), len(laatste)) if laatste else 0
        extra = tempo * len(resterende_maanden)
        methode = f"gemiddelde van de laatste {len(laatste)} volle maand(en) ({format_euro(tempo)} per maand)"
    prognose = verbruik + extra
    signaal = signaalniveau(verbruik, plafond_cent)
    return Plafondstand(
        jaar=jaar,
        plafond_cent=plafond_cent,
        goedgekeurd_cent=goedgekeurd,
        in_behandeling_cent=in_behandeling_cent,
        prognose_cent=prognose,
        prognose_methode=methode,
        signaal=signaal,
        signaal_prognose=signaalniveau(prognose, plafond_cent),
        regeltekst=PLAFONDREGEL_TEKST.get(plafondregel, PLAFONDREGEL_TEKST[""]) if signaal == 100 else None,
    )


def betaalbaar_binnen_plafond(bedrag_cent: int, *, verbruik_cent: int, plafond_cent: int, plafondregel: str) -> int:
    """How much of a new approved amount may be paid under the region's rule. Only 'niet_betalen' and 'overleg'
    cut at the ceiling (the excess is not paid now); the other rules pay in full."""
    if plafondregel in AANHOUDENDE_REGELS:
        return max(0, min(bedrag_cent, plafond_cent - verbruik_cent))
    return bedrag_cent


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Plafondsplitsing(Generic[K]):
    mee: list[K]  # in the order given
    aangehouden: list[K]


def splits_op_plafond(
    posten: Sequence[tuple[K, int]],
    *,
    reeds_cent: int,
    plafond_cent: int,
    plafondregel: str,
    altijd: Collection[K] = (),
) -> Plafondsplitsing[K]:
    """Which open approved amounts of one provider, segment and year go into a payment batch, and which are held
    above the ceiling. `posten` are (key, signed amount) in order of receipt; `reeds_cent` is what is already in
    payment batches for this ceiling.

    Credits (negative) always go, and so do the keys in `altijd` (a debet whose credit is also open: together
    they net out); they are counted first, since they lower the consumption. Then the debets in order, each
    whole, while the total stays within the ceiling (`betaalbaar_binnen_plafond` pays it in full). The first debet
    that does not fit is held and so is every later one: first in, first out, a later small amount does not
    overtake an earlier held one. Under a rule that does not hold (`AANHOUDENDE_REGELS`) everything goes."""
    mee_set = {k for k, b in posten if b < 0 or k in altijd}
    stand = reeds_cent + sum(b for k, b in posten if k in mee_set)
    aangehouden: list[K] = []
    for k, bedrag in posten:
        if k in mee_set:
            continue
        past = not aangehouden and (
            betaalbaar_binnen_plafond(bedrag, verbruik_cent=stand, plafond_cent=plafond_cent, plafondregel=plafondregel)
            == bedrag
        )
        if past:
            stand += bedrag
            mee_set.add(k)
        else:
            aangehouden.append(k)
    return Plafondsplitsing(mee=[k for k, _ in posten if k in mee_set], aangehouden=aangehouden)
