"""A KPI result as a table: typed columns, raw rows, and one place that formats and suppresses a cell.

Suppression (docs/monitoring.md): a column of kind CLIENTEN is a count of clients and shows "< 5" for 1..4. Every
figure derived from the clients of a row (mean, percentiles, shares) is hidden when the row's base count
(`basis`) is 1..4. Pages, charts and exports all go through `cel`/`exportwaarde`, so none can leak a small count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from wmoketen.core.money import format_euro

from .domain import ONDERDRUKT, afronden_cent, is_onderdrukt, procent


class Soort(StrEnum):
    TEKST = "tekst"
    CLIENTEN = "clienten"  # a count of clients: suppressed itself when small
    AANTAL = "aantal"  # a count of things (declaration lines, evaluations): hidden when the row's base is small
    EURO = "euro"  # cents
    PROCENT = "procent"  # fraction 0..1
    DAGEN = "dagen"
    GETAL = "getal"


@dataclass(frozen=True)
class Kolom:
    sleutel: str
    titel: str
    soort: Soort = Soort.TEKST


@dataclass
class Tabel:
    code: str
    titel: str
    kolommen: tuple[Kolom, ...]
    rijen: list[dict[str, Any]] = field(default_factory=list)
    basis: str | None = None  # the CLIENTEN column that decides suppression of the derived figures in a row

    def rij_onderdrukt(self, rij: dict[str, Any]) -> bool:
        return self.basis is not None and is_onderdrukt(rij.get(self.basis))

    def cel_onderdrukt(self, rij: dict[str, Any], kolom: Kolom) -> bool:
        if kolom.soort == Soort.TEKST:
            return False
        if kolom.soort == Soort.CLIENTEN:
            return is_onderdrukt(rij.get(kolom.sleutel))
        return self.rij_onderdrukt(rij) and rij.get(kolom.sleutel) is not None

    def cel(self, rij: dict[str, Any], kolom: Kolom) -> str:
        """The cell as shown on a page or in a CSV."""
        if self.cel_onderdrukt(rij, kolom):
            return ONDERDRUKT
        return formatteer(rij.get(kolom.sleutel), kolom.soort)

    def exportwaarde(self, rij: dict[str, Any], kolom: Kolom) -> str | int | float | Decimal | None:
        """The cell for a spreadsheet: a number where possible, '< 5' where suppressed."""
        if self.cel_onderdrukt(rij, kolom):
            return ONDERDRUKT
        waarde = rij.get(kolom.sleutel)
        if waarde is None:
            return None
        if kolom.soort == Soort.EURO:
            return Decimal(afronden_cent(waarde)) / 100
        if kolom.soort == Soort.PROCENT:
            return round(float(waarde), 4)
        if kolom.soort in (Soort.DAGEN, Soort.GETAL):
            return round(float(waarde), 1)
        return waarde

    def weergave(self) -> Iterator[list[tuple[Kolom, str, bool]]]:
        """Rows as (column, text, suppressed) for a template."""
        for rij in self.rijen:
            yield [(k, self.cel(rij, k), self.cel_onderdrukt(rij, k)) for k in self.kolommen]

    def rij_voor(self, sleutel: str, waarde: object) -> dict[str, Any] | None:
        return next((r for r in self.rijen if r.get(sleutel) == waarde), None)


def formatteer(waarde: Any, soort: Soort) -> str:
    if waarde is None:
        return "–"
    if soort == Soort.EURO:
        return format_euro(afronden_cent(waarde))
    if soort == Soort.PROCENT:
        return procent(waarde)
    if soort == Soort.DAGEN:
        return f"{waarde:.1f}".replace(".", ",") if isinstance(waarde, float) else str(waarde)
    if soort == Soort.GETAL:
        return f"{waarde:.2f}".replace(".", ",") if isinstance(waarde, float) else str(waarde)
    return str(waarde)
