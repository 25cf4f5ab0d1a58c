"""The report of an import as Markdown (kept on the Migratie, shown on its page, put in docs for the example):
what was found and taken over per kind, municipality and provider; money per provider per month next to the old
suite's totals, with every difference; warnings; and the refusals (all of them in the CSV download)."""

from __future__ import annotations

from typing import Any

from wmoketen.core.money import format_euro

from .constants import Uitkomst
from .models import Migratie
from .verslag import GELD

MAX_AFWIJZINGEN = 200
SOORTEN = {
    "clienten": "cliënten",
    "toewijzingen": "toewijzingen",
    "toewijzingsversies": "versies van toewijzingen",
    "starts": "starts",
    "stops": "stops",
    "verzoeken": "verzoeken (315/317)",
    "declaraties": "declaraties",
    "prestaties_goedgekeurd": "prestaties goedgekeurd",
    "prestaties_afgewezen": "prestaties afgewezen",
    "berichten": "berichten bewaard",
    "beschikkingen": "beschikkingen",
    "meldingen": "lopende meldingen",
    "evaluaties": "geplande evaluaties",
    "budgetplafonds": "budgetplafonds met verbruik",
    "betalingen": "betaalde declaraties",
}


def _tabel(kop: list[str], rijen: list[list[str]]) -> list[str]:
    if not rijen:
        return ["(geen)", ""]
    regels = ["| " + " | ".join(kop) + " |", "|" + "|".join("---" for _ in kop) + "|"]
    regels += ["| " + " | ".join(r) + " |" for r in rijen]
    return [*regels, ""]


def _per(tellingen: dict[str, dict[str, int]], wie: str) -> list[str]:
    soorten = [s for s in SOORTEN if any(s in t for t in tellingen.values())]
    rijen = [[code] + [str(t.get(s, 0)) for s in soorten] for code, t in tellingen.items()]
    return _tabel([wie, *(SOORTEN[s] for s in soorten)], rijen)


def geldvergelijking(migratie: Migratie) -> list[dict[str, Any]]:
    """Per provider per month: the amounts taken over next to the old suite's, and the differences."""
    eigen: dict[str, dict[str, dict[str, int]]] = migratie.tellingen.get("geld", {})
    oud: dict[str, dict[str, dict[str, int]]] = migratie.totalen_oud.get("bedragen", {})
    regels = []
    for agb in sorted(set(eigen) | set(oud)):
        for maand in sorted(set(eigen.get(agb, {})) | set(oud.get(agb, {}))):
            hier = eigen.get(agb, {}).get(maand, {})
            daar = oud.get(agb, {}).get(maand, {})
            regel: dict[str, Any] = {"aanbieder": agb, "maand": maand}
            for soort in GELD:
                regel[soort] = hier.get(soort, 0)
                regel[f"{soort}_oud"] = daar.get(soort)
                regel[f"{soort}_verschil"] = None if daar.get(soort) is None else hier.get(soort, 0) - daar[soort]
            regels.append(regel)
    return regels


def rapport_md(migratie: Migratie) -> str:
    t = migratie.tellingen
    wat = "Proefdraai (er is niets gewijzigd)" if migratie.proef else "Uitvoering"
    regels = [
        f"# {wat}: import in regio {migratie.regio.naam}",
        "",
        f"* Bron: `{migratie.bron}`",
        f"* Vingerafdruk van de bron (SHA-256): `{migratie.vingerafdruk}`",
        f"* Eenheden (berichten en sjabloonregels): {migratie.totaal}, verwerkt: {migratie.verwerkt}",
        f"* Afwijzingen: {migratie.afwijzingen.count()}",
        "",
        "## Berichten en sjabloonregels per soort",
        "",
    ]
    labels = dict(Uitkomst.choices)
    uitkomsten = t.get("uitkomsten", {})
    kolommen = [u for u in Uitkomst.values if any(u in v for v in uitkomsten.values())]
    regels += _tabel(
        ["soort", *(labels[u] for u in kolommen)],
        [[s, *(str(v.get(u, 0)) for u in kolommen)] for s, v in uitkomsten.items()],
    )
    regels += ["## Overgenomen", ""]
    regels += _tabel(["soort", "aantal"], [[SOORTEN.get(s, s), str(n)] for s, n in t.get("soorten", {}).items()])
    regels += ["### Per gemeente", "", *_per(t.get("per_gemeente", {}), "gemeente")]
    regels += ["### Per aanbieder", "", *_per(t.get("per_aanbieder", {}), "aanbieder")]
    regels += _geld(migratie)
    verschillen = t.get("verschillen_325", [])
    if verschillen:
        regels += ["## Declaraties waarvan de 325 een ander totaal noemt", ""]
        regels += _tabel(
            ["bestand", "aanbieder", "declaratie", "goedgekeurd (prestaties)", "volgens de 325"],
            [
                [v["bestand"], v["aanbieder"], v["declaratie"], format_euro(v["goedgekeurd_cent"]),
                 format_euro(v["volgens_325_cent"])]
                for v in verschillen
            ],
        )  # fmt: skip
    waarschuwingen = t.get("waarschuwingen", []) + migratie.totalen_oud.get("fouten", [])
    if waarschuwingen:
        regels += ["## Waarschuwingen", ""] + [f"* {w}" for w in waarschuwingen] + [""]
    regels += _afwijzingen(migratie)
    return "\n".join(regels)


def _geld(migratie: Migratie) -> list[str]:
    vergelijking = geldvergelijking(migratie)
    regels = ["## Geld per aanbieder per maand (maand van de declaratieperiode)", ""]
    heeft_oud = bool(migratie.totalen_oud.get("bedragen"))
    if not heeft_oud:
        regels += ["Er is geen bestand met de totalen van het vorige systeem meegegeven (totalen.csv).", ""]
    kop = ["aanbieder", "maand"]
    for soort in GELD:
        kop += [soort, f"{soort} (oud)", "verschil"] if heeft_oud else [soort]
    rijen = []
    verschillen = []
    for r in vergelijking:
        rij = [r["aanbieder"], r["maand"]]
        for soort in GELD:
            rij.append(format_euro(r[soort]))
            if heeft_oud:
                oud, verschil = r[f"{soort}_oud"], r[f"{soort}_verschil"]
                rij += [format_euro(oud) if oud is not None else "–", format_euro(verschil) if verschil else "–"]
                if verschil:
                    verschillen.append(f"{r['aanbieder']} {r['maand']} {soort}: {format_euro(verschil)}")
        rijen.append(rij)
    regels += _tabel(kop, rijen)
    if heeft_oud:
        regels += ["### Verschillen", ""]
        regels += [f"* {v}" for v in verschillen] if verschillen else ["Geen verschillen."]
        regels.append("")
    goedgekeurd = sum(r["goedgekeurd"] for r in vergelijking)
    betaald = sum(r["betaald"] for r in vergelijking)
    if goedgekeurd and not betaald:
        regels += [
            f"**Let op:** er zijn geen betalingen overgenomen. De goedgekeurde prestaties ({format_euro(goedgekeurd)}) "
            "staan dan open en komen in de volgende betaalbatch. Neem betaalde bedragen over met het sjabloon "
            "betalingen.",
            "",
        ]
    return regels


def _afwijzingen(migratie: Migratie) -> list[str]:
    aantal = migratie.afwijzingen.count()
    regels = ["## Afwijzingen", ""]
    if not aantal:
        return [*regels, "Geen.", ""]
    if aantal > MAX_AFWIJZINGEN:
        regels += [f"De eerste {MAX_AFWIJZINGEN} van {aantal}; alle afwijzingen staan in het CSV-bestand.", ""]
    rijen = [
        [a.pad, str(a.regel or ""), a.plek, a.reden.replace("|", "/")]
        for a in migratie.afwijzingen.order_by("volgnummer")[:MAX_AFWIJZINGEN]
    ]
    return regels + _tabel(["bestand", "regel", "plek", "reden"], rijen)
