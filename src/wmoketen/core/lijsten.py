"""Lists people can work with (issue 19 item 5), one mechanism for every list page.

`Lijstkeuzes` reads what a user chose on a list (filters, search, sorting, page) from the URL's query string, so a
view of a list is a URL that can be shared, and paging keeps every choice (`query` is the query string without the
page). Each list reads its own parameters through it, strictly (`core.parameters`): absent is not chosen, a value
that cannot be read (no number, not in the list) is a 400 naming the parameter, never a silent default.

`Lijst` describes a list once for its page and its export: the selection (`lezen`, the same selector the page
calls, so the export holds exactly what the list shows, all pages), the columns of the export (each through the
formatter of its kind of value: names not codes, money in euros) and, where the rows are about clients, which
clients (the export is written to the Logboek per client). `als_csv` and `als_xlsx` write the export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from . import parameters
from .money import format_euro

T = TypeVar("T")
R = TypeVar("R")

PER_PAGINA = 50
# an export of more rows than this is made by a background task (the file is offered on the task's page)
DIRECT_EXPORTEREN_TOT = 2000


@dataclass(frozen=True)
class Sortering:
    code: str  # the value in the URL
    titel: str  # what the select shows
    volgorde: tuple[str, ...]  # order_by


class Lijstkeuzes:
    """The choices of one list in the URL (`request.GET` or a plain dict, e.g. the arguments of an export task)."""

    def __init__(self, get: Mapping[str, str], *, sorteringen: Sequence[Sortering] = ()) -> None:
        self._get = get  # read key by key, as asked (tests/test_fuzz_queryparameters.py sees which keys a list reads)
        self.sorteringen = list(sorteringen)

    def tekst(self, naam: str, lengte: int = 40) -> str:
        return str(self._get.get(naam, "")).strip()[:lengte]

    def getal(self, naam: str) -> int | None:
        """An id; absent -> None, unreadable -> 400 naming the parameter (core.parameters)."""
        return parameters.getal(self._get, naam)

    def keuze(self, naam: str, waarden: Iterable[str]) -> str:
        """One of `waarden`; absent -> '' (not chosen), another value -> 400 naming the parameter."""
        return parameters.keuze(self._get, naam, list(waarden))

    @property
    def sortering(self) -> Sortering:
        """The chosen sorting; none -> the first, an unknown one -> 400."""
        gekozen = parameters.keuze(self._get, "sorteer", [s.code for s in self.sorteringen])
        return next((s for s in self.sorteringen if s.code == gekozen), self.sorteringen[0])

    @property
    def query(self) -> str:
        """The query string of every choice but the page: what paging links and the export carry along."""
        return urlencode([(k, v) for k, v in self.gekozen.items()])

    @property
    def gekozen(self) -> dict[str, str]:
        """Every non-empty choice (the page excluded): for a background export, and for the form to show what was
        chosen (`{{ keuzes.gekozen.zoek }}`)."""
        return {k: str(v) for k in self._get if k != "pagina" and (v := self._get.get(k))}

    def pagina(self, rijen: QuerySet[Any, R] | Sequence[R], per: int | None = None) -> Page[R]:
        """The page asked for (beyond the end: the last; not a page number: 400)."""
        return Paginator(rijen, per or PER_PAGINA).get_page(parameters.pagina(self._get))


@dataclass(frozen=True)
class Kolom(Generic[T]):
    titel: str
    waarde: Callable[[T], object]  # the cell as people read it (through the formatters of contracten.weergave)
    euro: Callable[[T], int | None] | None = None  # money: cents, written as euros (a number in Excel)


def geld(titel: str, cent: Callable[[T], int | None]) -> Kolom[T]:
    """A money column: '€ 1.234,56' in the CSV (the one formatter, contracten.weergave.euro), euros in Excel."""
    return Kolom(titel, lambda rij: format_euro(cent(rij)), euro=cent)


@dataclass(frozen=True)
class Lijst(Generic[T]):
    """One list: its name in the export URL, its title, how the selection is read from the choices, the columns of
    its export and, when rows are about clients, the client of a row (the export is logged per client)."""

    naam: str
    titel: str
    url: str  # the URL name of the list page
    lezen: Callable[[Any, Lijstkeuzes], QuerySet[Any]]  # (gebruiker, keuzes) -> the whole selection, sorted
    kolommen: Sequence[Kolom[T]]
    sorteringen: Sequence[Sortering]
    client_van: Callable[[T], int] | None = None
    # (gebruiker) -> the audit.constants.Verwerkingsactiviteit of the export's Logboek records (with client_van)
    verwerkingsactiviteit: Callable[[Any], str] = field(default=lambda gebruiker: "")
    voorbereiden: Callable[[list[T]], None] = field(default=lambda rijen: None)  # one query per chunk, not per row

    def keuzes(self, get: Mapping[str, str]) -> Lijstkeuzes:
        return Lijstkeuzes(get, sorteringen=self.sorteringen)

    def rijen(self, gebruiker: Any, keuzes: Lijstkeuzes, *, stuk: int = 500) -> Iterable[T]:
        """Every row of the selection, in chunks of `stuk` (each chunk prepared with a fixed number of queries)."""
        qs = self.lezen(gebruiker, keuzes)
        for begin in range(0, qs.count(), stuk):
            deel = list(qs[begin : begin + stuk])
            self.voorbereiden(deel)
            yield from deel


def _cel(kolom: Kolom[T], rij: T) -> object:
    waarde = kolom.waarde(rij)
    return "" if waarde is None else waarde


def als_csv(lijst: Lijst[T], rijen: Iterable[T]) -> bytes:
    """Semicolons and a BOM (Excel opens UTF-8 right), every value as on the page."""
    buffer = io.StringIO()
    schrijver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    schrijver.writerow([k.titel for k in lijst.kolommen])
    for rij in rijen:
        schrijver.writerow([_cel(k, rij) for k in lijst.kolommen])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def als_xlsx(lijst: Lijst[T], rijen: Iterable[T]) -> bytes:
    """One sheet; money as a number of euros with a euro format (so it can be summed), the rest as on the page."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    boek = Workbook(write_only=False)
    blad = boek.active
    assert blad is not None
    blad.title = lijst.titel[:31]
    blad.append([k.titel for k in lijst.kolommen])
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for rij in rijen:
        blad.append([_xlsx_cel(k, rij) for k in lijst.kolommen])
    for j, k in enumerate(lijst.kolommen, start=1):
        if k.euro is not None:
            for r in range(2, blad.max_row + 1):
                blad.cell(row=r, column=j).number_format = "€ #,##0.00"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _xlsx_cel(kolom: Kolom[T], rij: T) -> object:
    if kolom.euro is not None:
        cent = kolom.euro(rij)
        return None if cent is None else cent / 100  # euros for the sheet only; the cents stay exact in the data
    waarde = _cel(kolom, rij)
    return waarde if isinstance(waarde, (int, str)) else str(waarde)


FORMATEN = {
    "csv": ("text/csv; charset=utf-8", als_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", als_xlsx),
}
