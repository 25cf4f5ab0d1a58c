"""Ceilings, CAK cost price rows and the period grids, with exact values."""

import io
from datetime import date

from wmoketen.declaraties.cak import CakVoorziening, cak_regels, schrijf_csv
from wmoketen.declaraties.perioden import CakGrid, Periode, iso_weken, zondagen
from wmoketen.declaraties.plafond import betaalbaar_binnen_plafond, plafondstand

D = date


def test_cak_kalender_2018_en_de_jaargrens():
    perioden = CakGrid().perioden_in_jaar(2018)
    assert len(perioden) == 13
    assert perioden[0].periode == Periode(D(2018, 1, 1), D(2018, 1, 28))  # 2018 starts on a Monday
    assert perioden[2].periode == Periode(D(2018, 2, 26), D(2018, 3, 25))
    assert perioden[12].periode == Periode(D(2018, 12, 3), D(2018, 12, 30))  # 28 days, a Sunday
    assert CakGrid().periode_op(D(2018, 3, 14)).label == "2018/03"
    # The MLW 2018 work agreements: care delivered on 31 December 2018 is "periode 1 van 2019".
    assert CakGrid().periode_op(D(2018, 12, 31)).label == "2019/01"
    assert CakGrid().perioden_in_jaar(2019)[0].periode == Periode(D(2018, 12, 31), D(2019, 1, 27))
    # every period runs from a Monday to a Sunday
    for jaar in range(2015, 2031):
        for p in CakGrid().perioden_in_jaar(jaar):
            assert (p.periode.van.weekday(), p.periode.tot.weekday()) == (0, 6)


def test_cak_kalender_in_een_jaar_met_53_weken():
    """2020 has 53 ISO weeks: by default the 53rd is the fifth week of period 13; a region may put it in period 1
    of the next year instead."""
    standaard = CakGrid()
    assert standaard.perioden_in_jaar(2020)[12].periode == Periode(D(2020, 11, 30), D(2021, 1, 3))
    assert standaard.perioden_in_jaar(2021)[0].periode == Periode(D(2021, 1, 4), D(2021, 1, 31))
    assert standaard.periode_op(D(2021, 1, 1)).label == "2020/13"
    vooruit = CakGrid(week_53="periode_1")
    assert vooruit.perioden_in_jaar(2020)[12].periode == Periode(D(2020, 11, 30), D(2020, 12, 27))
    assert vooruit.perioden_in_jaar(2021)[0].periode == Periode(D(2020, 12, 28), D(2021, 1, 31))
    assert vooruit.periode_op(D(2021, 1, 1)).label == "2021/01"


def test_weken_en_zondagen_volgens_iv077():
    assert iso_weken(Periode(D(2025, 10, 7), D(2025, 10, 31))) == 4
    assert iso_weken(Periode(D(2025, 11, 1), D(2025, 11, 30))) == 5
    assert iso_weken(Periode(D(2025, 12, 1), D(2025, 12, 30))) == 5
    assert iso_weken(Periode(D(2025, 10, 7), D(2025, 12, 30))) == 13
    assert zondagen(Periode(D(2025, 10, 7), D(2025, 10, 31))) == 3
    assert zondagen(Periode(D(2025, 8, 1), D(2025, 8, 31))) == 5


def test_plafond_verbruik_prognose_en_signaal():
    # Ceiling 100.000,00; approved 10.000,00 a month January-June; pending 25.000,00; reference date 15-07-2024.
    stand = plafondstand(
        jaar=2024,
        plafond_cent=10_000_000,
        goedgekeurd_per_maand={m: 1_000_000 for m in range(1, 7)},
        in_behandeling_cent=2_500_000,
        peildatum=D(2024, 7, 15),
        plafondregel="geen_nieuwe_clienten",
    )
    assert stand.verbruik_cent == 8_500_000
    assert stand.signaal == 80
    # Run-rate April-June 10.000,00 x July-December (6 months) = 60.000,00 -> 145.000,00.
    assert stand.prognose_cent == 14_500_000
    assert stand.signaal_prognose == 100
    assert stand.regeltekst is None  # the ceiling itself is not reached yet
    assert stand.melding == (
        "Verbruik € 85.000,00 van € 100.000,00 (85%); prognose jaareinde € 145.000,00 (145%). "
        "Signaal: 80% van het plafond bereikt."
    )


def test_plafond_bereikt_toont_de_regel_van_de_regio():
    stand = plafondstand(
        jaar=2022,
        plafond_cent=1_000_000,
        goedgekeurd_per_maand={1: 900_000},
        in_behandeling_cent=100_000,
        peildatum=D(2022, 12, 10),
        plafondregel="geen_nieuwe_clienten",
        lopende_aanspraak_per_maand={12: 50_000},
    )
    assert stand.signaal == 100
    assert stand.prognose_cent == 1_050_000
    assert stand.regeltekst == "Plafond bereikt: de aanbieder krijgt geen nieuwe cliënten meer toegewezen."
    assert (
        betaalbaar_binnen_plafond(30_000, verbruik_cent=990_000, plafond_cent=1_000_000, plafondregel="niet_betalen")
        == 10_000
    )
    assert (
        betaalbaar_binnen_plafond(30_000, verbruik_cent=990_000, plafond_cent=1_000_000, plafondregel="signaleren")
        == 30_000
    )


def test_cak_kostprijs_mlw_vast_en_uren():
    begeleiding = CakVoorziening("999900006", "2701", "405", Periode(D(2018, 1, 10), D(2018, 3, 14)), "vast", 15000)
    # Not yet re-indicated: 270 minutes in period 1 at 22,50 an hour = 101,25; 185 minutes in period 2 = 69,375
    # -> 69,38 (half up).
    oud = CakVoorziening(
        "999900018",
        "OUD01",
        "405",
        Periode(D(2018, 1, 1), D(2018, 2, 25)),
        "uren",
        2250,
        minuten_per_periode={"2018/01": 270, "2018/02": 185},
    )
    regels = cak_regels([begeleiding, oud])
    assert [(r.bsn, r.periode, r.kostprijs_cent) for r in regels] == [
        ("999900006", 1, 15000),
        ("999900006", 2, 15000),
        ("999900006", 3, 15000),
        ("999900018", 1, 10125),
        ("999900018", 2, 6938),
    ]
    uit = io.StringIO()
    schrijf_csv(regels[:1], uit)
    assert uit.getvalue() == (
        "bsn;jaar;periode;begindatum;einddatum;productcode;cak_code;methode;hoeveelheid;kostprijs_cent;kostprijs;"
        "toelichting\n"
        "999900006;2018;1;2018-01-01;2018-01-28;2701;405;vast;1 periode;15000;150,00;"
        "vaste kostprijs € 150,00 per 4 weken\n"
    )
