"""Pure statistics for monitoring: percentiles, summaries, box plots with Tukey outliers, small-count suppression.

No database. Percentiles use linear interpolation between closest ranks, exactly as PostgreSQL's
`percentile_cont`, so the SQL path and the Python fallback give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DREMPEL = 5
"""Cells about fewer than this many clients are suppressed (shown as "< 5"), in pages, charts and exports."""

ONDERDRUKT = f"< {DREMPEL}"

PERCENTIELEN = (0.10, 0.25, 0.50, 0.75, 0.90)

TUKEY_FACTOR = 1.5


def percentiel(waarden: Sequence[float], p: float) -> float:
    """The p-th percentile (0 <= p <= 1) of the values, interpolated linearly (PostgreSQL percentile_cont)."""
    if not waarden:
        raise ValueError("percentiel van een lege reeks")
    if not 0 <= p <= 1:
        raise ValueError("p ligt tussen 0 en 1")
    s = sorted(waarden)
    positie = p * (len(s) - 1)
    onder = math.floor(positie)
    boven = math.ceil(positie)
    if onder == boven:
        return float(s[onder])
    return s[onder] + (s[boven] - s[onder]) * (positie - onder)


@dataclass(frozen=True)
class Samenvatting:
    """The distribution of one figure (for example cost per client in cents) over n units (clients)."""

    n: int
    gemiddelde: float
    minimum: float
    p10: float
    p25: float
    mediaan: float
    p75: float
    p90: float
    maximum: float
    standaardafwijking: float

    @property
    def iqr(self) -> float:
        return self.p75 - self.p25

    @property
    def onderdrukt(self) -> bool:
        return is_onderdrukt(self.n)


def samenvatting(waarden: Sequence[float]) -> Samenvatting | None:
    """Summary statistics; None for no values. Standard deviation is the population one (PostgreSQL stddev_pop)."""
    if not waarden:
        return None
    n = len(waarden)
    gem = sum(waarden) / n
    variantie = sum((w - gem) ** 2 for w in waarden) / n
    p10, p25, p50, p75, p90 = (percentiel(waarden, p) for p in PERCENTIELEN)
    return Samenvatting(
        n=n,
        gemiddelde=gem,
        minimum=float(min(waarden)),
        p10=p10,
        p25=p25,
        mediaan=p50,
        p75=p75,
        p90=p90,
        maximum=float(max(waarden)),
        standaardafwijking=math.sqrt(variantie),
    )


@dataclass(frozen=True)
class Boxplot:
    """Tukey box plot: box p25..p75 with the median, whiskers to the furthest values within 1.5 IQR, outliers."""

    label: str
    p25: float
    mediaan: float
    p75: float
    onder_snor: float
    boven_snor: float
    uitschieters: tuple[float, ...]

    @property
    def ondergrens(self) -> float:
        return self.p25 - TUKEY_FACTOR * (self.p75 - self.p25)

    @property
    def bovengrens(self) -> float:
        return self.p75 + TUKEY_FACTOR * (self.p75 - self.p25)


def tukey_grenzen(waarden: Sequence[float]) -> tuple[float, float]:
    """The fences p25 - 1.5 IQR and p75 + 1.5 IQR; a value outside them is an outlier."""
    p25, p75 = percentiel(waarden, 0.25), percentiel(waarden, 0.75)
    iqr = p75 - p25
    return p25 - TUKEY_FACTOR * iqr, p75 + TUKEY_FACTOR * iqr


def is_uitschieter(waarde: float, waarden: Sequence[float]) -> bool:
    onder, boven = tukey_grenzen(waarden)
    return waarde < onder or waarde > boven


def boxplot(label: str, waarden: Sequence[float]) -> Boxplot:
    if not waarden:
        raise ValueError("boxplot van een lege reeks")
    onder, boven = tukey_grenzen(waarden)
    binnen = [w for w in waarden if onder <= w <= boven]
    return Boxplot(
        label=label,
        p25=percentiel(waarden, 0.25),
        mediaan=percentiel(waarden, 0.5),
        p75=percentiel(waarden, 0.75),
        onder_snor=float(min(binnen)),
        boven_snor=float(max(binnen)),
        uitschieters=tuple(sorted(float(w) for w in waarden if w < onder or w > boven)),
    )


def is_onderdrukt(aantal_clienten: int | None) -> bool:
    """A cell about 1..4 clients is suppressed; 0 is shown (nobody can be recognised in an empty cell)."""
    return aantal_clienten is not None and 0 < aantal_clienten < DREMPEL


def toon_aantal(aantal_clienten: int | None) -> str:
    """The count as shown to anyone: '< 5' for a small cell."""
    if aantal_clienten is None:
        return "–"
    return ONDERDRUKT if is_onderdrukt(aantal_clienten) else str(aantal_clienten)


def aandeel(teller: int, noemer: int) -> float | None:
    """teller / noemer as a fraction, None when there is nothing to divide by."""
    return teller / noemer if noemer else None


def procent(fractie: float | None) -> str:
    """0.8125 -> '81,3%' (Dutch decimal comma), None -> '–'."""
    if fractie is None:
        return "–"
    tiende = Decimal(repr(fractie)) * 100
    return f"{tiende.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%".replace(".", ",")


def afronden_cent(waarde: float) -> int:
    """A mean or percentile of cents back to whole cents, half away from zero."""
    return int(math.copysign(math.floor(abs(waarde) + 0.5), waarde))
