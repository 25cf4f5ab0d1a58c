"""The worked examples of the source documents as they run end to end: the region file as it ships, assignments
through the services, the month declared from the portal's proposal as a real 323 through the exchange, the 325,
payment and the CAK export (docs/afrekenen.md, docs/regios.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Gemeente
from wmoketen.declaraties.services import cak_export
from wmoketen.toewijzingen.services import toewijzing_aanmaken

from . import scenario as s

pytestmark = pytest.mark.django_db
D = date
WEERT = "0988"


@pytest.fixture(autouse=True)
def _uitwisseling(tmp_path: Path, settings: Any) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path


def test_cak_periods_around_31_december_2018() -> None:
    """MLW 2018: care on 31-12-2018 is "periode 1 van 2019". A profile (EUR 240,00 per 4 weeks, start period
    nothing) from 10-12-2018: period 2018/13 (03-12..30-12) is the start period and pays nothing; 2019/01
    (31-12-2018..27-01-2019) is paid in full, spread over its days, so December 2018 carries its first day. The CAK
    export puts the EUR 150,00 cost price in 2018/13 and from 2019/01 on, with 2019/01 starting 31-12-2018.
    (A 323 cannot carry 2018: CS100 allows no period before 2021; the same boundary in 2025 goes through the
    exchange below.)"""
    s.regio("midden-limburg-west-2018")
    client = s.client(WEERT, "999990019")
    maasdal = s.aanbieder("99010001")
    t = toewijzing_aanmaken(
        client=client, aanbieder=maasdal, product=s.product("midden-limburg-west-2018", "2701"),
        ingangsdatum=D(2018, 12, 10), einddatum=D(2019, 3, 31),
    )  # fmt: skip
    # The 301 assigns per month what the rules pay at most, also if the assignment ends earlier (the volume of a
    # per-month assignment cannot change later, OP033x1): ended on 31-01-2019, January holds the rest of 2019/01
    # and the end period 2019/02 in full (EUR 231,43 + EUR 240,00), more than the EUR 240,00 price of 4 weeks.
    assert (t.eenheid, t.frequentie, t.volume) == ("83", "4", 23143 + 24000)

    december = s.voorgesteld(maasdal, WEERT, 2018, 12, vandaag=D(2019, 1, 5))
    assert [(r.toewijzing_nummer, r.begindatum, r.einddatum, r.eenheid, r.ingediend_bedrag_cent) for r in december] == [
        (t.toewijzing_nummer, D(2018, 12, 10), D(2018, 12, 31), "83", 857)  # 24000 x 1/28
    ]
    januari = s.voorgesteld(maasdal, WEERT, 2019, 1, vandaag=D(2019, 2, 5))
    # the rest of 2019/01 (27 days: 23143) plus 2019/02's four January days (28-01..31-01: 3429)
    assert [r.ingediend_bedrag_cent for r in januari] == [23143 + 3429]

    weert = Gemeente.objects.get(cbs_code=WEERT)
    backoffice = GebruikerFactory(rol=Rol.BACKOFFICE, gemeenten=[weert])
    rijen_2018 = cak_export(gemeente=weert, jaar=2018, actor=backoffice).strip().split("\n")[1:]
    assert [r.split(";")[1:5] for r in rijen_2018] == [["2018", "13", "2018-12-03", "2018-12-30"]]
    rijen_2019 = cak_export(gemeente=weert, jaar=2019, actor=backoffice).strip().split("\n")[1:]
    assert [r.split(";")[1:5] for r in rijen_2019] == [
        ["2019", "1", "2018-12-31", "2019-01-27"],
        ["2019", "2", "2019-01-28", "2019-02-24"],
        ["2019", "3", "2019-02-25", "2019-03-24"],
        ["2019", "4", "2019-03-25", "2019-04-21"],
    ]
    assert {r.split(";")[9] for r in rijen_2019} == {"15000"}


def test_cak_year_boundary_declared_through_the_exchange() -> None:
    """The same rule at the turn of 2025/2026, sent as real 323s: 29-12-2025 (a Monday) opens CAK period 2026/01.
    A profile from 15-12-2025: 2025/13 (01-12..28-12) is the start period (nothing); 2026/01 is paid in full;
    December 2025 carries its days 29..31 (3/28 of EUR 240,00 = 2571), January 2026 the rest."""
    s.regio("midden-limburg-west-2018")
    client = s.client(WEERT, "999990019")
    maasdal = s.aanbieder("99010001")
    toewijzing_aanmaken(
        client=client, aanbieder=maasdal, product=s.product("midden-limburg-west-2018", "2701"),
        ingangsdatum=D(2025, 12, 15), einddatum=D(2026, 2, 28),
    )  # fmt: skip
    december = s.voorgesteld(maasdal, WEERT, 2025, 12, vandaag=D(2026, 1, 6))
    assert [(r.begindatum, r.einddatum, r.ingediend_bedrag_cent) for r in december] == [
        (D(2025, 12, 15), D(2025, 12, 31), 2571)
    ]
    assert s.volledig_toegekend(s.declareren(maasdal, WEERT, december, 2025, 12, vandaag=D(2026, 1, 6)))
    januari = s.voorgesteld(maasdal, WEERT, 2026, 1, vandaag=D(2026, 2, 3))
    # 2026/01 (29-12..25-01): 25 January days = 21429; 2026/02 (26-01..22-02): 6 January days = 5143
    assert [r.ingediend_bedrag_cent for r in januari] == [21429 + 5143]
    assert s.volledig_toegekend(s.declareren(maasdal, WEERT, januari, 2026, 1, vandaag=D(2026, 2, 3)))
