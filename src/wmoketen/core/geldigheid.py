"""Rows valid in a period (`geldig_van` .. `geldig_tot`, both inclusive, `geldig_tot` None: open-ended): a tariff,
a funding, a region. One helper per meaning, named for what it returns when no row is valid on the day:

- `rij_geldig_op`: the row valid on the day, or None (the settlement engine's tariff, the catalogue page, the
  four-eyes estimate, the conversion);
- `rij_geldig_op_of_eerste`: else the first row (the 301's product form when the assignment starts before any
  funding: the funding it will have);
- `rij_geldig_op_of_laatste_ervoor`: else the last one that started before the day, else the earliest (what a
  letter or plan shows about a product whose funding has ended).

Periods of one product do not overlap (the region file check refuses it, `catalogus.domain.overlappende_perioden`);
where they do, the first valid row in the order given counts (rows come ordered by `geldig_van`). For assignments
(ingangsdatum/einddatum) see `toewijzingen.models.ToewijzingQuerySet.lopend_vanaf`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol, TypeVar


class Geldig(Protocol):
    @property
    def geldig_van(self) -> date: ...
    @property
    def geldig_tot(self) -> date | None: ...


R = TypeVar("R", bound=Geldig)


def geldig_op(van: date, tot: date | None, dag: date) -> bool:
    """`dag` lies in van .. tot (inclusive; tot None: open-ended)."""
    return van <= dag and (tot is None or dag <= tot)


def rij_geldig_op(rijen: Iterable[R], dag: date) -> R | None:
    """The first row valid on `dag`, or None. (Written out: it runs once per prestatie in the intake.)"""
    for rij in rijen:
        if rij.geldig_van <= dag and (rij.geldig_tot is None or dag <= rij.geldig_tot):
            return rij
    return None


def rij_geldig_op_of_eerste(rijen: Sequence[R], dag: date) -> R | None:
    """The first row valid on `dag`, else the first row (None only without rows)."""
    rij = rij_geldig_op(rijen, dag)
    return rij if rij is not None else (rijen[0] if rijen else None)


def rij_geldig_op_of_laatste_ervoor(rijen: Iterable[R], dag: date) -> R | None:
    """The row valid on `dag`, else the most recent one that started before it, else the earliest (None only
    without rows). The order of `rijen` does not matter: they are sorted by `geldig_van`."""
    gesorteerd = sorted(rijen, key=lambda r: r.geldig_van)
    rij = rij_geldig_op(gesorteerd, dag)
    if rij is not None:
        return rij
    eerder = [r for r in gesorteerd if r.geldig_van <= dag]
    return eerder[-1] if eerder else (gesorteerd[0] if gesorteerd else None)
