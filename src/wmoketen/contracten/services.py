"""Writes of the contracten app."""

from __future__ import annotations

from pathlib import Path

from .regiobestand.laden import Laadverslag, laad_regiobestand
from .regiobestand.lezen import lees_regiobestand


def regio_laden(*, pad: Path | str) -> Laadverslag:
    """Load a region file (catalogue and contracts) as a whole. Raises RegiobestandFout; then nothing changed."""
    return laad_regiobestand(lees_regiobestand(pad))
