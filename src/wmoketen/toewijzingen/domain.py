"""Pure rules of assignments (no database): which form a 301 product takes per funding model, overlap
(stapeling, TR302) and which changes may be made in place (OP033x1/OP257)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wmoketen.catalogus.constants import Bekostigingsmodel, Eenheid, Frequentie

from .constants import HULPMIDDELEN_CATEGORIEEN, RedenWijziging


class Vorm(StrEnum):
    OMVANG = "omvang"  # Product with code + Omvang (Volume/Eenheid/Frequentie)
    BUDGET = "budget"  # Product with category only + Budget (aspecifiek met budget)
    GEEN = "geen"  # Product with category only, no volume (aspecifiek zonder budget)
    GEEN_301 = "geen_301"  # taakgericht: no client-level toewijzing at all


@dataclass(frozen=True)
class Toewijzingsvorm:
    vorm: Vorm
    met_productcode: bool
    eenheid: str = ""
    frequentie: str = ""
    einddatum_verplicht: bool = False


def toewijzingsvorm(*, model: str | None, eenheid: str = "", frequentie: str = "") -> Toewijzingsvorm:
    """The 301 matrix of the digest (5.1) per funding model of the catalogue."""
    if model == Bekostigingsmodel.TAAKGERICHT:
        return Toewijzingsvorm(Vorm.GEEN_301, met_productcode=False)
    if model == Bekostigingsmodel.BUDGET:
        return Toewijzingsvorm(Vorm.BUDGET, met_productcode=False, einddatum_verplicht=True)  # CD075, CD080
    if model == Bekostigingsmodel.TRAJECT:  # outputgericht traject: an amount in euros for the whole period
        return Toewijzingsvorm(
            Vorm.OMVANG, True, eenheid=Eenheid.EUROS, frequentie=Frequentie.TOTAAL, einddatum_verplicht=True
        )
    if model is None or not eenheid:
        return Toewijzingsvorm(Vorm.GEEN, met_productcode=False)
    frequentie = frequentie or Frequentie.TOTAAL
    return Toewijzingsvorm(
        Vorm.OMVANG, True, eenheid=eenheid, frequentie=frequentie, einddatum_verplicht=frequentie == Frequentie.PER_WEEK
    )


def overlapt(a_van: date, a_tot: date | None, b_van: date, b_tot: date | None) -> bool:
    """Closed periods; an open end runs forever."""
    return (b_tot is None or a_van <= b_tot) and (a_tot is None or b_van <= a_tot)


def stapeling_toegestaan(categorie: str) -> bool:
    """Hulpmiddelen (categories 11-14) may overlap; any other product may not (TR302)."""
    return categorie in HULPMIDDELEN_CATEGORIEEN


def is_verwijderd(*, reden_wijziging: str, ingangsdatum: date, einddatum: date | None) -> bool:
    return reden_wijziging == RedenWijziging.VERWIJDERD and einddatum == ingangsdatum


IN_PLACE_VELDEN = frozenset({"einddatum", "volume", "budget_cent"})


def in_place_fout(*, velden: set[str], frequentie: str) -> str | None:
    """None when the change may be made on the existing toewijzing, else a Dutch reason (OP033x1, OP257)."""
    anders = velden - IN_PLACE_VELDEN
    if anders:
        return (
            f"Wijzigen van {', '.join(sorted(anders))} kan niet op de bestaande toewijzing: beëindig die en geef "
            "een nieuwe toewijzing uit."
        )
    if "volume" in velden and frequentie != Frequentie.TOTAAL:
        return (
            "Het volume mag alleen op de bestaande toewijzing wijzigen bij frequentie 6 (totaal binnen de "
            "geldigheidsduur); beëindig deze toewijzing en geef een nieuwe uit."
        )
    return None
