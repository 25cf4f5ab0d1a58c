"""Exports of KPI tables: CSV (semicolon, Dutch notation, as on the page) and Excel (numbers where possible).
Suppressed cells read "< 5" in both: the export goes through the same `Tabel.cel`/`exportwaarde`."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from .filters import Filter
from .tabel import Soort, Tabel


def _kop(f: Filter) -> str:
    return f"Periode {f.van:%d-%m-%Y} t/m {f.tot:%d-%m-%Y}"


def als_csv(tabellen: Sequence[Tabel], f: Filter) -> bytes:
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for i, t in enumerate(tabellen):
        if i:
            schrijver.writerow([])
        schrijver.writerow([t.titel, _kop(f)])
        schrijver.writerow([k.titel for k in t.kolommen])
        for rij in t.rijen:
            schrijver.writerow([t.cel(rij, k) for k in t.kolommen])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def als_xlsx(tabellen: Sequence[Tabel], f: Filter) -> bytes:
    boek = Workbook()
    boek.remove(boek.worksheets[0])
    for t in tabellen:
        blad = boek.create_sheet(t.code[:31])
        blad.append([t.titel, _kop(f)])
        blad["A1"].font = Font(bold=True)
        blad.append([k.titel for k in t.kolommen])
        for cel in blad[2]:
            cel.font = Font(bold=True)
        for rij in t.rijen:
            blad.append([t.exportwaarde(rij, k) for k in t.kolommen])
        for j, k in enumerate(t.kolommen, start=1):
            formaat = {Soort.EURO: "€ #,##0.00", Soort.PROCENT: "0.0%", Soort.DAGEN: "0.0"}.get(k.soort)
            if formaat:
                for r in range(3, blad.max_row + 1):
                    blad.cell(row=r, column=j).number_format = formaat
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()
