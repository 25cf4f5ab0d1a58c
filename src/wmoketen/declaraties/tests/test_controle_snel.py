"""The check of a prestatie and the limits it uses, as properties of the rules (hypothesis).

`controleer_prestatie` was rewritten for speed (it runs per prestatie). This file used to keep a frozen copy of the
code before the rewrite and compared the two; it now states what the rules say, independent of any version of the
code: a prestatie that is right by construction is approved with its amount, one cent off is TR346 alone, a period
over two months or outside the assignment stops the check with CS337/TR307/TR308, the period counts equal a count
day by day, the maximum in a period never exceeds that of a longer period, and so on.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wmoketen.declaraties.afrekening import max_volume_in_periode, max_volume_totaal
from wmoketen.declaraties.bedragen import deel_half_op, ingediend_bedrag, minuten_bedrag, minuuttarief
from wmoketen.declaraties.controle import Controlecontext, Prestatie, controleer_prestatie
from wmoketen.declaraties.feiten import Bekostigingsregel, Tariefregel, Toewijzingsfeiten, tarief_op
from wmoketen.declaraties.fouten import GeenTarief
from wmoketen.declaraties.perioden import (
    Periode,
    aantal_kalendermaanden,
    is_een_kalendermaand,
    iso_weken,
    iso_weken_tussen,
    kalendermaand,
    kalendermaanden,
)

D = date
TARIEF = 6500  # per hour / per unit
SOORTEN = [
    # (volume, eenheid, frequentie): per week in hours, per month in etmalen, total volume, daily dagdelen
    (3, "04", "2"),
    (7, "14", "4"),
    (400, "04", "6"),
    (1, "16", "1"),
]

dagen = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31))


@st.composite
def toewijzingen(draw: st.DrawFn) -> Toewijzingsfeiten:
    volume, eenheid, frequentie = draw(st.sampled_from(SOORTEN))
    begin = draw(dagen)
    eind = begin + timedelta(days=draw(st.integers(27, 400)))
    return Toewijzingsfeiten(begin, eind, volume=volume, eenheid=eenheid, frequentie=frequentie)


def context(feiten: Toewijzingsfeiten, eerder: tuple[Prestatie, ...] = ()) -> Controlecontext:
    bekostiging = Bekostigingsregel(D(2020, 1, 1), None, "pxq", eenheid=feiten.eenheid, frequentie=feiten.frequentie)
    return Controlecontext(bekostiging, [Tariefregel(D(2020, 1, 1), None, TARIEF)], feiten, eerder)


@st.composite
def juiste_prestaties(draw: st.DrawFn) -> tuple[Prestatie, Controlecontext]:
    """A prestatie right by construction: one calendar month inside the assignment, the assignment's unit, at most
    the maximum of that period (and of the assignment), the contract tariff and amount = volume x tariff."""
    feiten = draw(toewijzingen())
    assert feiten.einddatum is not None
    looptijd = Periode(feiten.ingangsdatum, feiten.einddatum)
    maand = draw(st.sampled_from(kalendermaanden(looptijd)))
    pp = maand.overlap(looptijd)
    assert pp is not None
    maximum = min(m for m in (max_volume_in_periode(feiten, pp), max_volume_totaal(feiten)) if m is not None)
    volume = draw(st.integers(min_value=min(1, maximum), max_value=maximum))
    bedrag = ingediend_bedrag(volume=volume, eenheid=feiten.eenheid, tarief_cent=TARIEF, toewijzing_eenheid="")
    return Prestatie(pp, volume, feiten.eenheid, bedrag, TARIEF), context(feiten)


# --- the whole check -------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(juiste_prestaties())
def test_een_juiste_prestatie_wordt_goedgekeurd_met_haar_bedrag(geval: tuple[Prestatie, Controlecontext]) -> None:
    prestatie, ctx = geval
    resultaat = controleer_prestatie(prestatie, ctx)
    assert resultaat.bevindingen == ()
    assert resultaat.goedgekeurd and resultaat.goedgekeurd_bedrag_cent == prestatie.ingediend_bedrag_cent
    assert resultaat.prestatie is prestatie and resultaat.retourcodes == ()


@settings(max_examples=200, deadline=None)
@given(juiste_prestaties(), st.sampled_from([-1, 1, 100]))
def test_een_ander_bedrag_is_alleen_tr346(geval: tuple[Prestatie, Controlecontext], verschil: int) -> None:
    prestatie, ctx = geval
    if prestatie.ingediend_bedrag_cent + verschil < 0:
        return
    fout = Prestatie(
        prestatie.productperiode, prestatie.geleverd_volume, prestatie.eenheid,
        prestatie.ingediend_bedrag_cent + verschil, prestatie.product_tarief_cent,
    )  # fmt: skip
    resultaat = controleer_prestatie(fout, ctx)
    assert [(b.regel, b.retourcode) for b in resultaat.bevindingen] == [("TR346", "9346")]
    assert not resultaat.goedgekeurd and resultaat.goedgekeurd_bedrag_cent == 0


@settings(max_examples=200, deadline=None)
@given(juiste_prestaties())
def test_een_ander_tarief_met_het_bijpassende_bedrag_is_alleen_tr418(geval: tuple[Prestatie, Controlecontext]) -> None:
    prestatie, ctx = geval
    tarief = TARIEF + 5
    fout = Prestatie(
        prestatie.productperiode, prestatie.geleverd_volume, prestatie.eenheid,
        prestatie.geleverd_volume * tarief, tarief,
    )  # fmt: skip
    assert [(b.regel, b.retourcode) for b in controleer_prestatie(fout, ctx).bevindingen] == [("TR418", "0611")]


@settings(max_examples=200, deadline=None)
@given(juiste_prestaties())
def test_meer_dan_het_maximum_van_de_periode_is_tr321(geval: tuple[Prestatie, Controlecontext]) -> None:
    prestatie, ctx = geval
    maximum = max_volume_in_periode(ctx.toewijzing, prestatie.productperiode)
    assume(maximum is not None)  # a total volume (frequentie 6) has no maximum per period
    assert maximum is not None
    volume = maximum + 1
    fout = Prestatie(prestatie.productperiode, volume, prestatie.eenheid, volume * TARIEF, TARIEF)
    codes = [b.regel for b in controleer_prestatie(fout, ctx).bevindingen]
    assert "TR321" in codes and set(codes) <= {"TR321", "TR322"}


@settings(max_examples=200, deadline=None)
@given(juiste_prestaties(), st.integers(1, 40))
def test_buiten_de_maand_of_de_toewijzing_stopt_de_controle(
    geval: tuple[Prestatie, Controlecontext], dagen_erbuiten: int
) -> None:
    prestatie, ctx = geval
    feiten = ctx.toewijzing
    assert feiten.einddatum is not None
    pp = prestatie.productperiode
    gevallen = {
        "TR307": Periode(feiten.ingangsdatum - timedelta(days=dagen_erbuiten), pp.tot),
        "TR308": Periode(pp.van, feiten.einddatum + timedelta(days=dagen_erbuiten)),
        "CS337": Periode(pp.van, pp.tot + timedelta(days=dagen_erbuiten)),
    }
    for regel, periode in gevallen.items():
        if not periode.van <= pp.van <= pp.tot <= periode.tot:
            continue
        fout = Prestatie(periode, prestatie.geleverd_volume, prestatie.eenheid, prestatie.ingediend_bedrag_cent, TARIEF)
        codes = [b.regel for b in controleer_prestatie(fout, ctx).bevindingen]
        verwacht = {
            "CS337": not is_een_kalendermaand(periode),
            "TR307": periode.van < feiten.ingangsdatum,
            "TR308": periode.tot > feiten.einddatum,
        }
        if any(verwacht.values()):  # else the period is still one month inside the assignment: checked further
            assert codes == [c for c in ("CS337", "TR307", "TR308") if verwacht[c]], (regel, periode)


@settings(max_examples=100, deadline=None)
@given(juiste_prestaties())
def test_eerder_goedgekeurd_telt_mee_voor_tr322(geval: tuple[Prestatie, Controlecontext]) -> None:
    prestatie, ctx = geval
    totaal = max_volume_totaal(ctx.toewijzing)
    assert totaal is not None
    eerder = (Prestatie(kalendermaand(2020, 1), totaal, prestatie.eenheid, totaal * TARIEF, TARIEF),)
    resultaat = controleer_prestatie(prestatie, context(ctx.toewijzing, eerder))
    assert ("TR322" in [b.regel for b in resultaat.bevindingen]) == (prestatie.geleverd_volume > 0)


@settings(deadline=None)  # a loaded machine must not fail it
@given(st.integers(1, 80_000), st.integers(-2, 2))
def test_euro_eenheid_bedrag_is_het_volume_cs339(volume: int, verschil: int) -> None:
    feiten = Toewijzingsfeiten(D(2025, 1, 1), D(2025, 12, 31), volume=None, eenheid="83", frequentie="4")
    prestatie = Prestatie(kalendermaand(2025, 3), volume, "83", volume + verschil, None)
    codes = [b.regel for b in controleer_prestatie(prestatie, context(feiten)).bevindingen]
    assert codes == ([] if verschil == 0 else ["CS339"])


def test_minuten_tegen_uren_iv081():
    feiten = Toewijzingsfeiten(D(2025, 10, 1), D(2025, 12, 31), volume=3, eenheid="04", frequentie="2")
    oktober = Periode(D(2025, 10, 1), D(2025, 10, 31))
    goed = Prestatie(oktober, 95, "01", minuten_bedrag(TARIEF, 95), minuuttarief(TARIEF))
    assert controleer_prestatie(goed, context(feiten)).goedgekeurd
    fout = Prestatie(oktober, 95, "01", 95 * minuuttarief(TARIEF), minuuttarief(TARIEF))  # 95 x 108 is not it
    assert [b.regel for b in controleer_prestatie(fout, context(feiten)).bevindingen] == ["TR346"]


# --- the limits and the period counts ----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(toewijzingen(), dagen, st.integers(0, 60), st.integers(0, 60))
def test_maximum_in_een_deel_van_een_periode_is_niet_groter(
    feiten: Toewijzingsfeiten, van: date, lengte: int, extra: int
) -> None:
    kort = Periode(van, van + timedelta(days=lengte))
    lang = Periode(van, kort.tot + timedelta(days=extra))
    assert (max_volume_in_periode(feiten, kort) or 0) <= (max_volume_in_periode(feiten, lang) or 0)
    assert (max_volume_in_periode(feiten, lang) or 0) <= (max_volume_totaal(feiten) or 0)


@settings(max_examples=200, deadline=None)
@given(toewijzingen(), st.integers(1, 60))
def test_buiten_de_toewijzing_is_het_maximum_nul(feiten: Toewijzingsfeiten, dagen_ervoor: int) -> None:
    assert feiten.einddatum is not None
    ervoor = Periode(feiten.ingangsdatum - timedelta(days=dagen_ervoor), feiten.ingangsdatum - timedelta(days=1))
    erna = Periode(feiten.einddatum + timedelta(days=1), feiten.einddatum + timedelta(days=dagen_ervoor))
    assert max_volume_in_periode(feiten, ervoor) in (0, None)
    assert max_volume_in_periode(feiten, erna) in (0, None)


def test_max_volume_voorbeelden():
    weken = Toewijzingsfeiten(D(2025, 10, 7), D(2025, 12, 30), volume=3, eenheid="04", frequentie="2")
    assert max_volume_in_periode(weken, Periode(D(2025, 10, 7), D(2025, 10, 31))) == 12  # weeks 41-44
    assert max_volume_in_periode(weken, kalendermaand(2025, 12)) == 15  # weeks 49-1, cut at 30-12
    assert max_volume_in_periode(weken, kalendermaand(2025, 9)) == 0  # before the assignment
    assert max_volume_totaal(weken) == 39  # weeks 41..1
    maand = Toewijzingsfeiten(D(2025, 1, 15), D(2025, 12, 31), volume=10, eenheid="14", frequentie="4")
    assert max_volume_totaal(maand) == 120
    open_einde = Toewijzingsfeiten(D(2025, 1, 15), None, volume=10, eenheid="14", frequentie="4")
    with pytest.raises(ValueError, match="peildatum"):
        max_volume_totaal(open_einde)


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)), st.integers(0, 420))
def test_periodetellingen_gelijk_aan_dag_voor_dag(van: date, lengte: int) -> None:
    periode = Periode(van, van + timedelta(days=lengte))
    alle = [van + timedelta(days=i) for i in range(lengte + 1)]
    assert iso_weken(periode) == iso_weken_tussen(periode.van, periode.tot) == len({d.isocalendar()[:2] for d in alle})
    maanden = {(d.year, d.month) for d in alle}
    assert aantal_kalendermaanden(periode.van, periode.tot) == len(kalendermaanden(periode)) == len(maanden)
    assert is_een_kalendermaand(periode) == (len(maanden) == 1)


@settings(deadline=None)  # a loaded machine must not fail it
@given(st.integers(-(10**7), 10**7), st.integers(-(10**5), 10**5))
def test_minuten_en_minuuttarief_zijn_deel_half_op(uurtarief: int, minuten: int) -> None:
    assert minuuttarief(uurtarief) == deel_half_op(uurtarief, 60)
    assert minuten_bedrag(uurtarief, minuten) == deel_half_op(uurtarief * minuten, 60)


def test_tarief_op_en_geen_tarief():
    tarieven = [
        Tariefregel(D(2024, 1, 1), D(2024, 12, 31), 5890),
        Tariefregel(D(2025, 1, 1), D(2025, 6, 30), 6050),
        Tariefregel(D(2025, 3, 1), None, 6100),  # overlaps: the first valid one wins (core.geldigheid)
    ]
    assert tarief_op(tarieven, D(2024, 12, 31)).bedrag_cent == 5890
    assert tarief_op(tarieven, D(2025, 3, 1)).bedrag_cent == 6050
    assert tarief_op(tarieven, D(2025, 7, 1)).bedrag_cent == 6100
    with pytest.raises(GeenTarief, match=r"^Er is geen contracttarief geldig op 31-12-2023 \(het tarief geldt vanaf"):
        tarief_op(tarieven, D(2023, 12, 31))
