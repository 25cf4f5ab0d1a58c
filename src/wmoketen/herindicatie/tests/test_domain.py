from datetime import date

import pytest

from wmoketen.herindicatie.domain import (
    Actie,
    Conversieactie,
    Evaluatiemoment,
    Evaluatieregels,
    EvaluatieSoort,
    Ingepland,
    Signaal,
    TeBeoordelen,
    Wijze,
    conversie_actie,
    evaluatiemomenten,
    herbeoordelingen_spreiden,
    laatste_melddatum,
    looptijd_maanden,
    signaal,
    werkdagen_voor,
)

T, E = EvaluatieSoort.TUSSEN, EvaluatieSoort.EIND


# ------------------------------------------------------------------------------------------ evaluatieschema


def test_looptijd_in_hele_maanden():
    assert looptijd_maanden(date(2022, 3, 1), date(2023, 2, 28)) == 12
    assert looptijd_maanden(date(2022, 3, 1), date(2022, 8, 30)) == 5
    assert looptijd_maanden(date(2022, 3, 1), date(2022, 8, 31)) == 6


def test_mlw_elk_half_jaar_en_een_eindevaluatie():
    assert evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=date(2023, 2, 28)) == [
        Evaluatiemoment(date(2022, 9, 1), T),
        Evaluatiemoment(date(2023, 2, 28), E),
    ]


def test_traject_korter_dan_zes_maanden_alleen_eindevaluatie():
    assert evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=date(2022, 7, 31)) == [
        Evaluatiemoment(date(2022, 7, 31), E)
    ]


def test_precies_zes_maanden_geen_tussenevaluatie_op_de_einddatum():
    # 01-03-2022 t/m 31-08-2022: the half-year point (01-09) lies after the end, so only the end evaluation
    assert evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=date(2022, 8, 31)) == [
        Evaluatiemoment(date(2022, 8, 31), E)
    ]


def test_lang_traject_afgestemd_op_de_indicatietermijn():
    # 5 years: yearly, aligned with the term
    assert evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=date(2027, 2, 28)) == [
        Evaluatiemoment(date(2023, 3, 1), T),
        Evaluatiemoment(date(2024, 3, 1), T),
        Evaluatiemoment(date(2025, 3, 1), T),
        Evaluatiemoment(date(2026, 3, 1), T),
        Evaluatiemoment(date(2027, 2, 28), E),
    ]
    # 42 months: split into round(42/12) = 4 equal parts of 10 months (the last one is not squeezed)
    assert evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=date(2025, 8, 31)) == [
        Evaluatiemoment(date(2023, 1, 1), T),
        Evaluatiemoment(date(2023, 12, 1), T),
        Evaluatiemoment(date(2024, 10, 1), T),
        Evaluatiemoment(date(2025, 8, 31), E),
    ]


def test_eindevaluatie_bij_voortijdige_afsluiting():
    # a 12-month trajectory closed on 15-07-2022: the end evaluation moves, the half-year one falls away
    assert evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=date(2022, 7, 15)) == [
        Evaluatiemoment(date(2022, 7, 15), E)
    ]


def test_open_einde_tot_horizon_zonder_eindevaluatie():
    assert evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=None, horizon=date(2023, 9, 1)) == [
        Evaluatiemoment(date(2022, 9, 1), T),
        Evaluatiemoment(date(2023, 3, 1), T),
        Evaluatiemoment(date(2023, 9, 1), T),
    ]
    with pytest.raises(ValueError):
        evaluatiemomenten(ingangsdatum=date(2022, 3, 1), einddatum=None)


def test_regio_met_eigen_ritme():
    regels = Evaluatieregels(interval_maanden=3, kort_traject_maanden=3, lang_traject_vanaf_maanden=60)
    assert evaluatiemomenten(ingangsdatum=date(2024, 1, 1), einddatum=date(2024, 9, 30), regels=regels) == [
        Evaluatiemoment(date(2024, 4, 1), T),
        Evaluatiemoment(date(2024, 7, 1), T),
        Evaluatiemoment(date(2024, 9, 30), E),
    ]


# ----------------------------------------------------------------------------------------- signaal


def test_werkdagen_terug():
    assert werkdagen_voor(date(2024, 12, 27), 2) == date(2024, 12, 23)  # skips both Christmas days
    assert werkdagen_voor(date(2024, 12, 26), 0) == date(2024, 12, 24)
    assert werkdagen_voor(date(2024, 12, 24), 0) == date(2024, 12, 24)


def test_signaal_rond_pasen_2024():
    # einddatum Easter Monday 01-04-2024: a melding on 02-02 would be due 29-03 (Good Friday) -> 02-04: too late
    assert laatste_melddatum(date(2024, 4, 1)) == date(2024, 2, 1)
    assert signaal(date(2024, 4, 1), marge_werkdagen=10) == Signaal(
        date(2024, 4, 1), date(2024, 2, 1), date(2024, 1, 18)
    )


def test_signaal_marge_over_goede_vrijdag_en_paasmaandag_2025():
    # laatste melddatum Thursday 24-04-2025; 5 working days back skip Easter Monday 21-04 and Good Friday 18-04
    assert signaal(date(2025, 6, 19), marge_werkdagen=5) == Signaal(
        date(2025, 6, 19), date(2025, 4, 24), date(2025, 4, 15)
    )


def test_signaal_rond_kerst():
    # einddatum 26-12-2024 (second Christmas day): 31-10 and 30-10 would be due on 26-12/25-12 -> 27-12
    assert signaal(date(2024, 12, 26), marge_werkdagen=10) == Signaal(
        date(2024, 12, 26), date(2024, 10, 29), date(2024, 10, 15)
    )
    # the margin itself crosses Christmas and New Year: 10 working days before 02-01-2025 is 16-12-2024
    assert signaal(date(2025, 2, 27), marge_werkdagen=10) == Signaal(
        date(2025, 2, 27), date(2025, 1, 2), date(2024, 12, 16)
    )


def test_signaal_einddatum_op_pinkstermaandag_zonder_marge():
    assert signaal(date(2025, 6, 9), marge_werkdagen=0) == Signaal(
        date(2025, 6, 9), date(2025, 4, 11), date(2025, 4, 11)
    )


def test_signaal_actief():
    s = signaal(date(2024, 4, 1), marge_werkdagen=10)
    assert not s.actief(date(2024, 1, 17))
    assert s.actief(date(2024, 1, 18))
    assert s.actief(date(2024, 4, 1))
    assert not s.actief(date(2024, 4, 2))


# --------------------------------------------------------------------------------------------- conversie


def test_administratief_omzetten():
    assert conversie_actie(
        ingangsdatum=date(2021, 5, 1), einddatum=date(2022, 10, 31), wijze=Wijze.ADMINISTRATIEF, datum=date(2022, 4, 1)
    ) == Conversieactie(Actie.OMZETTEN, date(2022, 3, 31), date(2022, 4, 1), date(2022, 10, 31))
    # open end: the new one gets nieuwe_einddatum
    assert conversie_actie(
        ingangsdatum=date(2021, 5, 1),
        einddatum=None,
        wijze=Wijze.ADMINISTRATIEF,
        datum=date(2022, 4, 1),
        nieuwe_einddatum=date(2022, 12, 31),
    ) == Conversieactie(Actie.OMZETTEN, date(2022, 3, 31), date(2022, 4, 1), date(2022, 12, 31))
    assert (
        conversie_actie(
            ingangsdatum=date(2021, 5, 1),
            einddatum=date(2022, 3, 31),
            wijze=Wijze.ADMINISTRATIEF,
            datum=date(2022, 4, 1),
        ).actie
        == Actie.ONGEMOEID
    )
    assert (
        conversie_actie(
            ingangsdatum=date(2022, 4, 1), einddatum=None, wijze=Wijze.ADMINISTRATIEF, datum=date(2022, 4, 1)
        ).actie
        == Actie.HANDMATIG
    )


def test_uitdienen_tot_uiterlijk():
    kwargs = {"wijze": Wijze.UITDIENEN, "uiterlijk": date(2022, 12, 31)}
    assert conversie_actie(ingangsdatum=date(2021, 5, 1), einddatum=date(2023, 4, 30), **kwargs) == Conversieactie(
        Actie.INKORTEN, date(2022, 12, 31)
    )
    assert conversie_actie(ingangsdatum=date(2021, 5, 1), einddatum=None, **kwargs) == Conversieactie(
        Actie.INKORTEN, date(2022, 12, 31)
    )
    assert conversie_actie(ingangsdatum=date(2021, 5, 1), einddatum=date(2022, 12, 31), **kwargs).actie == (
        Actie.ONGEMOEID
    )
    assert conversie_actie(ingangsdatum=date(2023, 1, 2), einddatum=None, **kwargs).actie == Actie.HANDMATIG


# ------------------------------------------------------------------------------------------ spreiding


def test_spreiding_binnen_capaciteit_en_gelijkmatig():
    # 10 clients, 2 consultants x 2 per week, 4 weeks in January 2022 -> ceil(10/4) = 3, 3, 2, 2
    clienten = [TeBeoordelen(i, date(2022, 12, 31)) for i in range(1, 11)]
    s = herbeoordelingen_spreiden(
        te_beoordelen=clienten, consulenten=[7, 8], van=date(2022, 1, 3), tot=date(2022, 1, 28), capaciteit_per_week=2
    )
    assert s.per_week() == {date(2022, 1, 3): 3, date(2022, 1, 10): 3, date(2022, 1, 17): 2, date(2022, 1, 24): 2}
    assert s.ingepland[:3] == (
        Ingepland(1, date(2022, 1, 3), 7),
        Ingepland(2, date(2022, 1, 3), 8),
        Ingepland(3, date(2022, 1, 3), 7),
    )
    assert s.niet_ingepland == ()


def test_spreiding_eerst_de_vroegste_termijn_en_feestdagweek_minder_capaciteit():
    # week of Easter Monday 18-04-2022 has 4 working days: 5 per consultant -> 4
    clienten = [TeBeoordelen(1, date(2022, 12, 1)), TeBeoordelen(2, date(2022, 4, 20))] + [
        TeBeoordelen(i, date(2022, 12, 1)) for i in range(3, 12)
    ]
    s = herbeoordelingen_spreiden(
        te_beoordelen=clienten, consulenten=[5], van=date(2022, 4, 18), tot=date(2022, 4, 22), capaciteit_per_week=5
    )
    assert s.capaciteit == {date(2022, 4, 18): 4}
    assert [i.sleutel for i in s.ingepland] == [2, 1, 3, 4]
    assert s.niet_ingepland == (5, 6, 7, 8, 9, 10, 11)


def test_spreiding_dringende_clienten_gaan_voor_gelijkmatigheid():
    clienten = [TeBeoordelen(i, date(2022, 1, 7)) for i in range(1, 5)]
    s = herbeoordelingen_spreiden(
        te_beoordelen=clienten, consulenten=[1], van=date(2022, 1, 3), tot=date(2022, 1, 28), capaciteit_per_week=10
    )
    assert s.per_week()[date(2022, 1, 3)] == 4
