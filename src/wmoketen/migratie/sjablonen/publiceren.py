"""The published templates: for each, an empty CSV with the column names and a CSV with the column descriptions,
and one XLSX with a sheet to fill and a sheet with the descriptions (openpyxl)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from .definities import SJABLONEN, TOTALEN, Sjabloon

UITLEG_KOP = ["kolom", "type", "verplicht", "omschrijving", "toegestane waarden"]


def _uitleg(s: Sjabloon) -> list[list[str]]:
    return [
        [k.naam, str(k.type), "ja" if k.verplicht else "nee", k.omschrijving, ", ".join(k.keuzes)] for k in s.kolommen
    ]


def sjabloon_csv(s: Sjabloon) -> str:
    uit = io.StringIO()
    csv.writer(uit, delimiter=";", lineterminator="\n").writerow([k.naam for k in s.kolommen])
    return uit.getvalue()


def sjabloon_xlsx(s: Sjabloon) -> bytes:
    boek = Workbook()
    blad = boek.active
    assert blad is not None
    blad.title = s.naam[:31]
    blad.append([k.naam for k in s.kolommen])
    for cel in blad[1]:
        cel.font = Font(bold=True)
    toelichting = boek.create_sheet("toelichting")
    toelichting.append([s.titel])
    toelichting.append([s.omschrijving])
    toelichting.append([])
    toelichting.append(UITLEG_KOP)
    for rij in _uitleg(s):
        toelichting.append(rij)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def sjablonen_schrijven(doel: Path) -> list[Path]:
    """Every template (and the totals file) as CSV, CSV with descriptions and XLSX under `doel`."""
    doel.mkdir(parents=True, exist_ok=True)
    geschreven = []
    for s in (*SJABLONEN.values(), TOTALEN):
        (doel / f"{s.naam}.csv").write_text(sjabloon_csv(s), encoding="utf-8")
        uitleg = io.StringIO()
        schrijver = csv.writer(uitleg, delimiter=";", lineterminator="\n")
        schrijver.writerow(UITLEG_KOP)
        schrijver.writerows(_uitleg(s))
        (doel / f"{s.naam}-toelichting.csv").write_text(uitleg.getvalue(), encoding="utf-8")
        (doel / f"{s.naam}.xlsx").write_bytes(sjabloon_xlsx(s))
        geschreven += [doel / f"{s.naam}.csv", doel / f"{s.naam}-toelichting.csv", doel / f"{s.naam}.xlsx"]
    return geschreven


def sjablonen_md() -> str:
    """The templates as Markdown (docs/migratie.md is checked against this)."""
    regels: list[str] = []
    for s in (*SJABLONEN.values(), TOTALEN):
        regels += [f"### {s.titel} (`{s.naam}.csv` of `.xlsx`)", "", s.omschrijving, ""]
        regels += ["| kolom | type | verplicht | omschrijving |", "|---|---|---|---|"]
        for naam, type_, verplicht, omschrijving, keuzes in _uitleg(s):
            extra = f" Toegestaan: {keuzes}." if keuzes else ""
            regels.append(f"| {naam} | {type_} | {verplicht} | {omschrijving}{extra} |")
        regels.append("")
    return "\n".join(regels)
