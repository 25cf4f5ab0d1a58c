"""Hand-worked examples per funding model and per 2018 MLW period rule, amounts written out (docs/afrekenen.md)."""

from datetime import date

import pytest

from wmoketen.declaraties.afrekening import bereken_aanspraken
from wmoketen.declaraties.feiten import MLW_2018, Afrekenregels, Bekostigingsregel, Tariefregel, Toewijzingsfeiten
from wmoketen.declaraties.maandtoedeling import naar_kalendermaanden
from wmoketen.declaraties.perioden import Periode

D = date
PROFIEL_MLW = Bekostigingsregel(D(2018, 1, 1), None, "profiel", afrekenregels=MLW_2018)
PROFIEL_612 = [Tariefregel(D(2018, 1, 1), None, 61200, "4_weken")]
NAAR_RATO_MAAND = Afrekenregels("kalendermaand", "pro_rata", "pro_rata", "pro_rata", "pro_rata", "per_periode")


def test_mlw_start_niets_einde_volledig_met_maandtoedeling():
    # Profile price 612,00 per 4 weeks; starts 10-01-2018 in CAK period 1, ends 14-03-2018 in period 3.
    toewijzing = Toewijzingsfeiten(D(2018, 1, 10), D(2018, 3, 14))
    afrekening = bereken_aanspraken(PROFIEL_MLW, PROFIEL_612, toewijzing)
    # Period 1 (01-01..28-01): start period, nothing. Period 2 (29-01..25-02): 612,00. Period 3 (26-02..25-03):
    # end period, paid in full although the assignment ends on 14-03.
    assert afrekening.per_label() == {"2018/01": 0, "2018/02": 61200, "2018/03": 61200}
    assert afrekening.totaal_cent == 122400
    assert "Startperiode (ingang 10-01-2018): niets." in afrekening.aanspraken[0].toelichting

    maanden = naar_kalendermaanden(afrekening.aanspraken, toewijzing.looptijd())
    # Period 2 over its days: January 3 days = 61200 x 3/28 = 6557,14 -> 6557; February 25 days = 54642,86 -> the
    # rest cent goes to the largest remainder -> 54643. Period 3 over its paid days 26-02..14-03 (17 days):
    # February 3 days = 10800, March 14 days = 50400.
    assert [(m.label, m.bedrag_cent) for m in maanden] == [("2018-01", 6557), ("2018-02", 65443), ("2018-03", 50400)]
    # ProductPeriode per TR387/TR388: from the 1st or the later ingangsdatum, to the last day or the earlier end.
    assert [m.productperiode for m in maanden] == [
        Periode(D(2018, 1, 10), D(2018, 1, 31)),
        Periode(D(2018, 2, 1), D(2018, 2, 28)),
        Periode(D(2018, 3, 1), D(2018, 3, 14)),
    ]


def test_mlw_start_op_eerste_dag_van_een_periode_is_geen_gebroken_startperiode():
    toewijzing = Toewijzingsfeiten(D(2018, 1, 29), D(2018, 2, 25))
    assert bereken_aanspraken(PROFIEL_MLW, PROFIEL_612, toewijzing).per_label() == {"2018/02": 61200}


def test_mlw_onderbreking_wordt_doorbetaald_en_naar_rato_elders():
    # Hospital stay 05-02-2018 t/m 20-02-2018 (16 days) in period 2.
    toewijzing = Toewijzingsfeiten(D(2018, 1, 1), None, onderbrekingen=(Periode(D(2018, 2, 5), D(2018, 2, 20)),))
    mlw = bereken_aanspraken(PROFIEL_MLW, PROFIEL_612, toewijzing, horizon=D(2018, 2, 25))
    assert mlw.per_label() == {"2018/01": 61200, "2018/02": 61200}
    # The same with interruption pro rata: 12 of 28 days paid = 61200 x 12/28 = 26228,57 -> 26229 (half up).
    naar_rato = Bekostigingsregel(
        D(2018, 1, 1), None, "profiel", afrekenregels=Afrekenregels("cak_4_weken", onderbreking="pro_rata")
    )
    assert bereken_aanspraken(naar_rato, PROFIEL_612, toewijzing, horizon=D(2018, 2, 25)).per_label() == {
        "2018/01": 61200,
        "2018/02": 26229,
    }
    # Interruption "niets": only a period interrupted on every day is unpaid.
    niets = Bekostigingsregel(
        D(2018, 1, 1), None, "profiel", afrekenregels=Afrekenregels("cak_4_weken", onderbreking="niets")
    )
    heel = Toewijzingsfeiten(D(2018, 1, 1), None, onderbrekingen=(Periode(D(2018, 1, 25), D(2018, 2, 27)),))
    assert bereken_aanspraken(niets, PROFIEL_612, heel, horizon=D(2018, 3, 25)).per_label() == {
        "2018/01": 61200,
        "2018/02": 0,
        "2018/03": 61200,
    }


def test_mlw_wissel_van_aanbieder_oude_aanbieder_krijgt_de_periode():
    # The client switches on 08-02-2018, in period 2 (29-01..25-02).
    oud = Toewijzingsfeiten(D(2018, 1, 1), D(2018, 2, 7), einde_door_wissel=True)
    nieuw = Toewijzingsfeiten(D(2018, 2, 8), D(2018, 3, 25), begin_door_wissel=True)
    assert bereken_aanspraken(PROFIEL_MLW, PROFIEL_612, oud).per_label() == {"2018/01": 61200, "2018/02": 61200}
    assert bereken_aanspraken(PROFIEL_MLW, PROFIEL_612, nieuw).per_label() == {"2018/02": 0, "2018/03": 61200}
    # Together the period is paid exactly once.
    naar_rato = Bekostigingsregel(
        D(2018, 1, 1), None, "profiel", afrekenregels=Afrekenregels("cak_4_weken", wissel_aanbieder="pro_rata")
    )
    # Pro rata: old provider 10 days (29-01..07-02) = 21857,14 -> 21857; new 18 days = 39342,86 -> 39343.
    assert bereken_aanspraken(naar_rato, PROFIEL_612, oud).per_label()["2018/02"] == 21857
    assert bereken_aanspraken(naar_rato, PROFIEL_612, nieuw).per_label()["2018/02"] == 39343


def test_profiel_per_kalendermaand_naar_rato():
    # 600,00 per month; 11-04-2022 t/m 15-06-2022: April 20/30 = 400,00, May 600,00, June 15/30 = 300,00.
    bekostiging = Bekostigingsregel(D(2022, 1, 1), None, "profiel", afrekenregels=NAAR_RATO_MAAND)
    tarieven = [Tariefregel(D(2022, 1, 1), None, 60000, "maand")]
    afrekening = bereken_aanspraken(bekostiging, tarieven, Toewijzingsfeiten(D(2022, 4, 11), D(2022, 6, 15)))
    assert afrekening.per_label() == {"2022-04": 40000, "2022-05": 60000, "2022-06": 30000}
    assert afrekening.totaal_cent == 130000


def test_traject_in_maandtermijnen_naar_dagen():
    # Limburg-Noord 1B: trajectprijs 2.400,00; 15-01-2022 t/m 14-07-2022 = 181 days.
    bekostiging = Bekostigingsregel(D(2022, 1, 1), None, "traject", afrekenregels=NAAR_RATO_MAAND)
    tarieven = [Tariefregel(D(2022, 1, 1), None, 240000, "traject")]
    afrekening = bereken_aanspraken(bekostiging, tarieven, Toewijzingsfeiten(D(2022, 1, 15), D(2022, 7, 14)))
    # Exact shares 22541,44 / 37127,07 / 41104,97 / 39779,01 / 41104,97 / 39779,01 / 18563,54; the three cents
    # left after rounding down go to March, May and July (largest remainders).
    assert afrekening.per_label() == {
        "2022-01": 22541,
        "2022-02": 37127,
        "2022-03": 41105,
        "2022-04": 39779,
        "2022-05": 41105,
        "2022-06": 39779,
        "2022-07": 18564,
    }
    assert afrekening.totaal_cent == 240000


@pytest.mark.parametrize(
    ("moment", "afgerond", "verwacht"),
    [
        ("bij_start", None, {"2022-01": 240000}),
        ("bij_afronding", D(2022, 5, 20), {"2022-05": 240000}),
        ("bij_afronding", None, {}),
        # IV089: established after the end of the assignment -> the last month inside it.
        ("bij_afronding", D(2022, 8, 3), {"2022-07": 240000}),
    ],
)
def test_traject_op_het_afgesproken_moment(moment, afgerond, verwacht):
    regels = Afrekenregels("kalendermaand", declaratiemoment=moment)
    bekostiging = Bekostigingsregel(D(2022, 1, 1), None, "traject", afrekenregels=regels)
    tarieven = [Tariefregel(D(2022, 1, 1), None, 240000, "traject")]
    toewijzing = Toewijzingsfeiten(D(2022, 1, 15), D(2022, 7, 14), traject_afgerond_op=afgerond)
    assert bereken_aanspraken(bekostiging, tarieven, toewijzing).per_label() == verwacht


PXQ_UUR = Bekostigingsregel(D(2025, 1, 1), None, "pxq", eenheid="04", frequentie="2")
UUR_65 = [Tariefregel(D(2025, 1, 1), None, 6500)]
DRIE_UUR_PER_WEEK = Toewijzingsfeiten(D(2025, 10, 7), D(2025, 12, 30), volume=3, eenheid="04", frequentie="2")


def test_pxq_maximum_per_maand_volgens_iv077():
    # IV077 example: 3 hours a week, 07-10-2025 t/m 30-12-2025. Weeks: October 41-44 (4), November 44-48 (5),
    # December 48-52 + 01 (5); over the assignment 13 weeks = 39 hours. At 65,00 an hour.
    afrekening = bereken_aanspraken(PXQ_UUR, UUR_65, DRIE_UUR_PER_WEEK)
    assert [a.max_volume for a in afrekening.aanspraken] == [12, 15, 12]  # December: 39 - 12 - 15 = 12 left
    assert afrekening.per_label() == {"2025-10": 78000, "2025-11": 97500, "2025-12": 78000}


def test_pxq_geleverd_boven_het_maximum_wordt_begrensd():
    geleverd = {"2025-10": 10, "2025-11": 16, "2025-12": 15}
    afrekening = bereken_aanspraken(PXQ_UUR, UUR_65, DRIE_UUR_PER_WEEK, geleverd=geleverd)
    # October 10 x 65,00 = 650,00; November 16 > 15 -> 15 = 975,00; December 15 > 39 - 25 = 14 -> 910,00.
    assert [a.volume for a in afrekening.aanspraken] == [10, 15, 14]
    assert afrekening.per_label() == {"2025-10": 65000, "2025-11": 97500, "2025-12": 91000}


def test_etmaal_mlw_kortdurend_verblijf_per_cak_periode():
    # 4701: 118,00 per etmaal, 3 etmalen per 4 weken ("per maand" on the CAK grid).
    bekostiging = Bekostigingsregel(D(2018, 1, 1), None, "etmaal", eenheid="14", frequentie="4", afrekenregels=MLW_2018)
    tarieven = [Tariefregel(D(2018, 1, 1), None, 11800)]
    toewijzing = Toewijzingsfeiten(D(2018, 1, 1), D(2018, 2, 25), volume=3, eenheid="14", frequentie="4")
    afrekening = bereken_aanspraken(bekostiging, tarieven, toewijzing, geleverd={"2018/01": 2, "2018/02": 5})
    # Period 1: 2 x 118,00 = 236,00; period 2: 5 > 3 -> 3 x 118,00 = 354,00.
    assert afrekening.per_label() == {"2018/01": 23600, "2018/02": 35400}


def test_budget_per_client_begrenst_het_lopende_totaal():
    # De Fryske Marren 2022: maximum budget 3.600,00, 60,00 an hour, 70 hours in total.
    bekostiging = Bekostigingsregel(
        D(2022, 1, 1), D(2022, 12, 31), "budget", eenheid="04", frequentie="6", maximum_budget_cent=360000
    )
    tarieven = [Tariefregel(D(2022, 1, 1), None, 6000)]
    toewijzing = Toewijzingsfeiten(D(2022, 1, 1), D(2022, 3, 31), volume=70, eenheid="04", frequentie="6")
    afrekening = bereken_aanspraken(
        bekostiging, tarieven, toewijzing, geleverd={"2022-01": 20, "2022-02": 25, "2022-03": 20}
    )
    # 1.200,00 + 1.500,00 = 2.700,00; March 20 x 60,00 = 1.200,00 but only 900,00 left in the budget.
    assert afrekening.per_label() == {"2022-01": 120000, "2022-02": 150000, "2022-03": 90000}
    assert afrekening.totaal_cent == 360000


def test_taakgericht_kent_geen_afrekening_per_client():
    bekostiging = Bekostigingsregel(D(2022, 1, 1), None, "taakgericht")
    afrekening = bereken_aanspraken(bekostiging, [], Toewijzingsfeiten(D(2022, 1, 1), D(2022, 12, 31)))
    assert afrekening.aanspraken == ()
    assert afrekening.totaal_cent == 0


def test_open_toewijzing_vraagt_een_horizon():
    with pytest.raises(ValueError, match="peildatum"):
        bereken_aanspraken(PROFIEL_MLW, PROFIEL_612, Toewijzingsfeiten(D(2018, 1, 1), None))


def test_output_per_week_telt_zondagen_iv077():
    # IV077 example 2: € 300,00 a week (eenheid 83), 07-07-2025 t/m 05-09-2025 (a Friday). July 3 Sundays;
    # August 5 Sundays + the broken last week (31-08 is the last Sunday); September nothing.
    bekostiging = Bekostigingsregel(D(2025, 1, 1), None, "pxq", eenheid="83", frequentie="2")
    toewijzing = Toewijzingsfeiten(D(2025, 7, 7), D(2025, 9, 5), volume=30000, eenheid="83", frequentie="2")
    afrekening = bereken_aanspraken(bekostiging, [Tariefregel(D(2025, 1, 1), None, 0)], toewijzing)
    assert afrekening.per_label() == {"2025-07": 90000, "2025-08": 180000, "2025-09": 0}
