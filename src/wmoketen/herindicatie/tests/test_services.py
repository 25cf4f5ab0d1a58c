"""Evaluations and expiry signals on a real access dossier (melding -> beschikking -> toewijzing)."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories_toegang as ft
from wmoketen.herindicatie import services
from wmoketen.herindicatie.models import Evaluatie, EvaluatieStatus, Herindicatiesignaal, SignaalStatus
from wmoketen.toegang.models import Melding

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    t = ft.toegangsregio()
    beschikking = ft.beschikt(t, ft.melding(t))  # 12 months: 01-07-2024 t/m 30-06-2025
    return t, beschikking.toewijzingen.get()


def test_evaluaties_volgens_de_regels_met_de_resultaten_uit_deel2(dossier):
    _t, toewijzing = dossier
    assert (toewijzing.ingangsdatum, toewijzing.einddatum) == (date(2024, 7, 1), date(2025, 6, 30))
    evaluaties = services.evaluaties_plannen(toewijzing=toewijzing, vandaag=date(2024, 7, 1))
    assert [(e.soort, e.gepland_op) for e in evaluaties] == [("tussen", date(2025, 1, 1)), ("eind", date(2025, 6, 30))]
    assert [r.resultaat_code for r in evaluaties[0].resultaten.all()] == ["R-FIN"]
    # idempotent
    services.evaluaties_plannen(toewijzing=toewijzing, vandaag=date(2024, 8, 1))
    assert Evaluatie.objects.count() == 2


def test_voortijdig_beeindigd_eindevaluatie_verschuift(dossier):
    _t, toewijzing = dossier
    services.evaluaties_plannen(toewijzing=toewijzing, vandaag=date(2024, 7, 1))
    toewijzing.einddatum = date(2024, 11, 15)
    toewijzing.save()
    evaluaties = services.evaluaties_plannen(toewijzing=toewijzing, vandaag=date(2024, 11, 1))
    assert [(e.soort, e.gepland_op) for e in evaluaties] == [("eind", date(2024, 11, 15))]
    assert Evaluatie.objects.count() == 1


def test_driehoek_en_gewijzigd_profiel_start_vervolgmelding(dossier):
    t, toewijzing = dossier
    evaluatie = services.evaluaties_plannen(toewijzing=toewijzing, vandaag=date(2024, 7, 1))[0]
    with pytest.raises(services.HerindicatieFout, match="Alleen de aanbieder van deze toewijzing"):
        services.evaluatie_invullen_door_aanbieder(
            evaluatie=evaluatie, door=t.andere_aanbieder_gebruiker, oordelen={}, toelichting="", op=date(2024, 12, 20)
        )
    with pytest.raises(services.HerindicatieFout, match="waarom het niet"):
        services.evaluatie_invullen_door_aanbieder(
            evaluatie=evaluatie,
            door=t.aanbieder_gebruiker,
            oordelen={"R-FIN": ("deels", " ")},
            toelichting="",
            op=date(2024, 12, 20),
        )
    services.evaluatie_invullen_door_aanbieder(
        evaluatie=evaluatie,
        door=t.aanbieder_gebruiker,
        oordelen={"R-FIN": ("deels", "Post wordt geopend, betalen lukt nog niet zelf")},
        toelichting="Meer ondersteuning nodig",
        op=date(2024, 12, 20),
    )
    meldingen = Melding.objects.count()
    evaluatie = services.evaluatie_vaststellen(
        evaluatie=evaluatie,
        door=t.consulent,
        oordelen={"R-FIN": ("niet", "Schulden opgelopen")},
        client_betrokken=True,
        toelichting="Profiel van groei naar achteruitgang",
        profiel_gewijzigd=True,
        op=date(2025, 1, 6),
    )
    assert evaluatie.status == EvaluatieStatus.VASTGESTELD
    r = evaluatie.resultaten.get()
    assert (r.oordeel_aanbieder, r.oordeel, r.toelichting) == ("deels", "niet", "Schulden opgelopen")
    assert Melding.objects.count() == meldingen + 1
    vervolg = evaluatie.vervolgmelding
    assert (vervolg.client_id, vervolg.melddatum, vervolg.fase) == (toewijzing.client_id, date(2025, 1, 6), "melding")
    with pytest.raises(services.HerindicatieFout, match="al vastgesteld"):
        services.evaluatie_vaststellen(
            evaluatie=evaluatie,
            door=t.consulent,
            oordelen={"R-FIN": ("behaald", "")},
            client_betrokken=True,
            toelichting="",
            profiel_gewijzigd=False,
            op=date(2025, 1, 7),
        )


def test_signaal_rond_pasen_en_bevrijdingsdag(dossier):
    _t, _toewijzing = dossier
    # einddatum 30-06-2025: laatste melddatum 05-05-2025; 10 working days back skip Easter Monday and Good Friday
    assert services.signalen_bijwerken(vandaag=date(2025, 4, 16)) == 0
    assert services.signalen_bijwerken(vandaag=date(2025, 4, 17)) == 1
    assert services.signalen_bijwerken(vandaag=date(2025, 4, 22)) == 0  # idempotent
    s = Herindicatiesignaal.objects.get()
    assert (s.einddatum, s.laatste_melddatum, s.signaaldatum) == (
        date(2025, 6, 30),
        date(2025, 5, 5),
        date(2025, 4, 17),
    )


def test_aanbieder_meldt_namens_client_en_consulent_start_herindicatie(dossier):
    t, _toewijzing = dossier
    services.signalen_bijwerken(vandaag=date(2025, 4, 17))
    s = Herindicatiesignaal.objects.get()
    with pytest.raises(services.HerindicatieFout):
        services.signaal_melden_door_aanbieder(
            signaal=s, door=t.andere_aanbieder_gebruiker, toelichting="", op=date(2025, 4, 18)
        )
    s = services.signaal_melden_door_aanbieder(
        signaal=s, door=t.aanbieder_gebruiker, toelichting="Cliënt wil verder", op=date(2025, 4, 22)
    )
    assert s.status == SignaalStatus.DOOR_AANBIEDER
    s = services.herindicatie_starten(signaal=s, door=t.consulent, op=date(2025, 4, 23))
    assert s.status == SignaalStatus.GEMELD
    assert s.melding.omschrijving == (
        "Herindicatie: de indicatie loopt af op 30-06-2025 (gemeld door de aanbieder namens de cliënt)."
    )
