"""Writes of the catalogue. Regions are loaded from their files (contracten.services.regio_laden)."""

from __future__ import annotations

from .constants import LEEFGEBIEDEN
from .models import Leefgebied


def leefgebieden_vastleggen() -> int:
    """Make sure the eleven national life domains exist (migration 0002 seeds them; a test flush removes them).
    Returns how many were added."""
    bestaand = set(Leefgebied.objects.values_list("code", flat=True))
    nieuw = [
        Leefgebied(code=code, naam=naam, volgorde=volgorde)
        for volgorde, (code, naam) in enumerate(LEEFGEBIEDEN, start=1)
        if code not in bestaand
    ]
    Leefgebied.objects.bulk_create(nieuw)
    return len(nieuw)
