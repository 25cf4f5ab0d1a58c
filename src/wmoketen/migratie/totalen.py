"""The old suite's totals per provider per month (the file totalen.csv or .xlsx), for the reconciliation."""

from __future__ import annotations

from typing import Any

from .sjablonen.definities import TOTALEN
from .sjablonen.lezen import CelFout, lees_rij, rijen
from .verslag import GELD


def lees_totalen(data: bytes, pad: str) -> dict[str, Any]:
    """{"bedragen": {agb: {maand: {gedeclareerd, goedgekeurd, betaald}}}, "fouten": [...]} (cents; a missing
    amount is not compared)."""
    bedragen: dict[str, dict[str, dict[str, int]]] = {}
    fouten: list[str] = []
    try:
        for nummer, ruw in rijen(data, pad):
            gegevens, rij_fouten = lees_rij(TOTALEN, ruw)
            if rij_fouten:
                fouten.append(f"{pad} regel {nummer}: {'; '.join(rij_fouten)}.")
                continue
            maand = bedragen.setdefault(gegevens["aanbieder"], {}).setdefault(gegevens["maand"], {})
            for soort in GELD:
                if soort in gegevens:
                    maand[soort] = maand.get(soort, 0) + gegevens[soort]
    except CelFout as exc:
        fouten.append(str(exc))
    return {"bestand": pad, "bedragen": bedragen, "fouten": fouten}
