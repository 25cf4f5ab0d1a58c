"""Pure rules: deadlines, the assessment instrument, the indication term and the one-lot rule."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories_toegang import TOEGANG
from wmoketen.toegang.constants import TermijnCode, TermijnStatus
from wmoketen.toegang.domain import (
    BeoordelingFout,
    Dossierfeiten,
    EenPerceelFout,
    LopendeToewijzing,
    Uitkomst,
    Uitkomstband,
    beoordeling_uitkomst,
    beschikking_uiterlijk,
    eerstvolgende_termijn,
    indicatie_einddatum,
    indicatietermijn_controleren,
    oordeel_controleren,
    percelen_controleren,
    te_beeindigen,
    termijnen_berekenen,
    termijnstatus,
    werkdagen_over,
)
from wmoketen.toegang.instellingen import instellingen_lezen

# the legal deadlines plus the Werkafspraken toegang MLW as the test region's file names them
TERMIJNEN = instellingen_lezen(TOEGANG).alle_termijnen()


def uiterlijk(code: TermijnCode, start: date) -> date:
    return TERMIJNEN[code].uiterlijk(start)


# ------------------------------------------------------------------------------------------------ huisbezoek


def test_huisbezoek_five_working_days_in_an_ordinary_week() -> None:
    # Monday 3 June 2024 -> Monday 10 June 2024
    assert uiterlijk(TermijnCode.HUISBEZOEK, date(2024, 6, 3)) == date(2024, 6, 10)


def test_huisbezoek_melding_just_before_easter_skips_good_friday_and_easter_monday() -> None:
    # Thursday 28 March 2024; Good Friday 29-3 and Easter Monday 1-4 are no working days.
    assert uiterlijk(TermijnCode.HUISBEZOEK, date(2024, 3, 28)) == date(2024, 4, 8)


def test_huisbezoek_melding_just_before_christmas_skips_both_christmas_days_and_new_year() -> None:
    # Monday 23 December 2024: 24-12, 27-12, 30-12, 31-12, (1-1 holiday) 2-1.
    assert uiterlijk(TermijnCode.HUISBEZOEK, date(2024, 12, 23)) == date(2025, 1, 2)


def test_huisbezoek_melding_on_a_saturday_counts_from_monday() -> None:
    assert uiterlijk(TermijnCode.HUISBEZOEK, date(2024, 6, 8)) == date(2024, 6, 14)


# ------------------------------------------------------------------------------------------ onderzoek, akkoord


def test_onderzoek_six_weeks_after_the_melding() -> None:
    assert uiterlijk(TermijnCode.ONDERZOEK, date(2024, 6, 3)) == date(2024, 7, 15)
    assert uiterlijk(TermijnCode.AKKOORD, date(2024, 6, 3)) == date(2024, 7, 15)


def test_onderzoek_ending_on_ascension_day_moves_to_the_next_working_day() -> None:
    # 28-3-2024 + 6 weeks = Thursday 9-5-2024, Ascension Day -> Friday 10-5-2024.
    assert uiterlijk(TermijnCode.ONDERZOEK, date(2024, 3, 28)) == date(2024, 5, 10)


def test_onderzoek_ending_on_a_weekend_moves_to_monday() -> None:
    # Saturday 6-7-2024 + 6 weeks = Saturday 17-8-2024 -> Monday 19-8-2024.
    assert uiterlijk(TermijnCode.ONDERZOEK, date(2024, 7, 6)) == date(2024, 8, 19)


# ------------------------------------------------------------------------------------------------------ deel 2


def test_deel2_ten_working_days_after_sending() -> None:
    assert uiterlijk(TermijnCode.DEEL2, date(2024, 6, 3)) == date(2024, 6, 17)


def test_deel2_sent_before_christmas() -> None:
    # Thursday 19-12-2024: 20, 23, 24, 27, 30, 31-12, 2, 3, 6, 7-1.
    assert uiterlijk(TermijnCode.DEEL2, date(2024, 12, 19)) == date(2025, 1, 7)


def test_deel2_sent_before_easter_2025() -> None:
    # Thursday 17-4-2025: Good Friday 18-4, Easter Monday 21-4; Koningsdag 27-4 is a Sunday.
    assert uiterlijk(TermijnCode.DEEL2, date(2025, 4, 17)) == date(2025, 5, 6)


# ------------------------------------------------------------------------------------------------- beschikking


def test_beschikking_two_weeks_after_the_aanvraag() -> None:
    assert uiterlijk(TermijnCode.BESCHIKKING, date(2024, 6, 3)) == date(2024, 6, 17)


def test_beschikking_after_aanvraag_on_christmas_eve_moves_past_new_year() -> None:
    # 24-12-2024 + 2 weeks = Tuesday 7-1-2025 (a working day).
    assert uiterlijk(TermijnCode.BESCHIKKING, date(2024, 12, 18)) == date(2025, 1, 2)


def test_eight_week_limit_caps_the_beschikking_after_a_late_aanvraag() -> None:
    # Melding 1-3-2024; 8 weeks = 26-4-2024. Aanvraag on 19-4-2024 would give 3-5-2024: the limit wins.
    assert uiterlijk(TermijnCode.TOTAAL, date(2024, 3, 1)) == date(2024, 4, 26)
    assert beschikking_uiterlijk(melddatum=date(2024, 3, 1), aanvraag_op=date(2024, 4, 19)) == date(2024, 4, 26)


def test_early_aanvraag_gives_two_weeks_within_the_eight() -> None:
    assert beschikking_uiterlijk(melddatum=date(2024, 3, 1), aanvraag_op=date(2024, 3, 22)) == date(2024, 4, 5)


def test_eight_weeks_over_christmas() -> None:
    # Melding Friday 1-11-2024 + 8 weeks = Friday 27-12-2024 (a working day between Christmas and New Year).
    assert uiterlijk(TermijnCode.TOTAAL, date(2024, 11, 1)) == date(2024, 12, 27)
    # Melding Wednesday 30-10-2024 + 8 weeks = Wednesday 25-12-2024 -> Friday 27-12-2024.
    assert uiterlijk(TermijnCode.TOTAAL, date(2024, 10, 30)) == date(2024, 12, 27)


def test_every_deadline_names_its_legal_basis() -> None:
    bases = {code: t.basis for code, t in TERMIJNEN.items()}
    assert bases[TermijnCode.ONDERZOEK].startswith("Wmo 2015 art. 2.3.2 lid 1")
    assert bases[TermijnCode.BESCHIKKING].startswith("Wmo 2015 art. 2.3.5 lid 1")
    assert bases[TermijnCode.HUISBEZOEK].startswith("Werkafspraken toegang MLW")
    assert bases[TermijnCode.DEEL2].startswith("Werkafspraken toegang MLW")
    assert bases[TermijnCode.AKKOORD].startswith("Werkafspraken toegang MLW")
    assert [t.duur for t in TERMIJNEN.values()] == [
        "5 werkdagen",
        "6 weken",
        "10 werkdagen",
        "6 weken",
        "2 weken",
        "8 weken",
    ]


# ------------------------------------------------------------------------------------------- status, overview


@pytest.mark.parametrize(
    ("vandaag", "verwacht"),
    [
        (date(2024, 6, 12), TermijnStatus.DEZE_WEEK),  # Wednesday, due Friday
        (date(2024, 6, 14), TermijnStatus.VANDAAG),
        (date(2024, 6, 17), TermijnStatus.TE_LAAT),
        (date(2024, 6, 7), TermijnStatus.LATER),  # previous Friday
    ],
)
def test_status_of_an_open_deadline(vandaag: date, verwacht: TermijnStatus) -> None:
    assert termijnstatus(date(2024, 6, 14), vandaag) == verwacht


def test_status_of_a_completed_deadline() -> None:
    assert termijnstatus(date(2024, 6, 14), date(2024, 7, 1), date(2024, 6, 14)) == TermijnStatus.OP_TIJD_AFGEROND
    assert termijnstatus(date(2024, 6, 14), date(2024, 7, 1), date(2024, 6, 17)) == TermijnStatus.TE_LAAT_AFGEROND


def test_overview_of_a_new_melding() -> None:
    standen = termijnen_berekenen(Dossierfeiten(melddatum=date(2024, 6, 3)), date(2024, 6, 11), TERMIJNEN)
    assert [(s.termijn.code, s.uiterlijk, s.status) for s in standen] == [
        (TermijnCode.HUISBEZOEK, date(2024, 6, 10), TermijnStatus.TE_LAAT),
        (TermijnCode.ONDERZOEK, date(2024, 7, 15), TermijnStatus.LATER),
        (TermijnCode.AKKOORD, date(2024, 7, 15), TermijnStatus.LATER),
        (TermijnCode.TOTAAL, date(2024, 7, 29), TermijnStatus.LATER),
    ]
    volgende = eerstvolgende_termijn(standen)
    assert volgende is not None and volgende.termijn.code == TermijnCode.HUISBEZOEK


def test_overview_when_plan_is_at_the_provider() -> None:
    feiten = Dossierfeiten(
        melddatum=date(2024, 6, 3),
        huisbezoek_afspraak_op=date(2024, 6, 5),
        verslag_op=date(2024, 6, 12),
        plan_verzonden_op=date(2024, 6, 14),
    )
    standen = termijnen_berekenen(feiten, date(2024, 6, 20), TERMIJNEN)
    assert [(s.termijn.code, s.uiterlijk, s.status) for s in standen] == [
        (TermijnCode.HUISBEZOEK, date(2024, 6, 10), TermijnStatus.OP_TIJD_AFGEROND),
        (TermijnCode.ONDERZOEK, date(2024, 7, 15), TermijnStatus.OP_TIJD_AFGEROND),
        (TermijnCode.DEEL2, date(2024, 6, 28), TermijnStatus.LATER),
        (TermijnCode.AKKOORD, date(2024, 7, 15), TermijnStatus.LATER),
        (TermijnCode.TOTAAL, date(2024, 7, 29), TermijnStatus.LATER),
    ]
    volgende = eerstvolgende_termijn(standen)
    assert volgende is not None and (volgende.termijn.code, volgende.uiterlijk) == (
        TermijnCode.DEEL2,
        date(2024, 6, 28),
    )


def test_after_beschikking_nothing_is_open() -> None:
    feiten = Dossierfeiten(
        melddatum=date(2024, 6, 3),
        huisbezoek_afspraak_op=date(2024, 6, 5),
        verslag_op=date(2024, 6, 12),
        plan_verzonden_op=date(2024, 6, 14),
        deel2_ingediend_op=date(2024, 6, 21),
        aanvraag_op=date(2024, 6, 24),
        beschikking_op=date(2024, 7, 1),
    )
    standen = termijnen_berekenen(feiten, date(2024, 7, 1), TERMIJNEN)
    assert eerstvolgende_termijn(standen) is None
    assert [s.termijn.code for s in standen if s.termijn.code == TermijnCode.BESCHIKKING] == [TermijnCode.BESCHIKKING]
    assert all(s.status == TermijnStatus.OP_TIJD_AFGEROND for s in standen)


def test_working_days_left_and_overdue() -> None:
    assert werkdagen_over(date(2024, 6, 14), date(2024, 6, 10)) == 4
    assert werkdagen_over(date(2024, 6, 10), date(2024, 6, 14)) == -4
    assert werkdagen_over(date(2024, 6, 14), date(2024, 6, 14)) == 0


# -------------------------------------------------------------------------------------- beoordelingsinstrument

ALLE = ("veiligheid", "balans", "afstand", "zelfredzaamheid", "medewerking")


def scores(*letters: str) -> dict[str, str]:
    return dict(zip(ALLE, letters, strict=True))


@pytest.mark.parametrize(
    ("letters", "verwacht"),
    [
        ("AAAAA", Uitkomst(5, "1", "basis")),
        ("BBAAA", Uitkomst(7, "1", "basis")),
        ("BBBAA", Uitkomst(8, "1", "aanvullend")),
        ("CCCAA", Uitkomst(11, "2", "basis")),
        ("CCCCB", Uitkomst(14, "2", "aanvullend")),
        ("DDCCC", Uitkomst(17, "2", "intensief")),
        ("DDDDD", Uitkomst(20, "3", "aanvullend")),
        ("EEEDD", Uitkomst(23, "3", "intensief")),
        ("EEEEE", Uitkomst(25, "3", "intensief")),
    ],
)
def test_default_mapping_from_scores_to_outcome(letters: str, verwacht: Uitkomst) -> None:
    assert beoordeling_uitkomst(scores(*letters)) == verwacht


def test_region_mapping_overrides_the_default() -> None:
    banden = [Uitkomstband(5, 12, "1", "basis"), Uitkomstband(13, 25, "3", "intensief")]
    assert beoordeling_uitkomst(scores(*"CCCAA"), banden=banden) == Uitkomst(11, "1", "basis")


def test_missing_score_is_refused() -> None:
    with pytest.raises(BeoordelingFout, match=r"^Geen score voor: 5\. Mate van medewerking van cliënt en netwerk\.$"):
        beoordeling_uitkomst({"veiligheid": "A", "balans": "A", "afstand": "A", "zelfredzaamheid": "A"})


def test_override_without_motivation_is_refused_and_with_motivation_accepted() -> None:
    uitkomst = Uitkomst(11, "2", "basis")
    assert oordeel_controleren(uitkomst, oordeel_categorie="2", oordeel_intensiteit="basis", motivatie="") == []
    assert oordeel_controleren(uitkomst, oordeel_categorie="2", oordeel_intensiteit="intensief", motivatie=" ") == [
        "Uw oordeel wijkt af van de uitkomst van het beoordelingsinstrument (categorie 2, basis); "
        "motiveer de afwijking."
    ]
    assert (
        oordeel_controleren(
            uitkomst, oordeel_categorie="3", oordeel_intensiteit="basis", motivatie="Mantelzorger valt weg."
        )
        == []
    )


# ----------------------------------------------------------------------------------------------- indication term


def test_stable_situation_allows_five_years_but_not_more() -> None:
    assert indicatietermijn_controleren(maanden=60, perspectief="stabiel") == []
    assert indicatietermijn_controleren(maanden=61, perspectief="stabiel") == [
        "Bij een stabiele situatie is de indicatietermijn hoogstens 60 maanden (5 jaar)."
    ]


@pytest.mark.parametrize("perspectief", ["groei", "achteruitgang"])
def test_expected_change_allows_two_years_but_not_more(perspectief: str) -> None:
    assert indicatietermijn_controleren(maanden=24, perspectief=perspectief) == []
    assert indicatietermijn_controleren(maanden=36, perspectief=perspectief) == [
        "Als groei, ontwikkeling of achteruitgang wordt verwacht, is de indicatietermijn hoogstens 24 maanden (2 jaar)."
    ]


def test_region_and_segment_limits() -> None:
    # Limburg-Noord: 12 months with expected change; segment 1B (multi-problem) at most 6 months.
    assert indicatietermijn_controleren(
        maanden=12, perspectief="groei", max_verandering_maanden=12, segment_max_maanden=6, segment_naam="1B"
    ) == ["In segment 1B is de indicatietermijn hoogstens 6 maanden."]
    assert indicatietermijn_controleren(
        maanden=18, perspectief="groei", max_verandering_maanden=12, segment_max_maanden=6, segment_naam="1B"
    ) == [
        "Als groei, ontwikkeling of achteruitgang wordt verwacht, is de indicatietermijn hoogstens "
        "12 maanden (1 jaar).",
        "In segment 1B is de indicatietermijn hoogstens 6 maanden.",
    ]


def test_indication_end_date() -> None:
    assert indicatie_einddatum(date(2025, 3, 1), 12) == date(2026, 2, 28)
    assert indicatie_einddatum(date(2024, 1, 31), 1) == date(2024, 2, 28)
    assert indicatie_einddatum(date(2024, 7, 15), 60) == date(2029, 7, 14)


# -------------------------------------------------------------------------------------------------------- one lot


def lopend(id_: int, perceel: int, *, uitgezonderd: bool = False, einde: date | None = None) -> LopendeToewijzing:
    return LopendeToewijzing(id_, perceel, uitgezonderd, date(2024, 1, 1), einde)


def test_moving_to_another_lot_ends_the_old_assignment_the_day_before() -> None:
    result = te_beeindigen(
        lopend=[lopend(1, 10), lopend(2, 50, uitgezonderd=True), lopend(3, 20)],
        nieuwe_percelen=[(20, False)],
        ingangsdatum=date(2024, 9, 1),
        een_perceel_tegelijk=True,
    )
    assert result == [(1, date(2024, 8, 31))]


def test_no_one_lot_rule_ends_nothing() -> None:
    assert (
        te_beeindigen(
            lopend=[lopend(1, 10)],
            nieuwe_percelen=[(20, False)],
            ingangsdatum=date(2024, 9, 1),
            een_perceel_tegelijk=False,
        )
        == []
    )


def test_new_kdv_only_ends_nothing() -> None:
    assert (
        te_beeindigen(
            lopend=[lopend(1, 10)],
            nieuwe_percelen=[(50, True)],
            ingangsdatum=date(2024, 9, 1),
            een_perceel_tegelijk=True,
        )
        == []
    )


def test_assignment_ending_before_the_new_start_is_left_alone() -> None:
    assert (
        te_beeindigen(
            lopend=[lopend(1, 10, einde=date(2024, 8, 15))],
            nieuwe_percelen=[(20, False)],
            ingangsdatum=date(2024, 9, 1),
            een_perceel_tegelijk=True,
        )
        == []
    )


def test_assignment_starting_after_the_new_one_cannot_be_ended() -> None:
    with pytest.raises(EenPerceelFout):
        te_beeindigen(
            lopend=[LopendeToewijzing(1, 10, False, date(2024, 10, 1), None)],
            nieuwe_percelen=[(20, False)],
            ingangsdatum=date(2024, 9, 1),
            een_perceel_tegelijk=True,
        )


def test_plan_with_two_ordinary_lots_is_refused_but_kdv_may_be_added() -> None:
    assert percelen_controleren([(10, False), (50, True)], een_perceel_tegelijk=True) == []
    assert percelen_controleren([(10, False), (20, False)], een_perceel_tegelijk=False) == []
    assert percelen_controleren([(10, False), (20, False)], een_perceel_tegelijk=True) == [
        "In deze regio heeft een cliënt maar in één perceel tegelijk ondersteuning (kortdurend verblijf "
        "uitgezonderd); kies producten uit één perceel."
    ]
