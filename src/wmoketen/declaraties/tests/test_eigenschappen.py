"""Property tests (hypothesis) for money and period arithmetic."""

import itertools
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from wmoketen.declaraties.afrekening import bereken_aanspraken
from wmoketen.declaraties.bedragen import minuten_bedrag, naar_rato, verdeel
from wmoketen.declaraties.controle import Controlecontext, Prestatie
from wmoketen.declaraties.feiten import Afrekenregels, Bekostigingsregel, Tariefregel, Toewijzingsfeiten
from wmoketen.declaraties.maandtoedeling import naar_kalendermaanden, verdeel_over_maanden
from wmoketen.declaraties.perioden import CakGrid, Periode, iso_weken, kalendermaand
from wmoketen.declaraties.plafond import betaalbaar_binnen_plafond

from .hulp import na_elkaar

dagen = st.dates(min_value=date(2017, 1, 1), max_value=date(2030, 12, 31))
bedragen = st.integers(min_value=0, max_value=10**9)


@st.composite
def perioden(draw, max_dagen=400):
    van = draw(dagen)
    return Periode(van, van + timedelta(days=draw(st.integers(0, max_dagen))))


@given(bedragen, st.lists(st.integers(0, 400), min_size=1, max_size=15).filter(lambda g: sum(g) > 0))
def test_verdeel_telt_exact_op_en_wijkt_minder_dan_een_cent_af(bedrag, gewichten):
    delen = verdeel(bedrag, gewichten)
    assert sum(delen) == bedrag
    for deel, gewicht in zip(delen, gewichten, strict=True):
        assert abs(deel * sum(gewichten) - bedrag * gewicht) < sum(gewichten)  # |deel - exact| < 1 cent
        if gewicht == 0:
            assert deel == 0


@given(st.integers(0, 10**7), st.integers(0, 10**6))
def test_minuten_verliezen_hooguit_een_halve_cent(uurtarief, minuten):
    # IV081 with half-up rounding: |bedrag - tarief x minuten / 60| <= 0,5 cent.
    assert abs(60 * minuten_bedrag(uurtarief, minuten) - uurtarief * minuten) <= 30


@given(bedragen, st.integers(0, 28))
def test_naar_rato_binnen_het_bedrag(bedrag, deel):
    assert 0 <= naar_rato(bedrag, deel, 28) <= bedrag


@given(st.integers(2000, 2100), st.sampled_from(["periode_13", "periode_1"]))
def test_cak_kalender_sluit_aaneen_en_telt_13_perioden(jaar, week_53):
    grid = CakGrid(week_53=week_53)
    perioden_ = grid.perioden_in_jaar(jaar)
    volgend = grid.perioden_in_jaar(jaar + 1)
    assert len(perioden_) == 13
    assert perioden_[-1].periode.tot + timedelta(days=1) == volgend[0].periode.van  # no gap, no overlap
    for a, b in itertools.pairwise(perioden_):
        assert a.periode.tot + timedelta(days=1) == b.periode.van
    assert sorted(p.periode.dagen for p in perioden_)[:12] == [28] * 12
    assert {p.periode.dagen for p in perioden_} <= {28, 35}
    for p in perioden_:
        assert grid.periode_op(p.periode.van) == p == grid.periode_op(p.periode.tot)


@given(perioden())
def test_iso_weken_tellen_de_weeknummers(periode):
    verwacht = {d.isocalendar()[:2] for d in periode.dag_voor_dag()}
    assert iso_weken(periode) == len(verwacht)


regelsets = st.builds(
    Afrekenregels,
    periodegrid=st.sampled_from(["kalendermaand", "cak_4_weken"]),
    eerste_periode=st.sampled_from(["niets", "pro_rata", "volledig"]),
    laatste_periode=st.sampled_from(["volledig", "pro_rata"]),
    onderbreking=st.sampled_from(["volledig", "pro_rata", "niets"]),
    wissel_aanbieder=st.sampled_from(["oude_aanbieder", "nieuwe_aanbieder", "pro_rata"]),
)


@settings(max_examples=150)
@given(regelsets, perioden(), st.integers(1, 500_000), st.booleans(), st.booleans(), st.lists(perioden(40), max_size=3))
def test_maandtoedeling_telt_exact_op_tot_de_periodebedragen(
    regels, looptijd, prijs, begin_wissel, eind_wissel, pauzes
):
    per = "4_weken" if regels.periodegrid == "cak_4_weken" else "maand"
    bekostiging = Bekostigingsregel(date(2000, 1, 1), None, "profiel", afrekenregels=regels)
    toewijzing = Toewijzingsfeiten(
        looptijd.van,
        looptijd.tot,
        onderbrekingen=tuple(pauzes),
        begin_door_wissel=begin_wissel,
        einde_door_wissel=eind_wissel,
    )
    afrekening = bereken_aanspraken(bekostiging, [Tariefregel(date(2000, 1, 1), None, prijs, per)], toewijzing)
    for aanspraak in afrekening.aanspraken:
        assert 0 <= aanspraak.bedrag_cent <= prijs
        assert sum(d.bedrag_cent for _, d in verdeel_over_maanden(aanspraak)) == aanspraak.bedrag_cent
    maanden = naar_kalendermaanden(afrekening.aanspraken, looptijd)
    assert sum(m.bedrag_cent for m in maanden) == afrekening.totaal_cent
    for maand in maanden:
        assert looptijd.omvat(maand.productperiode)  # TR307/TR308
        assert maand.productperiode.van.month == maand.productperiode.tot.month  # CS337


@settings(max_examples=100)
@given(
    st.integers(1, 2_000_000),
    st.lists(st.tuples(st.integers(1, 12), st.integers(0, 40)), min_size=1, max_size=15),
)
def test_budget_wordt_nooit_overschreden(budget, regels):
    bekostiging = Bekostigingsregel(
        date(2022, 1, 1), None, "budget", eenheid="04", frequentie="6", maximum_budget_cent=budget
    )
    toewijzing = Toewijzingsfeiten(date(2022, 1, 1), date(2022, 12, 31), volume=10_000, eenheid="04", frequentie="6")
    ctx = Controlecontext(bekostiging, [Tariefregel(date(2022, 1, 1), None, 6000)], toewijzing)
    concepten = [Prestatie(kalendermaand(2022, m), uren, "04", uren * 6000, 6000) for m, uren in regels]
    assert na_elkaar(concepten, ctx).goed_te_keuren_cent <= budget
    geleverd = {f"2022-{m:02d}": uren for m, uren in regels}
    assert bereken_aanspraken(bekostiging, ctx.tarieven, toewijzing, geleverd=geleverd).totaal_cent <= budget


@given(bedragen, bedragen, bedragen)
def test_plafond_niet_betalen_blijft_onder_het_plafond(bedrag, verbruik, plafond):
    betaald = betaalbaar_binnen_plafond(
        bedrag, verbruik_cent=verbruik, plafond_cent=plafond, plafondregel="niet_betalen"
    )
    assert 0 <= betaald <= bedrag
    assert verbruik + betaald <= max(plafond, verbruik)
