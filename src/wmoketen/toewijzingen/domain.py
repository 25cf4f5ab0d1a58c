"""Pure rules of assignments (no database): which form a 301 product takes per funding model, overlap
(stapeling, TR302) and which changes may be made in place (OP033x1/OP257)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from wmoketen.catalogus.constants import Bekostigingsmodel, Eenheid, Frequentie

from .constants import HULPMIDDELEN_CATEGORIEEN, RedenBeeindiging, RedenWijziging


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


# RedenWijziging of a deleted assignment: 13, and 01 (administratieve correctie) that meant the same before iWmo 3.1
# (CS336 forbids it in a new 301; the import refuses it, so no stored assignment carries it).
VERWIJDERD_REDENEN = frozenset({RedenWijziging.VERWIJDERD.value, "01"})


def is_verwijderd(*, reden_wijziging: str, ingangsdatum: date, einddatum: date | None) -> bool:
    """The one definition of a deleted assignment (TR349's explanation, CS335): RedenWijziging 13 (or the old 01)
    with Einddatum = Ingangsdatum; it never existed. `models.verwijderd_q` says the same in SQL."""
    return reden_wijziging in VERWIJDERD_REDENEN and einddatum == ingangsdatum


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


# Start and stop (305/307). The message services and the archive import ask the same questions of the same facts.

TR326 = "Er is nog een actuele start voor deze toewijzing; eerst moet een stop volgen (TR326)."
TR382 = "Er is geen start met deze sleutel (ToewijzingNummer, Begindatum) (TR382)."
TR071 = "Deze start kan niet verwijderd worden: de levering is al gestopt (TR071)."
TR063 = "Er is geen eerdere stop met deze sleutel om te verwijderen (TR063)."


def start_fout(*, open_starts_zonder_stop: int) -> str | None:
    """A new start while an earlier start of the same assignment has no (remaining) stop is refused (TR326)."""
    return TR326 if open_starts_zonder_stop else None


def stop_fout(*, eerdere: list[tuple[str, date]], reden_beeindiging: str, einddatum: date) -> str | None:
    """`eerdere`: the (reden, einddatum) of the start's stops that were not deleted. After a temporary stop (20)
    only a definitive stop with the same or a later Einddatum (TR413, TR414); after a definitive one nothing
    (TR415)."""
    tijdelijk = RedenBeeindiging.TIJDELIJK.value
    if any(reden != tijdelijk for reden, _ in eerdere):
        return "Deze levering is al definitief gestopt (TR415)."
    if eerdere and reden_beeindiging == tijdelijk:
        return "Er is al een tijdelijke stop; nu mag alleen een definitieve stop volgen (TR413)."
    if any(einddatum < eind for _, eind in eerdere):
        return "De einddatum ligt vóór die van de tijdelijke stop (TR414)."
    return None
