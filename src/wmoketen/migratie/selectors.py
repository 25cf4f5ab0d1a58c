"""Reads for the migration page: the report of an import as tables (the same counts as `rapport.rapport_md`, for
HTML: gemeenten and providers by name, amounts in euros), and what the page of one import needs to decide whether
the current beheerder may start its real run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmoketen.accounts.models import Gebruiker
from wmoketen.taken.models import Taak

from .aanlevering import bronnaam, taak_van, vier_ogen_fout
from .constants import Soort, Status, Uitkomst
from .models import Afwijzing, Migratie
from .rapport import SOORTEN, geldvergelijking
from .verslag import GELD

MAX_AFWIJZINGEN_OP_PAGINA = 500


@dataclass(frozen=True)
class Per:
    """Counts per gemeente or provider: the columns (labels) and per code the numbers in that order."""

    kolommen: list[str]
    rijen: list[tuple[str, list[int]]]


def _per(tellingen: dict[str, dict[str, int]]) -> Per:
    soorten = [s for s in SOORTEN if any(s in t for t in tellingen.values())]
    return Per([SOORTEN[s] for s in soorten], [(code, [t.get(s, 0) for s in soorten]) for code, t in tellingen.items()])


@dataclass(frozen=True)
class Importrapport:
    migratie: Migratie
    bron: str
    uitkomst_kolommen: list[str]
    uitkomsten: list[tuple[str, list[int]]]
    soorten: list[tuple[str, int]]
    per_gemeente: Per
    per_aanbieder: Per
    geld: list[dict[str, Any]]
    heeft_oud: bool
    verschillen: list[dict[str, Any]]
    verschillen_325: list[dict[str, Any]]
    waarschuwingen: list[str]
    afwijzingen: list[Afwijzing]
    aantal_afwijzingen: int
    geld_soorten: tuple[str, ...] = field(default=GELD)


def importrapport(migratie: Migratie) -> Importrapport:
    t = migratie.tellingen
    labels = dict(Uitkomst.choices)
    uitkomsten = t.get("uitkomsten", {})
    kolommen = [u for u in Uitkomst.values if any(u in v for v in uitkomsten.values())]
    geld = [
        {
            "aanbieder": r["aanbieder"],
            "maand": r["maand"],
            "bedragen": [(r[s], r[f"{s}_oud"], r[f"{s}_verschil"]) for s in GELD],
        }
        for r in geldvergelijking(migratie)
    ]
    verschillen = [
        {"aanbieder": r["aanbieder"], "maand": r["maand"], "soort": soort, "verschil": verschil}
        for r in geld
        for soort, (_, _, verschil) in zip(GELD, r["bedragen"], strict=True)
        if verschil
    ]
    return Importrapport(
        migratie=migratie,
        bron=bronnaam(migratie),
        uitkomst_kolommen=[labels[u] for u in kolommen],
        uitkomsten=[(s, [v.get(u, 0) for u in kolommen]) for s, v in uitkomsten.items()],
        soorten=[(SOORTEN.get(s, s), n) for s, n in t.get("soorten", {}).items()],
        per_gemeente=_per(t.get("per_gemeente", {})),
        per_aanbieder=_per(t.get("per_aanbieder", {})),
        geld=geld,
        heeft_oud=bool(migratie.totalen_oud.get("bedragen")),
        verschillen=verschillen,
        verschillen_325=t.get("verschillen_325", []),
        waarschuwingen=t.get("waarschuwingen", []) + migratie.totalen_oud.get("fouten", []),
        afwijzingen=list(migratie.afwijzingen.order_by("volgnummer")[:MAX_AFWIJZINGEN_OP_PAGINA]),
        aantal_afwijzingen=migratie.afwijzingen.count(),
    )


@dataclass(frozen=True)
class Importpagina:
    rapport: Importrapport | None
    taak: Taak | None
    uitvoering: Migratie | None  # the real run of this dry run's source, if there is one
    mag_starten: bool
    vier_ogen: str | None
    fout: str  # the failure, without the server's folder of the upload


def importpagina(*, migratie: Migratie, gebruiker: Gebruiker) -> Importpagina:
    """The report (once the dry run or run is finished), its task, and whether `gebruiker` may start the real run."""
    klaar = migratie.status == Status.KLAAR
    uitvoering = None
    if migratie.proef and migratie.vingerafdruk:
        uitvoering = Migratie.objects.filter(
            soort=Soort.IMPORT, proef=False, regio=migratie.regio, vingerafdruk=migratie.vingerafdruk
        ).first()
    vier_ogen = vier_ogen_fout(proef=migratie, door=gebruiker) if migratie.proef else None
    mag_starten = (
        migratie.proef
        and klaar
        and vier_ogen is None
        and not (uitvoering is not None and uitvoering.status == Status.KLAAR)
    )
    return Importpagina(
        rapport=importrapport(migratie) if klaar else None,
        taak=taak_van(migratie),
        uitvoering=uitvoering,
        mag_starten=bool(mag_starten),
        vier_ogen=vier_ogen,
        fout=migratie.fout.replace(f"{Path(migratie.bron).parent}/", ""),
    )
