"""Pure catalogue rules (no database): funding models and how they map onto iWmo, and period arithmetic."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .constants import Bekostigingsmodel, Eenheid, Frequentie, Uitvoeringsvariant

VARIANT_VAN_MODEL: dict[str, Uitvoeringsvariant] = {
    Bekostigingsmodel.PXQ: Uitvoeringsvariant.INSPANNINGSGERICHT,
    Bekostigingsmodel.ETMAAL: Uitvoeringsvariant.INSPANNINGSGERICHT,
    Bekostigingsmodel.BUDGET: Uitvoeringsvariant.INSPANNINGSGERICHT,
    Bekostigingsmodel.TRAJECT: Uitvoeringsvariant.OUTPUTGERICHT,
    Bekostigingsmodel.PROFIEL: Uitvoeringsvariant.OUTPUTGERICHT,
    Bekostigingsmodel.TAAKGERICHT: Uitvoeringsvariant.TAAKGERICHT,
}

# Which units (by their readable name in region files) each model allows; the first is the default.
EENHEDEN_VAN_MODEL: dict[str, tuple[str, ...]] = {
    Bekostigingsmodel.PXQ: ("uur", "minuut", "dagdeel", "stuks"),
    Bekostigingsmodel.ETMAAL: ("etmaal",),
    Bekostigingsmodel.BUDGET: ("uur", "minuut", "dagdeel", "etmaal", "stuks"),
    Bekostigingsmodel.TRAJECT: ("euro",),
    Bekostigingsmodel.PROFIEL: ("euro", "stuks"),
    Bekostigingsmodel.TAAKGERICHT: (),
}

STANDAARD_FREQUENTIE: dict[str, str | None] = {
    Bekostigingsmodel.PXQ: "per_week",
    Bekostigingsmodel.ETMAAL: "per_maand",
    Bekostigingsmodel.BUDGET: "totaal",
    Bekostigingsmodel.TRAJECT: "totaal",
    Bekostigingsmodel.PROFIEL: "per_maand",
    Bekostigingsmodel.TAAKGERICHT: None,
}

FREQUENTIE_CODES: dict[str, Frequentie] = {
    "per_dag": Frequentie.PER_DAG,
    "per_week": Frequentie.PER_WEEK,
    "per_maand": Frequentie.PER_MAAND,
    "totaal": Frequentie.TOTAAL,
}


def eenheid_code(naam: str, variant: str) -> Eenheid:
    """Readable unit name -> iWmo code (WJ756). 'stuks' is 84 for inspanning and 82 for output."""
    if naam == "stuks":
        return Eenheid.STUKS_OUTPUT if variant == Uitvoeringsvariant.OUTPUTGERICHT else Eenheid.STUKS_INSPANNING
    return {
        "minuut": Eenheid.MINUUT,
        "uur": Eenheid.UUR,
        "dagdeel": Eenheid.DAGDEEL,
        "etmaal": Eenheid.ETMAAL,
        "euro": Eenheid.EUROS,
    }[naam]


def controleer_bekostiging(
    *, model: str, eenheid: str | None, frequentie: str | None, maximum_budget_cent: int | None
) -> list[tuple[str, str]]:
    """Check one funding row; returns (field, Dutch message) pairs. Mirrors the iWmo 301 matrix (digest 5.1)."""
    fouten: list[tuple[str, str]] = []
    toegestaan = EENHEDEN_VAN_MODEL[model]
    if model == Bekostigingsmodel.TAAKGERICHT:
        if eenheid or frequentie:
            fouten.append(("eenheid", "taakgericht kent geen eenheid of frequentie: er is geen toewijzing per cliënt"))
    elif eenheid is not None and eenheid not in toegestaan:
        fouten.append(
            (
                "eenheid",
                f"eenheid {eenheid!r} past niet bij bekostiging {model!r}; toegestaan: {', '.join(toegestaan)}",
            )
        )
    gekozen = eenheid or (toegestaan[0] if toegestaan else None)
    if frequentie == "per_dag" and gekozen in {"dagdeel", "etmaal", "stuks"}:
        fouten.append(("frequentie", f"per dag kan niet bij eenheid {gekozen} (iWmo CS338)"))
    if frequentie == "per_dag" and gekozen == "euro":
        fouten.append(("frequentie", "een bedrag in euro's kent geen frequentie per dag"))
    if model == Bekostigingsmodel.TRAJECT and frequentie not in {None, "totaal"}:
        fouten.append(("frequentie", "een trajectprijs geldt voor het hele traject (frequentie totaal)"))
    if model == Bekostigingsmodel.BUDGET and maximum_budget_cent is None:
        fouten.append(("maximum_budget_cent", "bekostiging budget vraagt een maximumbudget per cliënt"))
    if model != Bekostigingsmodel.BUDGET and maximum_budget_cent is not None:
        fouten.append(("maximum_budget_cent", "een maximumbudget per cliënt hoort alleen bij bekostiging budget"))
    return fouten


def overlappende_perioden(perioden: Sequence[tuple[date, date | None]]) -> list[tuple[int, int]]:
    """Index pairs (i, j), i < j, whose inclusive periods overlap; an open end runs forever."""
    paren = []
    for i, (van_a, tot_a) in enumerate(perioden):
        for j in range(i + 1, len(perioden)):
            van_b, tot_b = perioden[j]
            if (tot_b is None or van_a <= tot_b) and (tot_a is None or van_b <= tot_a):
                paren.append((i, j))
    return paren
