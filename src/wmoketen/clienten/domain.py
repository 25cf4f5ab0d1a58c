"""Pure checks of client data (no database): impossible dates, and whether a postcode lies in a municipality
where the region has said which 4-digit postcode areas belong to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

POSTCODE = re.compile(r"^[1-9]\d{3}[A-Z]{2}$")
OUDSTE_GEBOORTEJAAR = 1890


def normaliseer_postcode(postcode: str) -> str:
    return postcode.replace(" ", "").upper()


def datums_controleren(*, geboortedatum: date | None, overleden_op: date | None, vandaag: date) -> list[str]:
    """Dates that cannot be true, in Dutch."""
    fouten = []
    if geboortedatum is not None:
        if geboortedatum > vandaag:
            fouten.append(f"De geboortedatum ({geboortedatum:%d-%m-%Y}) ligt in de toekomst.")
        elif geboortedatum.year < OUDSTE_GEBOORTEJAAR:
            fouten.append(f"De geboortedatum ({geboortedatum:%d-%m-%Y}) kan niet kloppen.")
    if overleden_op is not None:
        if overleden_op > vandaag:
            fouten.append(f"De datum van overlijden ({overleden_op:%d-%m-%Y}) ligt in de toekomst.")
        if geboortedatum is not None and overleden_op < geboortedatum:
            fouten.append("De datum van overlijden ligt vóór de geboortedatum.")
    return fouten


@dataclass(frozen=True)
class Postcodegebied:
    cbs_code: str
    van: int  # first 4-digit postcode (PC4) of the range
    tot: int


def gemeente_van_postcode(postcode: str, gebieden: Iterable[Postcodegebied]) -> str | None:
    """The municipality whose PC4 range holds this postcode, or None when no range says (no data at hand)."""
    postcode = normaliseer_postcode(postcode)
    if not POSTCODE.match(postcode):
        return None
    pc4 = int(postcode[:4])
    return next((g.cbs_code for g in gebieden if g.van <= pc4 <= g.tot), None)
