"""Reading a filled template (CSV with `;` or `,`, or XLSX with openpyxl in read-only mode, row by row) and
checking every cell against its column's type. A row with a wrong cell is refused whole, with the row number,
the column and what was wrong, in Dutch; the other rows go on."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from wmoketen.core.bsn import voldoet_aan_elfproef
from wmoketen.core.fouten import Domeinfout
from wmoketen.core.money import parse_euro

from ..constants import Fase
from .definities import SJABLONEN, Kolom, Sjabloon, Type

MAX_BYTES = 200 * 1024 * 1024


class CelFout(Domeinfout):
    """A cell that does not fit its column (Dutch text)."""


def _kop(naam: object) -> str:
    return str(naam or "").strip().lower().replace(" ", "_").replace("-", "_")


def rijen(data: bytes, pad: str) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number as the user sees it, column -> raw value) per filled row; the first row names the columns."""
    if pad.lower().endswith(".xlsx"):
        try:
            boek = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise CelFout(f"{pad} is geen leesbaar XLSX-bestand ({exc}).") from exc
        blad = boek.worksheets[0]
        regels: Iterator[tuple[object, ...]] = blad.iter_rows(values_only=True)
    else:
        try:
            tekst = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CelFout(f"{pad} is geen UTF-8-tekst; sla het bestand op als CSV UTF-8.") from exc
        eerste = tekst.split("\n", 1)[0]
        scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
        regels = (tuple(r) for r in csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding))
    kop = next(regels, None)
    if kop is None:
        return
    namen = [_kop(k) for k in kop]
    for nummer, regel in enumerate(regels, start=2):
        if all(v is None or str(v).strip() == "" for v in regel):
            continue
        yield nummer, {naam: regel[i] if i < len(regel) else None for i, naam in enumerate(namen) if naam}


def _tekst(ruw: object) -> str:
    if isinstance(ruw, float) and ruw.is_integer():
        return str(int(ruw))
    return str(ruw).strip()


def _cijfers(ruw: object, lengte: int, wat: str) -> str:
    tekst = _tekst(ruw)
    if isinstance(ruw, int | float) and tekst.isdigit():
        tekst = tekst.zfill(lengte)  # a spreadsheet drops leading zeros of a number
    if len(tekst) != lengte or not tekst.isdigit():
        raise CelFout(f"{tekst!r} is geen {wat} ({lengte} cijfers)")
    return tekst


def _datum(ruw: object) -> str:
    if isinstance(ruw, datetime):
        return ruw.date().isoformat()
    if isinstance(ruw, date):
        return ruw.isoformat()
    tekst = _tekst(ruw)
    for formaat in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(tekst, formaat).date().isoformat()
        except ValueError:
            continue
    raise CelFout(f"{tekst!r} is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)")


def _bedrag(ruw: object) -> int:
    if isinstance(ruw, int | float) and not isinstance(ruw, bool):
        centen = Decimal(str(ruw)) * 100
        if centen != centen.to_integral_value():
            raise CelFout(f"{ruw!r} heeft meer dan twee decimalen")
        return int(centen)
    tekst = _tekst(ruw)
    try:
        return parse_euro(tekst)
    except ValueError as exc:  # parse_euro's refusal of text that is no amount
        raise CelFout(f"{tekst!r} is geen bedrag in euro's (bijvoorbeeld 1234,56)") from exc


def _getal(ruw: object) -> int:
    if isinstance(ruw, int) and not isinstance(ruw, bool):
        return ruw
    if isinstance(ruw, float) and ruw.is_integer():
        return int(ruw)
    tekst = _tekst(ruw)
    if not tekst.lstrip("-").isdigit():
        raise CelFout(f"{tekst!r} is geen geheel getal")
    return int(tekst)


def waarde(kolom: Kolom, ruw: object) -> Any:
    """The checked value of a non-empty cell, as it is kept (JSON): text, int, ISO date, cents, list."""
    if kolom.type == Type.DATUM:
        return _datum(ruw)
    if kolom.type == Type.GETAL:
        return _getal(ruw)
    if kolom.type == Type.BEDRAG:
        return _bedrag(ruw)
    if kolom.type == Type.BSN:
        bsn = _cijfers(ruw, 9, "BSN")
        if not voldoet_aan_elfproef(bsn):
            raise CelFout(f"BSN {bsn} voldoet niet aan de elfproef")
        return bsn
    if kolom.type == Type.CBS:
        return _cijfers(ruw, 4, "CBS-gemeentecode")
    if kolom.type == Type.AGB:
        return _cijfers(ruw, 8, "AGB-code")
    if kolom.type == Type.MAAND:
        tekst = _tekst(ruw) if not isinstance(ruw, date) else f"{ruw:%Y-%m}"
        try:
            datetime.strptime(tekst, "%Y-%m")
        except ValueError as exc:
            raise CelFout(f"{tekst!r} is geen maand (JJJJ-MM)") from exc
        return tekst
    if kolom.type == Type.LIJST:
        delen = _tekst(ruw).replace(",", " ").split()
        if not all(d.isdigit() for d in delen):
            raise CelFout(f"{_tekst(ruw)!r} is geen lijst van gehele getallen")
        return [int(d) for d in delen]
    tekst = _tekst(ruw)
    if kolom.keuzes and tekst not in kolom.keuzes:
        raise CelFout(f"{tekst!r} is geen toegestane waarde ({', '.join(repr(k) for k in kolom.keuzes)})")
    return tekst


def lees_rij(sjabloon: Sjabloon, ruw: dict[str, object]) -> tuple[dict[str, Any], list[str]]:
    """The row's checked values and the Dutch faults, one per wrong or missing cell."""
    gegevens: dict[str, Any] = {}
    fouten: list[str] = []
    for kolom in sjabloon.kolommen:
        cel = ruw.get(kolom.naam)
        if cel is None or _tekst(cel) == "":
            if kolom.verplicht:
                fouten.append(f"kolom {kolom.naam}: verplicht, maar leeg")
            continue
        try:
            gegevens[kolom.naam] = waarde(kolom, cel)
        except CelFout as exc:
            fouten.append(f"kolom {kolom.naam}: {exc}")
    return gegevens, fouten


def sjabloon_van(pad: str) -> Sjabloon | None:
    return SJABLONEN.get(PurePosixPath(pad).stem.lower())


def index(data: bytes, pad: str) -> Iterator[dict[str, Any]]:
    """The units of a template file: one per row, or one for the whole file when it cannot be read."""
    sjabloon = sjabloon_van(pad)
    if sjabloon is None:
        namen = ", ".join(sorted(SJABLONEN))
        yield _fout(
            pad, None, f"Onbekend sjabloon {PurePosixPath(pad).name}: de bestandsnaam moet een van {namen} zijn."
        )
        return
    try:
        eerste = True
        for nummer, ruw in rijen(data, pad):
            if eerste:
                ontbreekt = [k for k in sjabloon.verplicht if k not in ruw]
                if ontbreekt:
                    yield _fout(pad, 1, f"Kolom(men) ontbreken in de eerste regel: {', '.join(ontbreekt)}.")
                    return
                eerste = False
            gegevens, fouten = lees_rij(sjabloon, ruw)
            if fouten:
                yield _fout(pad, nummer, f"Regel {nummer}: {'; '.join(fouten)}.", sjabloon.naam)
                continue
            sleutel = str(gegevens.get(sjabloon.sleutel, "")) if sjabloon.sleutel else ""
            yield {
                "pad": pad,
                "regel": nummer,
                "fase": sjabloon.fase,
                "sortering": f"{sjabloon.naam}-{nummer:09d}"[:40],
                "soort": sjabloon.naam,
                "sleutel": sleutel[:40],
                "gegevens": gegevens,
            }
    except CelFout as exc:
        yield _fout(pad, None, str(exc))


def _fout(pad: str, regel: int | None, reden: str, soort: str = "sjabloon") -> dict[str, Any]:
    return {"pad": pad, "regel": regel, "fase": Fase.NIET_IMPORTEERBAAR, "soort": soort, "reden": reden}
