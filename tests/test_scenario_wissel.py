"""Issue 14 item 5: a switch of provider and an interruption are facts of the assignment, recorded through the
services, and the settlement of both providers follows the region's rules on the database path: assignment ->
switch -> the portal's proposal -> a real 323 through the exchange -> the 325 (docs/afrekenen.md).

MLW 2018 (regions/midden-limburg-west-2018.yaml, afrekenregel cak-periode): start period nothing, end period in
full, interruption paid on, and on a switch the old provider keeps the period. CAK periods in 2025: 2025/10
08-09..05-10, 2025/11 06-10..02-11, 2025/12 03-11..30-11. Product 2701: EUR 240,00 per 4 weeks.

Maasdal has 2701 from 08-09-2025 to 30-11-2025; the client switches to De Kempenhof on 20-10-2025 (inside 2025/11).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Afrekenregel, Gemeente
from wmoketen.toewijzingen.constants import RedenWijziging
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken
from wmoketen.toewijzingen.wissel import aanbieder_wisselen, onderbreking_vastleggen

from . import scenario as s

pytestmark = pytest.mark.django_db
D = date
WEERT = "0988"
MLW = "midden-limburg-west-2018"


@pytest.fixture(autouse=True)
def _uitwisseling(tmp_path: Path, settings: Any) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path


def gewisseld(**regels: str) -> tuple[Toewijzing, Toewijzing]:
    """The region file as it ships; `regels` changes its afrekenregel cak-periode as another region file could."""
    s.regio(MLW)
    Afrekenregel.objects.filter(regio__code=MLW, code="cak-periode").update(**regels)
    client = s.client(WEERT, "999990019")
    consulent = GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[Gemeente.objects.get(cbs_code=WEERT)])
    oud = toewijzing_aanmaken(
        client=client, aanbieder=s.aanbieder("99010001"), product=s.product(MLW, "2701"),
        ingangsdatum=D(2025, 9, 8), einddatum=D(2025, 11, 30),
    )  # fmt: skip
    onderbreking_vastleggen(
        door=consulent, toewijzing=oud, van=D(2025, 9, 15), tot=D(2025, 9, 28), reden="opname",
        toelichting="Ziekenhuisopname",
    )  # fmt: skip
    nieuw = aanbieder_wisselen(
        door=consulent, toewijzing=oud, nieuwe_aanbieder=s.aanbieder("99010002"), per=D(2025, 10, 20)
    )
    oud.refresh_from_db()
    return oud, nieuw


def bedragen(agb: str, jaar: int, maand: int, vandaag: date) -> list[int]:
    return [r.ingediend_bedrag_cent for r in s.voorgesteld(s.aanbieder(agb), WEERT, jaar, maand, vandaag=vandaag)]


def test_the_switch_and_the_interruption_are_recorded_on_the_assignments() -> None:
    oud, nieuw = gewisseld()
    assert (oud.einddatum, oud.reden_wijziging, oud.einde_door_wissel) == (
        D(2025, 10, 19),
        RedenWijziging.ANDERE_AANBIEDER,
        True,
    )
    assert (nieuw.aanbieder.agb_code, nieuw.ingangsdatum, nieuw.einddatum, nieuw.product_id) == (
        "99010002",
        D(2025, 10, 20),
        D(2025, 11, 30),
        oud.product_id,
    )
    assert nieuw.wissel_van == oud and nieuw.begin_door_wissel and not nieuw.einde_door_wissel
    assert [(o.van, o.tot) for o in oud.onderbrekingen.all()] == [(D(2025, 9, 15), D(2025, 9, 28))]


def test_mlw_2018_the_old_provider_keeps_the_switch_period_and_an_interruption_is_paid_on() -> None:
    """September: 23 of 2025/10's 28 days (EUR 197,14), the interruption paid on. October: the rest of 2025/10
    (EUR 42,86) and 2025/11 in full for the old provider (EUR 240,00). The new provider: nothing for 2025/11,
    2025/12 in full in November. Every line of the unchanged proposal is approved through the exchange."""
    gewisseld()
    assert bedragen("99010001", 2025, 9, D(2025, 10, 3)) == [19714]
    assert s.volledig_toegekend(
        s.declareren(s.aanbieder("99010001"), WEERT, s.voorgesteld(s.aanbieder("99010001"), WEERT, 2025, 9,
                                                                   vandaag=D(2025, 10, 3)), 2025, 9, D(2025, 10, 3))
    )  # fmt: skip
    oktober = s.voorgesteld(s.aanbieder("99010001"), WEERT, 2025, 10, vandaag=D(2025, 11, 4))
    assert [r.ingediend_bedrag_cent for r in oktober] == [4286 + 24000]
    assert s.volledig_toegekend(s.declareren(s.aanbieder("99010001"), WEERT, oktober, 2025, 10, D(2025, 11, 4)))

    assert bedragen("99010002", 2025, 10, D(2025, 11, 4)) in ([], [0])
    november = s.voorgesteld(s.aanbieder("99010002"), WEERT, 2025, 11, vandaag=D(2025, 12, 2))
    assert [r.ingediend_bedrag_cent for r in november] == [24000]
    assert s.volledig_toegekend(s.declareren(s.aanbieder("99010002"), WEERT, november, 2025, 11, D(2025, 12, 2)))


def test_a_region_where_the_new_provider_gets_the_period_and_interruptions_are_pro_rata() -> None:
    """The same facts under other rules (afrekenregel: wissel_aanbieder nieuwe_aanbieder, onderbreking pro_rata):
    the 14 interrupted days of 2025/10 are not paid (EUR 120,00 for the period, spread over its 28 days: September
    23/28 = EUR 98,57, October 5/28 = EUR 21,43); the old provider gets nothing for
    2025/11, the new one all of it over its days 20-10..02-11 (12 in October: EUR 205,71, 2 in November plus
    2025/12: EUR 274,29). The old provider's 323 claiming the MLW amount for October is refused by the intake;
    the new provider's proposal is approved."""
    gewisseld(wissel_aanbieder="nieuwe_aanbieder", onderbreking="pro_rata")
    assert bedragen("99010001", 2025, 9, D(2025, 10, 3)) == [9857]
    oktober_oud = s.voorgesteld(s.aanbieder("99010001"), WEERT, 2025, 10, vandaag=D(2025, 11, 4))
    assert [r.ingediend_bedrag_cent for r in oktober_oud] == [2143]
    te_veel = [r.met_volume(4286 + 24000) for r in oktober_oud]  # what MLW 2018 as shipped would pay
    antwoord = s.declareren(s.aanbieder("99010001"), WEERT, te_veel, 2025, 10, D(2025, 11, 4))
    assert not s.volledig_toegekend(antwoord)

    oktober_nieuw = s.voorgesteld(s.aanbieder("99010002"), WEERT, 2025, 10, vandaag=D(2025, 11, 4))
    assert [r.ingediend_bedrag_cent for r in oktober_nieuw] == [20571]
    assert s.volledig_toegekend(s.declareren(s.aanbieder("99010002"), WEERT, oktober_nieuw, 2025, 10, D(2025, 11, 4)))
    assert bedragen("99010002", 2025, 11, D(2025, 12, 2)) == [3429 + 24000]
