"""Periods for settlement: calendar months, the CAK 4-week calendar, ISO weeks. Pure, no database.

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


CAK_WEEK_53 = ("periode_13", "periode_1")


@dataclass(frozen=True)
class CakGrid:
    """The CAK calendar: 13 periods of 4 weeks a year, each from a Monday to a Sunday, along the ISO weeks: period
    n of year Y is ISO weeks 4n-3 .. 4n of ISO year Y. So 31-12-2018 (a Monday, ISO week 1 of 2019) lies in period
    1 of 2019, as the MLW 2018 work agreements say (docs/afrekenen.md, "CAK period grid").

    An ISO year with 53 weeks has one week more than 13 x 4. `week_53` (the region's choice, regio.cak_week_53)
    puts it in period 13 of that year ("periode_13": weeks 49-53, 35 days) or in period 1 of the next year
    ("periode_1": that period starts a week earlier and has 35 days). No public CAK table settles this; see the
    docs.
    """

    week_53: str = "periode_13"

    def __post_init__(self) -> None:
        if self.week_53 not in CAK_WEEK_53:
            raise ValueError(f"onbekende keuze voor week 53: {self.week_53!r}")

    @staticmethod
    def _weken(jaar: int) -> int:
        """The number of ISO weeks of ISO year `jaar` (28 December always lies in the last one)."""
        return date(jaar, 12, 28).isocalendar()[1]

    def perioden_in_jaar(self, jaar: int) -> list[Afrekenperiode]:
        eerste_week = [1 + 4 * i for i in range(13)]  # ISO week numbers that start the periods of `jaar`
        begin = date.fromisocalendar(jaar, 1, 1)
        eind = date.fromisocalendar(jaar, self._weken(jaar), 7)
        if self.week_53 == "periode_1":
            if self._weken(jaar - 1) == 53:
                begin = date.fromisocalendar(jaar - 1, 53, 1)
            if self._weken(jaar) == 53:
                eind = date.fromisocalendar(jaar, 52, 7)
        perioden = []
        for nummer, week in enumerate(eerste_week, start=1):
            van = begin if nummer == 1 else date.fromisocalendar(jaar, week, 1)
            tot = eind if nummer == 13 else date.fromisocalendar(jaar, week + 3, 7)
            perioden.append(Afrekenperiode(f"{jaar}/{nummer:02d}", Periode(van, tot), jaar, nummer))
        return perioden

    def periode_op(self, dag: date) -> Afrekenperiode:
        jaar = dag.isocalendar()[0]
        for kandidaat in (jaar, jaar + 1):
            for afrekenperiode in self.perioden_in_jaar(kandidaat):
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
