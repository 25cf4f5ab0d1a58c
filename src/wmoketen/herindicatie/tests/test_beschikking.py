"""A new beschikking completes the re-indication it answers (toegang.beschikking_vastgesteld -> herindicatie)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient

from tests import factories_toegang as ft
from tests.factories import PerceelFactory, SegmentFactory
from wmoketen.core import events
from wmoketen.herindicatie import services
from wmoketen.herindicatie.beschikking import EVENT, Afgerond, bij_beschikking, herindicatie_afronden
from wmoketen.herindicatie.models import (
    Conversie,
    Evaluatie,
    Herbeoordeling,
    HerbeoordelingStatus,
    Herindicatiesignaal,
    SignaalStatus,
)
from wmoketen.toegang import klok
from wmoketen.toegang import services as toegang
from wmoketen.toegang.models import Beschikking, Melding

pytestmark = pytest.mark.django_db

NIEUWE_INGANG = date(2025, 7, 1)  # the day after the first indication (01-07-2024 t/m 30-06-2025) ends


@pytest.fixture
def dossier():
    t = ft.toegangsregio()
    beschikking = ft.beschikt(t, ft.melding(t))
    return t, beschikking.toewijzingen.get()


def beschikken(t: ft.Testregio, melding: Melding, product=None, ingangsdatum: date = NIEUWE_INGANG) -> Beschikking:
    """The whole access flow on a (vervolg)melding, dated from its melddatum, for one product (default BGI1)."""
    d = melding.melddatum
    toegang.huisbezoek_plannen(
        door=t.consulent, melding=melding, afspraak_op=d + timedelta(1), huisbezoek_datum=d + timedelta(2)
    )
    toegang.onderzoeksverslag_vastleggen(
        door=t.consulent,
        melding=melding,
        gespreksdatum=d + timedelta(2),
        bevindingen="Ondersteuning blijft nodig.",
        aanwezigen="Cliënt",
    )
    plan = ft.plan_opstellen(t, melding, producten=[toegang.PlanRegel(product or t.bgi1)])
    toegang.plan_ondertekenen_en_versturen(
        door=t.consulent,
        plan=plan,
        ondertekend_client_op=d + timedelta(5),
        ondertekend_gemeente_op=d + timedelta(5),
        toestemming_aanbieder=True,
        verzonden_op=d + timedelta(5),
    )
    toegang.deel2_indienen(
        door=t.aanbieder_gebruiker,
        plan=plan,
        resultaten=[toegang.ResultaatInvoer("R-FIN", "Zelf de post openen", "1 keer per week")],
        ondertekend_client_op=d + timedelta(8),
        ondertekend_aanbieder_op=d + timedelta(8),
    )
    toegang.akkoord_geven(door=t.consulent, melding=melding, verslag_ondertekend_op=d + timedelta(9))
    return toegang.beschikking_vaststellen(
        door=t.consulent, melding=melding, besluitdatum=d + timedelta(10), ingangsdatum=ingangsdatum
    )


def gestart_signaal(t: ft.Testregio) -> Herindicatiesignaal:
    assert services.signalen_bijwerken(vandaag=date(2025, 4, 17)) == 1
    return services.herindicatie_starten(
        signaal=Herindicatiesignaal.objects.get(), door=t.consulent, op=date(2025, 4, 23)
    )


def losse_melding(t: ft.Testregio, client) -> Melding:
    return toegang.melding_registreren(door=t.consulent, client=client, melddatum=date(2025, 4, 24))


def test_handler_staat_op_de_gebeurtenis():
    assert bij_beschikking in events.handlers(EVENT)
    assert EVENT == "toegang.beschikking_vastgesteld"


def test_beschikking_op_de_vervolgmelding_rondt_het_signaal_af_en_tweede_keer_verandert_niets(dossier):
    t, toewijzing = dossier
    signaal = gestart_signaal(t)
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.GEMELD, None)
    nieuw = beschikken(t, signaal.melding)
    signaal.refresh_from_db()
    assert (signaal.status, signaal.beschikking_id, signaal.melding_id) == (
        SignaalStatus.AFGEROND,
        nieuw.pk,
        nieuw.melding_id,
    )
    assert signaal.get_status_display() == "Afgerond: nieuwe beschikking"
    assert signaal.toewijzing_id == toewijzing.pk
    # the same event again changes nothing (the handler alone: toewijzingen's handler is not idempotent)
    assert herindicatie_afronden(beschikking_id=nieuw.pk) == Afgerond(0, 0, 0)
    bij_beschikking(beschikking_id=nieuw.pk)
    signaal.refresh_from_db()
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.AFGEROND, nieuw.pk)
    # a later beschikking for the same client and segment does not move the link
    later = beschikken(t, losse_melding(t, toewijzing.client), ingangsdatum=date(2026, 7, 1))
    signaal.refresh_from_db()
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.AFGEROND, nieuw.pk)
    assert later.pk != nieuw.pk
    with pytest.raises(services.HerindicatieFout, match="al afgerond"):
        services.herindicatie_starten(signaal=signaal, door=t.consulent, op=date(2025, 5, 1))


def test_beschikking_voor_een_andere_client_doet_niets(dossier):
    t, toewijzing = dossier
    services.signalen_bijwerken(vandaag=date(2025, 4, 17))
    andere_client = ft.client_in(t)
    assert andere_client.pk != toewijzing.client_id
    anders = beschikken(t, losse_melding(t, andere_client))  # same segment, same product, another client
    signaal = Herindicatiesignaal.objects.get()
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.OPEN, None)
    assert herindicatie_afronden(beschikking_id=anders.pk) == Afgerond(0, 0, 0)


def test_open_signaal_volgt_een_beschikking_voor_dezelfde_client_in_hetzelfde_segment(dossier):
    t, toewijzing = dossier
    services.signalen_bijwerken(vandaag=date(2025, 4, 17))
    signaal = Herindicatiesignaal.objects.get()
    signaal = services.signaal_melden_door_aanbieder(
        signaal=signaal, door=t.aanbieder_gebruiker, toelichting="Cliënt wil verder", op=date(2025, 4, 18)
    )
    assert signaal.melding_id is None
    # another segment of the same client: not this re-indication
    ander_segment = SegmentFactory(regio=t.regio, code="HV", naam="Hulpmiddelen")
    perceel = PerceelFactory(segment=ander_segment, code="9", naam="Perceel 9")
    product = ft._product(perceel, "HV1", "Hulp in een ander segment")
    t.aanbieder.overeenkomsten.get(regio=t.regio).percelen.add(perceel)
    beschikken(t, losse_melding(t, toewijzing.client), product=product)
    signaal.refresh_from_db()
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.DOOR_AANBIEDER, None)
    # the same segment (another lot even): done, and linked
    nieuw = beschikken(t, losse_melding(t, toewijzing.client), product=t.bgi2, ingangsdatum=date(2026, 7, 1))
    signaal.refresh_from_db()
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.AFGEROND, nieuw.pk)


def test_signaal_dat_op_een_eigen_vervolgmelding_wacht_blijft_open_bij_een_andere_melding(dossier):
    t, toewijzing = dossier
    signaal = gestart_signaal(t)
    andere = beschikken(t, losse_melding(t, toewijzing.client))
    signaal.refresh_from_db()
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.GEMELD, None)
    assert signaal.melding_id != andere.melding_id
    eigen = beschikken(t, signaal.melding, ingangsdatum=date(2026, 7, 1))
    signaal.refresh_from_db()
    assert (signaal.status, signaal.beschikking_id) == (SignaalStatus.AFGEROND, eigen.pk)


def test_evaluatie_met_gewijzigd_profiel_krijgt_de_nieuwe_beschikking(dossier, monkeypatch):
    t, toewijzing = dossier
    evaluatie = services.evaluaties_plannen(toewijzing=toewijzing, vandaag=date(2024, 7, 1))[0]
    evaluatie = services.evaluatie_vaststellen(
        evaluatie=evaluatie,
        door=t.consulent,
        oordelen={"R-FIN": ("niet", "Schulden opgelopen")},
        client_betrokken=True,
        toelichting="Profiel gewijzigd",
        profiel_gewijzigd=True,
        op=date(2025, 1, 6),
    )
    assert evaluatie.beschikking_id is None
    monkeypatch.setattr(klok, "vandaag", lambda: date(2025, 1, 20))
    pagina = _login(t.consulent).get(f"/herindicatie/evaluatie/{evaluatie.pk}/").content.decode()
    assert "vervolgmelding geregistreerd, nog geen nieuwe beschikking" in pagina
    nieuw = beschikken(t, evaluatie.vervolgmelding)
    evaluatie.refresh_from_db()
    assert evaluatie.beschikking_id == nieuw.pk
    assert Evaluatie.objects.filter(beschikking__isnull=False).count() == 1  # only the settled one
    pagina = _login(t.aanbieder_gebruiker).get(f"/herindicatie/evaluatie/{evaluatie.pk}/").content.decode()
    assert "afgerond met de nieuwe beschikking van 16-01-2025 (01-07-2025 t/m 30-06-2026)" in pagina
    assert "/toegang/dossier/" not in pagina  # the provider does not get the access dossier


def test_herbeoordeling_wordt_afgerond(dossier):
    t, toewijzing = dossier
    conversie = Conversie.objects.create(
        code="test", naam="Test", regio=t.regio, bestand="test.yaml", sha256="0" * 64, definitie={}
    )
    rij = Herbeoordeling.objects.create(
        conversie=conversie,
        client=toewijzing.client,
        toewijzing=toewijzing,
        week=date(2025, 4, 21),
        uiterlijk=date(2025, 5, 5),
        consulent=t.consulent,
    )
    nieuw = beschikken(t, losse_melding(t, toewijzing.client))
    rij.refresh_from_db()
    assert (rij.status, rij.beschikking_id) == (HerbeoordelingStatus.AFGEROND, nieuw.pk)
    assert rij.get_status_display() == "Afgerond: nieuwe beschikking"


def _login(user: object) -> HttpClient:
    c = HttpClient()
    c.force_login(user)  # type: ignore[arg-type]
    return c


def test_overzicht_toont_lopende_en_afgeronde_herindicatie(dossier, monkeypatch):
    t, toewijzing = dossier
    monkeypatch.setattr(klok, "vandaag", lambda: date(2025, 4, 24))
    signaal = gestart_signaal(t)
    pagina = _login(t.consulent).get("/herindicatie/").content.decode()
    assert "Herindicaties in behandeling en afgerond (1)" in pagina
    assert "Indicatie loopt af op 30-06-2025" in pagina
    assert f'Vervolgmelding geregistreerd (<a href="/toegang/dossier/{signaal.melding_id}/">dossier</a>)' in pagina
    assert "Nog niet beschikt" in pagina
    monkeypatch.setattr(klok, "vandaag", lambda: date(2025, 5, 12))  # steps are never dated in the future
    nieuw = beschikken(t, signaal.melding)
    pagina = _login(t.consulent).get("/herindicatie/").content.decode()
    assert '<tr class="afgerond">' in pagina
    assert (
        f'<a href="/toegang/dossier/{nieuw.melding_id}/">Beschikking van 03-05-2025</a>, 01-07-2025 t/m 30-06-2026'
        in pagina
    )
    aanbieder = _login(t.aanbieder_gebruiker).get("/herindicatie/").content.decode()
    assert "Beschikking van 03-05-2025, 01-07-2025 t/m 30-06-2026" in aanbieder
    assert "/toegang/dossier/" not in aanbieder
    assert (
        "Geen herindicaties in behandeling."
        in _login(t.andere_aanbieder_gebruiker).get("/herindicatie/").content.decode()
    )
    # completed ones leave the overview 13 weeks after the beschikking
    monkeypatch.setattr(klok, "vandaag", lambda: date(2025, 8, 4))
    assert "Herindicaties in behandeling en afgerond (0)" in _login(t.consulent).get("/herindicatie/").content.decode()
    assert toewijzing.client.naam in pagina
