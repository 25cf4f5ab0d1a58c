"""The portal's proposal: only months that are over and not declared yet, lines in the assignment's own unit, and
what it proposes is exactly what the intake approves (one computation of what may be claimed)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ClientFactory
from wmoketen.berichten.declareren import declaratie_versturen
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.catalogus.models import Bekostiging, Tarief
from wmoketen.declaraties.aanspraak import maandclaim
from wmoketen.declaraties.constants import PrestatieStatus
from wmoketen.declaraties.controle import Prestatie as EnginePrestatie
from wmoketen.declaraties.feiten import Bekostigingsregel, Tariefregel, Toewijzingsfeiten
from wmoketen.declaraties.models import Declaratie, Prestatie
from wmoketen.declaraties.perioden import Periode, kalendermaand
from wmoketen.declaraties.voorstel import (
    VoorstelFout,
    als_invoer,
    declarabele_maanden,
    voorcalculatie,
    voorstel,
)
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken

from .harnas import GEMEENTE, Opstelling, opstelling, prestatie, stuur, wmo323_bericht

pytestmark = pytest.mark.django_db
VANDAAG = date(2025, 6, 3)


@pytest.fixture
def o() -> Opstelling:
    return opstelling()  # 1001: 02A01, 4 h/week, 01-03-2025 .. 31-12-2025, EUR 60,50/h


def _voorstel(o: Opstelling, jaar: int, maand: int, vandaag: date = VANDAAG) -> list:  # type: ignore[type-arg]
    return voorstel(aanbieder=o.keten.aanbieder, gemeente_code=GEMEENTE, jaar=jaar, maand=maand, vandaag=vandaag).regels


def test_a_month_that_is_not_over_is_never_proposed(o: Opstelling) -> None:
    with pytest.raises(VoorstelFout, match=r"De maand 06-2025 is nog niet voorbij; declareren kan vanaf 30-06-2025"):
        _voorstel(o, 2025, 6)
    assert [f"{m.van:%Y-%m}" for m in declarabele_maanden(
        aanbieder=o.keten.aanbieder, gemeente_code=GEMEENTE, vandaag=VANDAAG
    )][:3] == ["2025-05", "2025-04", "2025-03"]  # fmt: skip
    # on the last day of the month it is over (the DeclaratiePeriode may end on the Dagtekening, TR137)
    assert len(_voorstel(o, 2025, 6, vandaag=date(2025, 6, 30))) == 1


def test_a_month_declared_before_is_not_proposed_again(o: Opstelling) -> None:
    stuur(wmo323_bericht(prestatie("P1", maand=(2025, 4), volume=10), periode=(2025, 4)))
    with pytest.raises(VoorstelFout, match=r"al gedeclareerd over 04-2025.*TR318"):
        _voorstel(o, 2025, 3)
    with pytest.raises(VoorstelFout, match="TR318"):
        _voorstel(o, 2025, 4)
    maanden = declarabele_maanden(aanbieder=o.keten.aanbieder, gemeente_code=GEMEENTE, vandaag=VANDAAG)
    assert [f"{m.van:%Y-%m}" for m in maanden] == ["2025-05"]


def test_the_claim_leaves_out_a_declared_month_and_counts_what_was_approved_before() -> None:
    """maandclaim with the same limits and sums as the intake: per period (IV077), the rest of the total (TR322)."""
    feiten = Toewijzingsfeiten(date(2025, 3, 1), date(2025, 4, 20), volume=4, eenheid="04", frequentie="2")
    bekostiging = Bekostigingsregel(date(2022, 1, 1), None, "pxq", eenheid="04", frequentie="2")
    tarieven = [Tariefregel(date(2022, 1, 1), None, 6050)]

    def claim(maand: tuple[int, int], *eerder: EnginePrestatie) -> tuple[object, ...] | None:
        c = maandclaim(model="pxq", bekostiging=bekostiging, tarieven=tarieven, feiten=feiten,
                       maand=kalendermaand(*maand), eerder=eerder)  # fmt: skip
        return None if c is None else (c.productperiode, c.geleverd_volume, c.eenheid, c.ingediend_bedrag_cent)

    maart = EnginePrestatie(kalendermaand(2025, 3), 24, "04", 24 * 6050, 6050)
    # 01-03 .. 20-04 touches ISO weeks 9 .. 16: 8 weeks x 4 h = 32 h in total; March alone has 6 weeks
    assert claim((2025, 3)) == (kalendermaand(2025, 3), 24, "04", 145200)
    assert claim((2025, 3), maart) is None  # declared already (TR389)
    assert claim((2025, 4), maart) == (Periode(date(2025, 4, 1), date(2025, 4, 20)), 8, "04", 48400)
    assert claim((2025, 5), maart) is None  # after the assignment


def test_an_hour_assignment_is_proposed_in_hours_even_on_an_amount_product(o: Opstelling) -> None:
    """An assignment in hours on a product funded per period (as the old monitoring demo made them): the line
    is in hours at the contract tariff (TR341 would reject euro's), and the intake approves it."""
    client = ClientFactory(gemeente=o.keten.gemeente, bsn="999990019")
    Bekostiging.objects.filter(product=o.keten.pxq).update(model="profiel")
    t = Toewijzing.objects.create(
        toewijzing_nummer=1002,
        client=client,
        aanbieder=o.keten.aanbieder,
        product=o.keten.pxq,
        ingangsdatum=date(2025, 3, 1),
        einddatum=date(2025, 12, 31),
        volume=3,
        eenheid="04",
        frequentie="2",
    )
    regels = [r for r in _voorstel(o, 2025, 4) if r.toewijzing_nummer == t.toewijzing_nummer]
    assert [(r.eenheid, r.geleverd_volume, r.product_tarief_cent, r.ingediend_bedrag_cent) for r in regels] == [
        ("04", 15, 6050, 90750)  # April 2025: 5 ISO weeks x 3 h
    ]
    beoordeling = voorcalculatie(
        als_invoer(aanbieder=o.keten.aanbieder.agb_code, gemeente_code=GEMEENTE, periode=kalendermaand(2025, 4),
                   regels=regels)
    )  # fmt: skip
    assert beoordeling.alles_goedgekeurd


def test_a_line_without_a_tariff_is_left_out_with_the_reason(o: Opstelling) -> None:
    Tarief.objects.filter(product=o.keten.pxq).update(geldig_tot=date(2025, 3, 31))
    uitkomst = voorstel(aanbieder=o.keten.aanbieder, gemeente_code=GEMEENTE, jaar=2025, maand=4, vandaag=VANDAAG)
    assert uitkomst.regels == []
    assert uitkomst.zonder_regel == [
        "Toewijzing 1001 (02A01): Er is geen contracttarief geldig op 01-04-2025 (het tarief liep tot en met "
        "31-03-2025)."
    ]


# --- property: the unchanged proposal is approved in full, month after month ----------------------------------

SOORTEN = ["pxq", "totaal", "budget", "traject", "hulpmiddel"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    soort=st.sampled_from(SOORTEN),
    begin=st.dates(date(2025, 1, 1), date(2025, 6, 30)),
    duur=st.integers(20, 240),
    volume=st.integers(1, 40),
)
def test_the_unchanged_proposal_is_approved_in_full_every_month(
    o: Opstelling, soort: str, begin: date, duur: int, volume: int, tmp_path: Path, settings: Any
) -> None:
    """Each month from the start through the end of the assignment: the proposal sent unchanged as a real 323
    through the exchange is approved in full (8001), and the next month counts what was approved."""
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    Declaratie.objects.all().delete()
    k = o.keten
    product = {"pxq": k.pxq, "totaal": k.totaal, "budget": k.budget, "traject": k.traject, "hulpmiddel": k.hulpmiddel}
    if soort == "budget" and not Tarief.objects.filter(product=k.budget).exists():
        Tarief.objects.create(product=k.budget, geldig_van=date(2022, 1, 1), bedrag_cent=6250)
    client = ClientFactory(gemeente=k.gemeente)
    t = toewijzing_aanmaken(
        client=client,
        aanbieder=k.aanbieder,
        product=product[soort],
        ingangsdatum=begin,
        einddatum=begin + timedelta(days=duur),
        volume=volume,
    )
    vandaag = timezone.localdate()  # the 323 is dated today: every month of the assignment is over
    maand = kalendermaand(begin.year, begin.month)
    gestuurd = 0
    while maand.van <= t.einddatum:
        regels = [
            r
            for r in voorstel(
                aanbieder=k.aanbieder, gemeente_code=k.gemeente.cbs_code, jaar=maand.van.year, maand=maand.van.month,
                vandaag=vandaag,
            ).regels
            if r.toewijzing_nummer == t.toewijzing_nummer
        ]  # fmt: skip
        if regels:
            declaratie_versturen(aanbieder=k.aanbieder, gemeente_code=k.gemeente.cbs_code, periode=maand,
                                 regels=regels, actor=None)  # fmt: skip
            uitwisseling_verwerken()
            gestuurd += len(regels)
        maand = kalendermaand(maand.tot.year + maand.tot.month // 12, maand.tot.month % 12 + 1)
    prestaties = Prestatie.objects.filter(toewijzing=t)
    assert gestuurd > 0
    assert prestaties.count() == gestuurd
    assert set(prestaties.values_list("status", flat=True)) <= {PrestatieStatus.GOEDGEKEURD}
