"""Periods for settlement: calendar months, the CAK 4-week grid, ISO weeks. Pure, no database.

All periods are inclusive on both ends (`van` and `tot` are both days of the period), like iWmo's
Begindatum/Einddatum.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Periode:
    """An inclusive range of days."""

    van: date
    tot: date

    def __post_init__(self) -> None:
        if self.tot < self.van:
            raise ValueError(f"periode eindigt ({self.tot}) voor het begin ({self.van})")

    @property
    def dagen(self) -> int:
        return (self.tot - self.van).days + 1

    def bevat(self, dag: date) -> bool:
        return self.van <= dag <= self.tot

    def omvat(self, andere: Periode) -> bool:
        return self.van <= andere.van and andere.tot <= self.tot

    def overlap(self, andere: Periode) -> Periode | None:
        van, tot = max(self.van, andere.van), min(self.tot, andere.tot)
        return Periode(van, tot) if van <= tot else None

    def overlapdagen(self, andere: Periode) -> int:
        gedeeld = self.overlap(andere)
        return gedeeld.dagen if gedeeld else 0

    def dag_voor_dag(self) -> Iterator[date]:
        for offset in range(self.dagen):
            yield self.van + timedelta(days=offset)

    def __str__(self) -> str:
        return f"{self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y}"


def kalendermaand(jaar: int, maand: int) -> Periode:
    return Periode(date(jaar, maand, 1), date(jaar, maand, calendar.monthrange(jaar, maand)[1]))


def kalendermaand_van(dag: date) -> Periode:
    return kalendermaand(dag.year, dag.month)


def is_een_kalendermaand(periode: Periode) -> bool:
    """Whether a period lies within one calendar month (iWmo CS337 for a ProductPeriode)."""
    van, tot = periode.van, periode.tot
    return van.month == tot.month and van.year == tot.year


def aantal_kalendermaanden(van: date, tot: date) -> int:
    """len(kalendermaanden(Periode(van, tot))) for van <= tot, counted without building the months (and without
    the ValueError kalendermaanden raises for a range that ends in December 9999)."""
    return (tot.year - van.year) * 12 + tot.month - van.month + 1


def kalendermaanden(bereik: Periode) -> list[Periode]:
    """The full calendar months that overlap `bereik`, in order."""
    maanden = []
    jaar, maand = bereik.van.year, bereik.van.month
    while date(jaar, maand, 1) <= bereik.tot:
        maanden.append(kalendermaand(jaar, maand))
        jaar, maand = (jaar + 1, 1) if maand == 12 else (jaar, maand + 1)
    return maanden


@dataclass(frozen=True)
class Afrekenperiode:
    """One period of a settlement grid: a calendar month ('2018-03') or a CAK period ('2018/03')."""

    label: str
    periode: Periode
    jaar: int
    nummer: int


@dataclass(frozen=True)
class Kalendermaandgrid:
    """The iWmo grid: one settlement period per calendar month."""

    def perioden(self, bereik: Periode) -> list[Afrekenperiode]:
        return [Afrekenperiode(f"{m.van:%Y-%m}", m, m.van.year, m.van.month) for m in kalendermaanden(bereik)]

    def periode_op(self, dag: date) -> Afrekenperiode:
        return self.perioden(Periode(dag, dag))[0]


@dataclass(frozen=True)
class CakGrid:
    """The CAK grid of 13 periods of 4 weeks per year.

    Assumption (no public CAK calendar found, see docs/afrekenen.md): period 1 starts on the anchor day
    (default 1 January), periods 1-12 last 28 days and period 13 absorbs the rest of the year (29 days, 30 in a
    leap year). The anchor is configurable so the grid can be aligned once the CAK calendar is confirmed.
    """

    anker_maand: int = 1
    anker_dag: int = 1
    periode_dagen: int = 28
    perioden_per_jaar: int = 13

    def jaarbegin(self, jaar: int) -> date:
        return date(jaar, self.anker_maand, self.anker_dag)

    def perioden_in_jaar(self, jaar: int) -> list[Afrekenperiode]:
        begin, volgend = self.jaarbegin(jaar), self.jaarbegin(jaar + 1)
        perioden = []
        for nummer in range(1, self.perioden_per_jaar + 1):
            van = begin + timedelta(days=(nummer - 1) * self.periode_dagen)
            tot = volgend - timedelta(days=1) if nummer == self.perioden_per_jaar else van + timedelta(days=27)
            perioden.append(Afrekenperiode(f"{jaar}/{nummer:02d}", Periode(van, tot), jaar, nummer))
        return perioden

    def periode_op(self, dag: date) -> Afrekenperiode:
        jaar = dag.year if dag >= self.jaarbegin(dag.year) else dag.year - 1
        for afrekenperiode in self.perioden_in_jaar(jaar):
            if afrekenperiode.periode.bevat(dag):
                return afrekenperiode
        raise AssertionError("het grid dekt elk jaar volledig")  # pragma: no cover

    def perioden(self, bereik: Periode) -> list[Afrekenperiode]:
        """The grid periods that overlap `bereik`, in order."""
        eerste = self.periode_op(bereik.van)
        gevonden: list[Afrekenperiode] = []
        jaar = eerste.jaar
        while True:
            for afrekenperiode in self.perioden_in_jaar(jaar):
                if afrekenperiode.periode.van > bereik.tot:
                    return gevonden
                if afrekenperiode.periode.overlap(bereik):
                    gevonden.append(afrekenperiode)
            jaar += 1


Grid = Kalendermaandgrid | CakGrid


def iso_weken(periode: Periode) -> int:
    """Number of distinct ISO weeks (year, week) touched by the period (IV077: count the week numbers)."""
    return iso_weken_tussen(periode.van, periode.tot)


def iso_weken_tussen(van: date, tot: date) -> int:
    """iso_weken(Periode(van, tot)) without building the period. Day ordinal 1 (01-01-0001) is a Monday, so
    (ordinal - 1) // 7 numbers the Monday-to-Sunday weeks."""
    return (tot.toordinal() - 1) // 7 - (van.toordinal() - 1) // 7 + 1


def zondagen(periode: Periode) -> int:
    """Number of Sundays in the period (IV077, output with frequency per week)."""
    eerste_zondag = periode.van + timedelta(days=(6 - periode.van.weekday()) % 7)
    if eerste_zondag > periode.tot:
        return 0
    return (periode.tot - eerste_zondag).days // 7 + 1
