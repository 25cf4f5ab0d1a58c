"""core.geldigheid: the three meanings of 'the row valid on a day', against their definitions (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from wmoketen.core.geldigheid import (
    geldig_op,
    rij_geldig_op,
    rij_geldig_op_of_eerste,
    rij_geldig_op_of_laatste_ervoor,
)

D = date


@dataclass(frozen=True)
class Rij:
    geldig_van: date
    geldig_tot: date | None


dagen = st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 12, 31))


@st.composite
def rijen(draw: st.DrawFn) -> list[Rij]:
    """Rows ordered by geldig_van, not overlapping (as a region file must have them); the last may be open."""
    uit: list[Rij] = []
    van = draw(dagen)
    for _ in range(draw(st.integers(0, 4))):
        lengte = draw(st.one_of(st.none(), st.integers(0, 400)))
        if lengte is None:
            uit.append(Rij(van, None))
            break
        uit.append(Rij(van, van + timedelta(days=lengte)))
        van = van + timedelta(days=lengte + 1 + draw(st.integers(0, 60)))  # a gap is allowed
    return uit


def test_geldig_op_is_inclusief_aan_beide_kanten() -> None:
    assert geldig_op(D(2025, 1, 1), D(2025, 1, 31), D(2025, 1, 1))
    assert geldig_op(D(2025, 1, 1), D(2025, 1, 31), D(2025, 1, 31))
    assert not geldig_op(D(2025, 1, 1), D(2025, 1, 31), D(2025, 2, 1))
    assert not geldig_op(D(2025, 1, 1), None, D(2024, 12, 31))
    assert geldig_op(D(2025, 1, 1), None, D(2099, 1, 1))


@settings(deadline=None)
@given(rijen(), dagen)
def test_de_drie_betekenissen(rs: list[Rij], dag: date) -> None:
    geldig = [r for r in rs if geldig_op(r.geldig_van, r.geldig_tot, dag)]
    assert len(geldig) <= 1  # no overlap: at most one row is valid
    assert rij_geldig_op(rs, dag) == (geldig[0] if geldig else None)
    assert rij_geldig_op_of_eerste(rs, dag) == (geldig[0] if geldig else (rs[0] if rs else None))
    begonnen = [r for r in rs if r.geldig_van <= dag]
    verwacht = geldig[0] if geldig else (begonnen[-1] if begonnen else (rs[0] if rs else None))
    assert rij_geldig_op_of_laatste_ervoor(list(reversed(rs)), dag) == verwacht  # order does not matter


def test_of_laatste_ervoor_na_een_beeindigde_bekostiging() -> None:
    oud, nieuw = Rij(D(2024, 1, 1), D(2024, 12, 31)), Rij(D(2026, 1, 1), None)
    assert rij_geldig_op_of_laatste_ervoor([nieuw, oud], D(2025, 6, 1)) == oud  # the gap: the last that started
    assert rij_geldig_op_of_laatste_ervoor([nieuw, oud], D(2023, 6, 1)) == oud  # before all: the earliest
    assert rij_geldig_op([oud, nieuw], D(2025, 6, 1)) is None
    assert rij_geldig_op_of_eerste([oud, nieuw], D(2025, 6, 1)) == oud
