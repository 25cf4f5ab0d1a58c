"""Pure statistics: percentiles as percentile_cont, summaries, Tukey box plots, suppression."""

from __future__ import annotations

import statistics
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmoketen.monitoring.domain import (
    ONDERDRUKT,
    afronden_cent,
    boxplot,
    is_onderdrukt,
    is_uitschieter,
    percentiel,
    procent,
    samenvatting,
    toon_aantal,
    tukey_grenzen,
)
from wmoketen.monitoring.tabel import Kolom, Soort, Tabel

waarden = st.lists(st.integers(min_value=-(10**9), max_value=10**9), min_size=1, max_size=60)


def test_percentiel_interpoleert_lineair():
    assert percentiel([8, 20, 30, 40, 100], 0.1) == 12.8
    assert percentiel([8, 20, 30, 40, 100], 0.9) == 76.0
    assert percentiel([0, 2, 10, 29], 0.5) == 6.0
    assert percentiel([7], 0.25) == 7.0
    with pytest.raises(ValueError):
        percentiel([], 0.5)


@given(waarden, st.floats(min_value=0, max_value=1))
def test_percentiel_ligt_tussen_minimum_en_maximum(w, p):
    assert min(w) - 1e-6 <= percentiel(w, p) <= max(w) + 1e-6


@given(waarden)
def test_mediaan_is_die_van_statistics_en_percentielen_stijgen(w):
    s = samenvatting(w)
    assert s is not None
    assert s.mediaan == pytest.approx(statistics.median(w))
    assert s.minimum <= s.p10 <= s.p25 <= s.mediaan <= s.p75 <= s.p90 <= s.maximum
    assert s.standaardafwijking == pytest.approx(statistics.pstdev(w), rel=1e-6, abs=1e-3)
    assert s.n == len(w)


@given(waarden)
def test_boxplot_deelt_alle_waarden_in_snorren_of_uitschieters(w):
    b = boxplot("x", w)
    onder, boven = tukey_grenzen(w)
    binnen = [x for x in w if onder <= x <= boven]
    assert len(binnen) + len(b.uitschieters) == len(w)
    assert b.onder_snor == min(binnen) and b.boven_snor == max(binnen)
    assert all(is_uitschieter(u, w) for u in b.uitschieters)


def test_boxplot_tukey_voorbeeld():
    b = boxplot("A", [10, 11, 12, 13, 14, 15, 100])
    assert (b.p25, b.mediaan, b.p75) == (11.5, 13.0, 14.5)
    assert b.bovengrens == 19.0 and b.ondergrens == 7.0
    assert b.uitschieters == (100.0,)
    assert b.boven_snor == 15.0


@given(st.integers(min_value=-5, max_value=1000))
def test_onderdrukking_alleen_voor_1_tot_en_met_4(n):
    assert is_onderdrukt(n) == (1 <= n <= 4)
    assert (toon_aantal(n) == ONDERDRUKT) == (1 <= n <= 4)


def test_weergave():
    assert toon_aantal(0) == "0"
    assert toon_aantal(3) == "< 5"
    assert toon_aantal(5) == "5"
    assert procent(0.8125) == "81,3%"
    assert procent(None) == "–"
    assert afronden_cent(12.5) == 13 and afronden_cent(-12.5) == -13 and afronden_cent(12.49) == 12


def test_tabel_onderdrukt_kleine_rij_en_afgeleide_cijfers():
    t = Tabel(
        code="x",
        titel="X",
        kolommen=(
            Kolom("groep", "Groep"),
            Kolom("n", "Cliënten", Soort.CLIENTEN),
            Kolom("gem", "Gem", Soort.EURO),
            Kolom("instroom", "Instroom", Soort.CLIENTEN),
        ),
        rijen=[{"groep": "A", "n": 4, "gem": 12345, "instroom": 0}, {"groep": "B", "n": 12, "gem": 99, "instroom": 2}],
        basis="n",
    )
    assert [[tekst for _, tekst, _ in r] for r in t.weergave()] == [
        ["A", "< 5", "< 5", "0"],
        ["B", "12", "€ 0,99", "< 5"],
    ]
    assert [t.exportwaarde(t.rijen[1], k) for k in t.kolommen] == ["B", 12, Decimal("0.99"), "< 5"]
