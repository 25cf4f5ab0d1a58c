"""WMO319 Antwoordbericht (answer on a VOT/VOW) and its retour WMO320."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..soorten import BerichtSoort
from ..xmlmap import Berichtklasse, retourcodes
from .basis import Header


@dataclass(frozen=True, slots=True, kw_only=True)
class Antwoord(Berichtklasse):
    referentie_aanbieder: str
    verzoek_antwoord: str
    reden_afwijzing_verzoek: str | None = None
    retour_codes: tuple[str, ...] = retourcodes()


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo319(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO319
    header: Header
    antwoord: Antwoord


@dataclass(frozen=True, slots=True, kw_only=True)
class Wmo320(Berichtklasse):
    SOORT: ClassVar[BerichtSoort] = BerichtSoort.WMO320
    header: Header
    antwoord: Antwoord | None = None
