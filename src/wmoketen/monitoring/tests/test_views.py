"""Pages and exports: who may see what, suppression in every output, and never a client's name or BSN."""

from __future__ import annotations

import io

import pytest
from django.db.models import Max
from django.test import Client as HttpClient
from django.utils import timezone
from openpyxl import load_workbook

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.clienten.models import Client
from wmoketen.declaraties.models import Prestatie
from wmoketen.monitoring.filters import standaardperiode

from .wereld import bouw

pytestmark = pytest.mark.django_db

Q = "van=2024-01-01&tot=2024-12-31"


@pytest.fixture
def w():
    return bouw()


def als(rol: str, **kw: object) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), GebruikerFactory(rol=rol, **kw))


def persoonsgegevens() -> list[str]:
    return [c.bsn for c in Client.objects.all()] + [c.achternaam for c in Client.objects.all()]


@pytest.mark.parametrize("rol", [Rol.CONTRACTMANAGER, Rol.MONITORING, Rol.FUNCTIONEEL_BEHEER, Rol.BACKOFFICE])
def test_leesrollen_zien_dashboard_benchmark_en_rapport(w, rol):
    http = als(rol)
    for url in (f"/monitoring/?{Q}", f"/monitoring/benchmark/?{Q}", f"/monitoring/aanbieder/{w.a.pk}/?{Q}"):
        assert http.get(url).status_code == 200, url


def test_consulent_en_anonieme_gebruiker_niet(w):
    assert als(Rol.CONSULENT).get("/monitoring/").status_code == 403
    assert als(Rol.CONSULENT).get(f"/monitoring/export/clienten.csv?{Q}").status_code == 403
    assert HttpClient().get("/monitoring/").status_code == 302


def test_aanbieder_ziet_alleen_eigen_rapport(w):
    http = als(Rol.AANBIEDER, aanbieder=w.a)
    eigen = http.get(f"/monitoring/aanbieder/{w.a.pk}/?{Q}")
    assert eigen.status_code == 200
    assert "Accountgesprek Aanbieder A" in eigen.content.decode()
    assert "Aanbieder B" not in eigen.content.decode()  # the benchmark names only the provider itself
    assert http.get(f"/monitoring/aanbieder/{w.b.pk}/?{Q}").status_code == 404
    assert http.get(f"/monitoring/aanbieder/{w.b.pk}/rapport.pdf?{Q}").status_code == 404
    assert http.get(f"/monitoring/?{Q}").status_code == 403
    assert http.get(f"/monitoring/export/clienten.csv?{Q}").status_code == 403


def test_monitoring_ziet_nergens_naam_of_bsn(w, django_capture_on_commit_callbacks):
    http = als(Rol.MONITORING)
    verboden = persoonsgegevens()
    urls = [f"/monitoring/?{Q}&per={per}" for per in ("aanbieder", "segment", "perceel", "gemeente", "product",
                                                       "profiel")]  # fmt: skip
    urls += [f"/monitoring/benchmark/?{Q}", f"/monitoring/aanbieder/{w.a.pk}/?{Q}"]  # fmt: skip
    for url in urls:
        inhoud = http.get(url).content.decode()
        assert not [v for v in verboden if v in inhoud], url
    inhoud = _export_alles(http, "csv", django_capture_on_commit_callbacks).decode("utf-8-sig")
    assert inhoud and not [v for v in verboden if v in inhoud]
    assert http.get(f"/monitoring/export/alles.csv?{Q}").status_code == 405  # a GET does not start work


def _export_alles(http: HttpClient, formaat: str, capture) -> bytes:
    """'Alles' is a background task (eager here): POST, follow to the task page, download its file."""
    from wmoketen.taken.models import Taak

    with capture(execute=True):  # handed over when the request's transaction commits
        antwoord = http.post(f"/monitoring/export/alles.{formaat}?{Q}")
    assert antwoord.status_code == 302 and antwoord["Location"].startswith("/taken/")
    taak = Taak.objects.latest("aangemaakt_op")
    pagina = http.get(antwoord["Location"]).content.decode()
    assert f'href="/taken/{taak.pk}/bestand/"' in pagina and "Klaar" in pagina
    assert 'href="/monitoring/?van=2024-01-01' in pagina  # back to the dashboard with the same filter
    return http.get(f"/taken/{taak.pk}/bestand/").content


def test_dashboard_onderdrukt_kleine_aantallen(w):
    inhoud = als(Rol.MONITORING).get(f"/monitoring/?{Q}").content.decode()
    # Aanbieder A has 5 clients in care (shown), B has 2 (suppressed): in the table and in the chart
    assert '<td class="in_zorg">5</td>' in inhoud
    assert '<td class="in_zorg onderdrukt">&lt; 5</td>' in inhoud
    assert "<title>Aanbieder A: 5</title>" in inhoud
    assert "<title>Aanbieder B: &lt; 5</title>" in inhoud


def test_filter_op_gemeente_verandert_de_cijfers(w):
    inhoud = als(Rol.CONTRACTMANAGER).get(f"/monitoring/?{Q}&gemeente={w.nederweert.pk}").content.decode()
    assert '<td class="in_zorg onderdrukt">&lt; 5</td>' in inhoud
    assert '<td class="in_zorg">5</td>' not in inhoud


def test_csv_export_met_onderdrukking(w):
    r = als(Rol.MONITORING).get(f"/monitoring/export/clienten.csv?{Q}")
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    regels = r.content.decode("utf-8-sig").splitlines()
    assert regels[1] == "Aanbieder;Cliënten in zorg;Instroom;Uitstroom"
    assert regels[2:] == ["Aanbieder A;5;< 5;< 5", "Aanbieder B;< 5;< 5;0"]


def test_xlsx_export_van_alle_tabellen(w, django_capture_on_commit_callbacks):
    inhoud = _export_alles(als(Rol.CONTRACTMANAGER), "xlsx", django_capture_on_commit_callbacks)
    boek = load_workbook(io.BytesIO(inhoud))
    assert boek.sheetnames[:3] == ["clienten", "kosten_per_aanbieder", "kosten_per_product"]
    blad = boek["kosten_per_aanbieder"]
    assert [c.value for c in blad[3]][:4] == ["Aanbieder A", 5, 1980, 396]
    assert [c.value for c in blad[4]][:3] == ["Aanbieder B", "< 5", "< 5"]
    assert als(Rol.CONTRACTMANAGER).get(f"/monitoring/export/bestaatniet.csv?{Q}").status_code == 404


def test_rapport_pdf(w):
    r = als(Rol.CONTRACTMANAGER).get(f"/monitoring/aanbieder/{w.a.pk}/rapport.pdf?{Q}")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert als(Rol.AANBIEDER, aanbieder=w.a).get(f"/monitoring/aanbieder/{w.a.pk}/rapport.pdf?{Q}").status_code == 200


def test_zonder_gegevens_in_de_standaardperiode_toont_het_dashboard_de_laatste_periode_met_gegevens(w):
    """Issue 14 item 11: a region whose declarations lie before the last twelve months (De Fryske Marren 2022)
    gets the twelve months up to its latest prestatie by default, said above the filter and changeable there; a
    chosen period stays as chosen."""
    http = als(Rol.CONTRACTMANAGER, regio=w.regio)
    laatste = Prestatie.objects.aggregate(m=Max("declaratie__periode_eind"))["m"]
    van, tot = standaardperiode(laatste)
    assert tot < standaardperiode(timezone.localdate())[0]  # the world's prestaties are all from 2024
    for pad in ("/monitoring/", "/monitoring/benchmark/", f"/monitoring/aanbieder/{w.a.pk}/"):
        html = http.get(pad).content.decode()
        assert f"getoond wordt de laatste periode met gegevens, {van:%d-%m-%Y} tot en met {tot:%d-%m-%Y}" in html, pad
        assert f'name="van" id="f-van" value="{van:%Y-%m-%d}"' in html
        assert f'name="tot" id="f-tot" value="{tot:%Y-%m-%d}"' in html
    gekozen = http.get("/monitoring/?van=2026-01-01&tot=2026-06-30").content.decode()
    assert "laatste periode met gegevens" not in gekozen
    assert 'name="van" id="f-van" value="2026-01-01"' in gekozen
    met_gegevens = http.get(f"/monitoring/?van={van:%Y-%m-%d}&tot={tot:%Y-%m-%d}").content.decode()
    assert "laatste periode met gegevens" not in met_gegevens
