"""Checks of incoming prestaties and the pre-calculation, with iWmo rule codes and retourcodes."""

from datetime import date

from wmoketen.declaraties.afrekening import bereken_aanspraken
from wmoketen.declaraties.bedragen import minuten_bedrag, minuuttarief
from wmoketen.declaraties.controle import Controlecontext, Prestatie, controleer_prestatie
from wmoketen.declaraties.feiten import MLW_2018, Afrekenregels, Bekostigingsregel, Tariefregel, Toewijzingsfeiten
from wmoketen.declaraties.maandtoedeling import naar_kalendermaanden
from wmoketen.declaraties.perioden import Periode, kalendermaand

from .hulp import na_elkaar

D = date
PXQ = Bekostigingsregel(D(2025, 1, 1), None, "pxq", eenheid="04", frequentie="2")
UUR_65 = [Tariefregel(D(2025, 1, 1), None, 6500)]
DRIE_UUR = Toewijzingsfeiten(D(2025, 10, 7), D(2025, 12, 30), volume=3, eenheid="04", frequentie="2")
OKTOBER = Periode(D(2025, 10, 7), D(2025, 10, 31))


def context(**kwargs):
    return Controlecontext(**{"bekostiging": PXQ, "tarieven": UUR_65, "toewijzing": DRIE_UUR, **kwargs})


def codes(resultaat):
    return [(b.regel, b.retourcode) for b in resultaat.bevindingen]


def test_juiste_prestatie_wordt_goedgekeurd():
    resultaat = controleer_prestatie(Prestatie(OKTOBER, 12, "04", 78000, 6500), context())
    assert resultaat.goedgekeurd
    assert resultaat.goedgekeurd_bedrag_cent == 78000


def test_tr346_bedrag_is_volume_maal_tarief():
    resultaat = controleer_prestatie(Prestatie(OKTOBER, 4, "04", 26500, 6500), context())
    assert codes(resultaat) == [("TR346", "9346")]
    assert resultaat.bevindingen[0].melding == "Ingediend € 265,00, verwacht € 260,00."
    assert resultaat.goedgekeurd_bedrag_cent == 0


def test_tr418_tarief_wijkt_af_van_contracttarief():
    # the amount is volume x the declared tariff (TR346 holds); the tariff itself is not the contract's
    resultaat = controleer_prestatie(Prestatie(OKTOBER, 4, "04", 28000, 7000), context())
    assert codes(resultaat) == [("TR418", "0611")]
    resultaat = controleer_prestatie(Prestatie(OKTOBER, 4, "04", 26000, 7000), context())
    assert codes(resultaat) == [("TR418", "0611"), ("TR346", "9346")]
    assert resultaat.bevindingen[1].melding == "Ingediend € 260,00, verwacht € 280,00."


def test_iv081_minuten_tegen_een_uurtarief():
    # 95 minutes at 65,00 an hour: 6500 x 95 / 60 = 10291,67 -> 10292 cents; ProductTarief 6500/60 = 108,33 -> 108.
    assert minuten_bedrag(6500, 95) == 10292
    assert minuuttarief(6500) == 108
    resultaat = controleer_prestatie(Prestatie(OKTOBER, 95, "01", 10292, 108), context())
    assert resultaat.goedgekeurd
    fout = controleer_prestatie(Prestatie(OKTOBER, 95, "01", 10283, 108), context())  # 95 x 108 is wrong
    assert codes(fout) == [("TR346", "9346")]


def test_tr321_meer_dan_het_weekmaximum_in_de_productperiode():
    # October: weeks 41-44 = 4 x 3 = 12 hours; 13 is too many (also as minutes: 780 > 720).
    assert codes(controleer_prestatie(Prestatie(OKTOBER, 13, "04", 84500, 6500), context())) == [("TR321", "9321")]
    in_minuten = Prestatie(OKTOBER, 780, "01", 84500, 6500)
    assert codes(controleer_prestatie(in_minuten, context())) == [("TR321", "9321")]


def test_tr322_cumulatief_boven_het_totaal_van_de_toewijzing():
    eerder = (Prestatie(OKTOBER, 12, "04", 78000, 6500), Prestatie(kalendermaand(2025, 11), 15, "04", 97500, 6500))
    december = Prestatie(Periode(D(2025, 12, 1), D(2025, 12, 30)), 13, "04", 84500, 6500)
    # December alone allows 15, but 12 + 15 + 13 = 40 > 39 hours over the assignment.
    assert codes(controleer_prestatie(december, context(eerder_goedgekeurd=eerder))) == [("TR322", "9322")]


def test_categorie_01_mag_zes_keer_het_weekvolume_per_maand():
    hbh = Toewijzingsfeiten(
        D(2026, 1, 1), D(2026, 12, 31), volume=2, eenheid="04", frequentie="2", productcategorie="01"
    )
    ctx = context(toewijzing=hbh, tarieven=[Tariefregel(D(2026, 1, 1), None, 3500)])
    februari = kalendermaand(2026, 2)  # exactly 4 ISO weeks, yet 6 x 2 = 12 hours are allowed
    assert controleer_prestatie(Prestatie(februari, 12, "04", 42000, 3500), ctx).goedgekeurd
    assert codes(controleer_prestatie(Prestatie(februari, 13, "04", 45500, 3500), ctx)) == [("TR321", "9321")]


def test_productperiode_buiten_maand_of_toewijzing():
    over_twee_maanden = Prestatie(Periode(D(2025, 10, 7), D(2025, 11, 2)), 1, "04", 6500, 6500)
    assert codes(controleer_prestatie(over_twee_maanden, context())) == [("CS337", "0001")]
    te_vroeg = Prestatie(kalendermaand(2025, 10), 1, "04", 6500, 6500)
    assert codes(controleer_prestatie(te_vroeg, context())) == [("TR307", "9307")]
    te_laat = Prestatie(kalendermaand(2025, 12), 1, "04", 6500, 6500)
    assert codes(controleer_prestatie(te_laat, context())) == [("TR308", "9308")]
    verkeerde_eenheid = Prestatie(OKTOBER, 1, "16", 6500, 6500)
    assert codes(controleer_prestatie(verkeerde_eenheid, context())) == [("TR341", "9341")]


def test_tr369_budget_en_voorcalculatie():
    bekostiging = Bekostigingsregel(
        D(2022, 1, 1), None, "budget", eenheid="04", frequentie="6", maximum_budget_cent=360000
    )
    toewijzing = Toewijzingsfeiten(D(2022, 1, 1), D(2022, 12, 31), volume=100, eenheid="04", frequentie="6")
    ctx = Controlecontext(bekostiging, [Tariefregel(D(2022, 1, 1), None, 6000)], toewijzing)
    concepten = [
        Prestatie(kalendermaand(2022, 1), 30, "04", 180000, 6000),
        Prestatie(kalendermaand(2022, 2), 35, "04", 210000, 6000),  # 1.800 + 2.100 > 3.600
        Prestatie(kalendermaand(2022, 3), 30, "04", 180000, 6000),  # fits: 1.800 + 1.800 = 3.600
        Prestatie(kalendermaand(2022, 4), 1, "04", 6000, 6000),  # budget used up
    ]
    uitkomst = na_elkaar(concepten, ctx)
    assert [r.goedgekeurd for r in uitkomst.regels] == [True, False, True, False]
    assert uitkomst.regels[1].retourcodes == ("9369",)
    assert uitkomst.goed_te_keuren_cent == 360000


def test_profiel_prestatie_tegen_de_maandaanspraak():
    # MLW profile 612,00 per 4 weeks from 10-01-2018 to 14-03-2018 (see test_afrekening): January 65,57.
    bekostiging = Bekostigingsregel(
        D(2018, 1, 1), None, "profiel", eenheid="83", frequentie="6", afrekenregels=MLW_2018
    )
    tarieven = [Tariefregel(D(2018, 1, 1), None, 61200, "4_weken")]
    toewijzing = Toewijzingsfeiten(D(2018, 1, 10), D(2018, 3, 14), eenheid="83")
    maanden = naar_kalendermaanden(
        bereken_aanspraken(bekostiging, tarieven, toewijzing).aanspraken, toewijzing.looptijd()
    )
    ctx = Controlecontext(
        bekostiging, tarieven, toewijzing, maandaanspraak_cent={m.label: m.bedrag_cent for m in maanden}
    )
    januari = Periode(D(2018, 1, 10), D(2018, 1, 31))
    assert controleer_prestatie(Prestatie(januari, 6557, "83", 6557), ctx).goedgekeurd
    assert codes(controleer_prestatie(Prestatie(januari, 6558, "83", 6558), ctx)) == [("TR321", "9321")]
    assert codes(controleer_prestatie(Prestatie(januari, 6557, "83", 6500), ctx)) == [("CS339", "0001")]


def test_op364_startbericht_is_standaard_geen_voorwaarde():
    zonder_start = Toewijzingsfeiten(
        D(2025, 10, 7), D(2025, 12, 30), volume=3, eenheid="04", frequentie="2", startbericht_ontvangen=False
    )
    prestatie = Prestatie(OKTOBER, 12, "04", 78000, 6500)
    assert controleer_prestatie(prestatie, context(toewijzing=zonder_start)).goedgekeurd
    afwijking = Bekostigingsregel(
        D(2025, 1, 1), None, "pxq", "04", "2", Afrekenregels(factuur_pas_na_startbericht=True)
    )
    resultaat = controleer_prestatie(prestatie, context(bekostiging=afwijking, toewijzing=zonder_start))
    assert codes(resultaat) == [("REGIO-START", None)]
    assert not resultaat.goedgekeurd
