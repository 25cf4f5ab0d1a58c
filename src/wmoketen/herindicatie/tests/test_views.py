"""Pages: overview, evaluation forms for provider and consultant, expiry signals, conversion report, planning."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client as HttpClient

from tests import factories_toegang as ft
from tests.factories import GebruikerFactory
from wmoketen.audit.models import Verwerking
from wmoketen.catalogus.models import Gemeente
from wmoketen.herindicatie import services
from wmoketen.herindicatie.conversie.definitie import lees_definitie
from wmoketen.herindicatie.conversie.uitvoering import proefdraai_opslaan, run_uitvoeren, run_voorbereiden
from wmoketen.herindicatie.models import EvaluatieStatus, Herindicatiesignaal
from wmoketen.toegang import klok

from .conversie_fixture import LN_CONVERSIE, ln_fixture

pytestmark = pytest.mark.django_db


def login(user: object) -> HttpClient:
    c = HttpClient()
    c.force_login(user)  # type: ignore[arg-type]
    return c


@pytest.fixture
def dossier(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(klok, "vandaag", lambda: date(2024, 12, 20))
    t = ft.toegangsregio()
    toewijzing = ft.beschikt(t, ft.melding(t)).toewijzingen.get()
    evaluatie = services.evaluaties_plannen(toewijzing=toewijzing, vandaag=date(2024, 7, 1))[0]
    return t, evaluatie


def test_aanbieder_vult_in_en_consulent_stelt_vast(dossier):
    t, e = dossier
    overzicht = login(t.aanbieder_gebruiker).get("/herindicatie/")
    assert f"/herindicatie/evaluatie/{e.pk}/" in overzicht.content.decode()
    assert login(t.andere_aanbieder_gebruiker).get(f"/herindicatie/evaluatie/{e.pk}/").status_code == 404
    r = login(t.aanbieder_gebruiker).post(
        f"/herindicatie/evaluatie/{e.pk}/", {"oordeel_R-FIN": "deels", "toelichting_R-FIN": "", "toelichting": ""}
    )
    assert "Licht bij resultaat R-FIN toe" in r.content.decode()
    r = login(t.aanbieder_gebruiker).post(
        f"/herindicatie/evaluatie/{e.pk}/",
        {"oordeel_R-FIN": "deels", "toelichting_R-FIN": "Betalen lukt nog niet", "toelichting": "Voorstel"},
    )
    assert r.status_code == 302
    r = login(t.consulent).post(
        f"/herindicatie/evaluatie/{e.pk}/",
        {"oordeel_R-FIN": "behaald", "toelichting_R-FIN": "", "toelichting": "Goed", "client_betrokken": "on"},
    )
    assert r.status_code == 302
    e.refresh_from_db()
    assert (e.status, e.vastgesteld_op, e.profiel_gewijzigd) == (EvaluatieStatus.VASTGESTELD, date(2024, 12, 20), False)
    assert (
        Verwerking.objects.filter(object_type="evaluatie", object_id=str(e.pk)).count() == 5
    )  # the refused and the saved posts


def test_signaal_melden_en_starten(dossier, monkeypatch):
    t, _e = dossier
    monkeypatch.setattr(klok, "vandaag", lambda: date(2025, 4, 22))
    services.signalen_bijwerken(vandaag=date(2025, 4, 22))
    s = Herindicatiesignaal.objects.get()
    assert "30-06-2025" in login(t.consulent).get("/herindicatie/").content.decode()
    assert (
        login(t.aanbieder_gebruiker).post(f"/herindicatie/signaal/{s.pk}/melden/", {"toelichting": "x"}).status_code
        == 302
    )
    r = login(t.consulent).post(f"/herindicatie/signaal/{s.pk}/starten/")
    s.refresh_from_db()
    assert r["Location"] == f"/toegang/dossier/{s.melding_id}/"


def test_conversiepagina_rapport_en_planning():
    ln_fixture()
    gelezen = lees_definitie(LN_CONVERSIE)
    proefdraai_opslaan(gelezen=gelezen)
    gemeenten = list(Gemeente.objects.filter(cbs_code__in=["0983", "0984"]))
    consulent = GebruikerFactory(username="consulent-ln", gemeenten=gemeenten)
    pagina = login(consulent).get("/herindicatie/conversie/limburg-noord-2022-traject/").content.decode()
    assert "Nog niet uitgevoerd" in pagina
    assert (
        "<td>Venlo (0983)</td><td>Thuishulp Noord-Limburg BV (demo) (AGB 99020003)</td><td>PXQ</td><td>1</td><td>1</td>"
        in pagina
    )
    run = run_uitvoeren(run=run_voorbereiden(gelezen=gelezen))
    pagina = login(consulent).get("/herindicatie/conversie/limburg-noord-2022-traject/").content.decode()
    assert "6/6 verwerkt (100 %)" in pagina
    csv = login(consulent).get(f"/herindicatie/run/{run.pk}/rapport.csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode().startswith("volgnummer;gemeente;aanbieder;segment;toewijzing")
    services.herbeoordelingen_plannen(conversie=run.conversie)
    planning = login(consulent).get("/herindicatie/conversie/limburg-noord-2022-traject/planning/").content.decode()
    assert "3 cliënten ingepland" in planning  # BGI, BGI and BGG
    assert "07-02-2022" in planning
    aanbieder = GebruikerFactory(rol="aanbieder", aanbieder=run.stappen.first().toewijzing.aanbieder)
    assert login(aanbieder).get("/herindicatie/conversie/limburg-noord-2022-traject/").status_code == 403
