"""Lists people can work with (issue 19 item 5): the declarations, messages, clients, assignments and payment
batches lists filter, search, sort, page and total with every choice in the URL (one mechanism,
`core.lijsten`), each with a pinned number of queries that does not grow with the rows (no N+1), and an export
(CSV, XLSX) of exactly the current selection, all pages, within the user's scope, clients logged as exported,
large exports on the worker."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import (
    AanbiederFactory,
    ClientFactory,
    GebruikerFactory,
    GemeenteFactory,
    ProductFactory,
    ToewijzingFactory,
)
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.audit.constants import Actie
from wmoketen.audit.models import Verwerking
from wmoketen.berichten.models import Bericht
from wmoketen.catalogus.models import Gemeente
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.core import lijsten
from wmoketen.declaraties.models import Betaalbatch, Declaratie
from wmoketen.taken.models import Taak

pytestmark = pytest.mark.django_db


@dataclass
class Wereld:
    weert: Gemeente
    roermond: Gemeente
    a: Aanbieder
    b: Aanbieder
    backoffice: Gebruiker  # Weert
    consulent: Gebruiker  # Weert
    aanbieder_a: Gebruiker
    monitoring: Gebruiker
    volgnummer: Iterator[int]


def _declaratie(w: Wereld, gemeente: Gemeente, aanbieder: Aanbieder, cent: int) -> Declaratie:
    n = next(w.volgnummer)
    vandaag = timezone.localdate()
    return Declaratie.objects.create(
        declaratie_nummer=f"D{n:07d}", aanbieder=aanbieder, gemeente=gemeente, periode_begin=date(2025, 3, 1),
        periode_eind=date(2025, 3, 31), dagtekening=vandaag, bericht_identificatie=f"B{n}",
        totaal_ingediend_cent=cent, totaal_toegekend_cent=cent, ontvangen_op=vandaag - timedelta(days=n),
        antwoord_uiterlijk=vandaag + timedelta(days=10), status="beantwoord", retour_codes=["0200"],
    )  # fmt: skip


def _bericht(w: Wereld, partij: str, soort: str = "301") -> Bericht:
    n = next(w.volgnummer)
    return Bericht.objects.create(
        partij=partij, richting="uit", soort=soort, afzender=partij, ontvanger=w.a.agb_code,
        identificatie=f"ID{n:06d}", dagtekening=date(2025, 3, 3), gemeente_code=partij, agb_code=w.a.agb_code,
        inhoud=b"<a/>", sha256=f"{n:064d}", grootte=4, status="goedgekeurd", kanaal="systeem", retour_codes=["0200"],
    )  # fmt: skip


def _batch(w: Wereld, gemeente: Gemeente, cent: int) -> Betaalbatch:
    return Betaalbatch.objects.create(
        gemeente=gemeente, aangemaakt_door=w.backoffice, vervaldatum=date(2025, 4, 30), totaal_cent=cent
    )


def _toewijzing(w: Wereld, gemeente: Gemeente, aanbieder: Aanbieder, **velden: Any) -> Any:
    return ToewijzingFactory(
        client=ClientFactory(gemeente=gemeente),
        aanbieder=aanbieder,
        product=w.product,
        **velden,  # type: ignore[attr-defined]
    )


@pytest.fixture(scope="module")
def wereld(django_db_setup: None, django_db_blocker: Any) -> Iterator[Wereld]:
    """Two municipalities and two providers with a few of everything; built once, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            weert = GemeenteFactory(cbs_code="0988", naam="Weert")
            roermond = GemeenteFactory(cbs_code="0957", naam="Roermond")
            a, b = AanbiederFactory(naam="Zorg A"), AanbiederFactory(naam="Zorg B")
            w = Wereld(
                weert, roermond, a, b,
                backoffice=GebruikerFactory(rol=Rol.BACKOFFICE, gemeenten=[weert]),
                consulent=GebruikerFactory(rol=Rol.CONSULENT, gemeenten=[weert]),
                aanbieder_a=GebruikerFactory(rol=Rol.AANBIEDER, aanbieder=a),
                monitoring=GebruikerFactory(rol=Rol.MONITORING, gemeenten=[weert]),
                volgnummer=iter(range(1, 10_000)),
            )  # fmt: skip
            w.product = ProductFactory(productcode="02A01", naam="Begeleiding individueel")  # type: ignore[attr-defined]
            _toewijzing(w, weert, a)
            _toewijzing(w, weert, a, einddatum=date(2023, 1, 31))  # ended
            _toewijzing(w, weert, b)
            _toewijzing(w, roermond, a)  # another municipality: not the Weert staff's
            for gemeente, aanbieder, cent in ((weert, a, 10_000), (weert, b, 2_550), (roermond, a, 99_900)):
                _declaratie(w, gemeente, aanbieder, cent)
            for partij in ("0988", "0988", "0988", "0957"):
                _bericht(w, partij)
            for gemeente, cent in ((weert, 12_345), (weert, 100), (roermond, 5_000)):
                _batch(w, gemeente, cent)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _http(gebruiker: Gebruiker) -> HttpClient:
    http = HttpClient()
    http.force_login(gebruiker)
    return http


def _aantal_queries(http: HttpClient, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = http.get(url, params or {})
    assert antwoord.status_code == 200, url
    return len(vastgelegd)


# Queries per page (session, user, scope, count and totals, the page, the choices): pinned, and the same with
# more rows. A change that adds a query per row (N+1) fails here; a deliberate change updates the number.
QUERIES = {
    "declaraties": 15,
    "berichten": 19,
    "clienten": 18,
    "toewijzingen": 19,
    "betaalbatches": 15,
}
# these pages write each client shown to the Logboek, whose chain head costs one query more on SQLite than on
# PostgreSQL (measured on both: the same number with more rows either way)
LOGBOEK = {"clienten", "toewijzingen"}


def _pagina(w: Wereld, naam: str) -> tuple[Gebruiker, str, dict[str, str]]:
    return {
        "declaraties": (w.backoffice, "/declaraties/", {}),
        "berichten": (w.backoffice, "/berichten/", {}),
        "clienten": (w.consulent, "/clienten/", {"toon": "lijst"}),
        "toewijzingen": (w.backoffice, "/voorzieningen/", {}),
        "betaalbatches": (w.backoffice, "/declaraties/betalingen/", {}),
    }[naam]


def _meer(w: Wereld, naam: str) -> None:
    for _ in range(4):
        if naam == "declaraties":
            _declaratie(w, w.weert, w.b, 1)
        elif naam == "berichten":
            _bericht(w, "0988", soort="305")
        elif naam in ("clienten", "toewijzingen"):
            _toewijzing(w, w.weert, w.b)
        else:
            _batch(w, w.weert, 1)


@pytest.mark.parametrize("naam", list(QUERIES))
def test_each_list_takes_a_fixed_number_of_queries(wereld: Wereld, naam: str) -> None:
    gebruiker, url, params = _pagina(wereld, naam)
    http = _http(gebruiker)
    http.get(url, params)  # warm: the session and caches of a first request
    voor = _aantal_queries(http, url, params)
    _meer(wereld, naam)
    na = _aantal_queries(http, url, params)
    verwacht = QUERIES[naam] + (naam in LOGBOEK and connection.vendor == "sqlite")
    assert (voor, na) == (verwacht, verwacht), naam


def test_the_declaration_list_and_its_export_hold_the_same_selection(wereld: Wereld) -> None:
    http = _http(wereld.backoffice)
    keuze = {"aanbieder": str(wereld.a.pk), "sorteer": "ingediend"}
    html = http.get("/declaraties/", keuze).content.decode()
    assert "1 declaratie · ingediend € 100,00" in html  # Weert and provider A only (Roermond is out of scope)
    assert "/lijsten/declaraties/csv/?aanbieder=" in html  # the export carries the choices
    csv = http.get("/lijsten/declaraties/csv/", keuze)
    tekst = csv.content.decode("utf-8-sig")
    regels = tekst.splitlines()
    assert csv["Content-Disposition"] == 'attachment; filename="declaraties.csv"'
    assert regels[0].startswith("DeclaratieNummer;Aanbieder;Gemeente;Periode;Ontvangen;325 uiterlijk;Uitkomst")
    assert len(regels) == 2 and "Zorg A (AGB " in regels[1] and "Weert (0988)" in regels[1]
    assert "€ 100,00" in regels[1] and "0200 " in regels[1] and "Roermond" not in tekst


def test_paging_keeps_the_choices_and_the_export_holds_every_page(
    wereld: Wereld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lijsten, "PER_PAGINA", 2)
    http = _http(wereld.backoffice)
    keuze = {"gemeente": str(wereld.weert.pk), "sorteer": "oudste"}
    eerste = http.get("/declaraties/betalingen/", keuze).content.decode()
    assert "Pagina 1 van 1" not in eerste and "2 betaalbatches · totaal € 124,45" in eerste
    _batch(wereld, wereld.weert, 1)
    html = http.get("/declaraties/betalingen/", keuze).content.decode()
    assert "3 betaalbatches · totaal € 124,46" in html and "Pagina 1 van 2" in html
    assert f"?gemeente={wereld.weert.pk}&amp;sorteer=oudste&amp;pagina=2" in html  # the next page keeps them
    boek = load_workbook(io.BytesIO(http.get("/lijsten/betaalbatches/xlsx/", keuze).content))
    blad = boek.active
    assert blad is not None
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][:3] == ("Batch", "Gemeente", "Status") and len(rijen) == 4  # every page, not just the first
    assert [r[-1] for r in rijen[1:]] == [123.45, 1.0, 0.01]  # euros as numbers, oldest first
    assert blad.cell(row=2, column=len(rijen[0])).number_format == "€ #,##0.00"


def test_the_client_list_logs_whom_it_shows_and_exports(wereld: Wereld, monkeypatch: pytest.MonkeyPatch) -> None:
    http = _http(wereld.consulent)
    leeg = http.get("/clienten/").content.decode()
    assert 'id="totalen"' not in leeg  # the search page without a choice shows (and logs) nobody
    voor = Verwerking.objects.count()
    html = http.get("/clienten/", {"toon": "lijst", "voorziening": "lopend", "sorteer": "naam"}).content.decode()
    assert "2 cliënten" in html  # Weert with a current assignment (the ended one and Roermond's are not)
    assert Verwerking.objects.count() - voor == 2
    csv = http.get("/lijsten/clienten/csv/", {"toon": "lijst", "voorziening": "lopend"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "Naam;Geboortedatum;Adres;Gemeente;Overleden op" and len(csv.splitlines()) == 3
    export = Verwerking.objects.filter(actie=Actie.EXPORTEREN, object_type="export clienten")
    assert export.count() == 2
    assert Client.objects.filter(gemeente=wereld.roermond).get().achternaam not in csv


def test_the_assignment_list_per_role(wereld: Wereld) -> None:
    gemeente = _http(wereld.backoffice).get("/voorzieningen/", {"status": "lopend"}).content.decode()
    assert "2 toewijzingen" in gemeente and "Zorg A" in gemeente and "Zorg B" in gemeente
    aanbieder = _http(wereld.aanbieder_a).get("/voorzieningen/").content.decode()
    assert "3 toewijzingen" in aanbieder and "Zorg B</td>" not in aanbieder  # its own, in both municipalities
    csv = _http(wereld.aanbieder_a).get("/lijsten/toewijzingen/csv/", {"gemeente": wereld.weert.pk})
    regels = csv.content.decode("utf-8-sig").splitlines()
    assert regels[0].startswith("ToewijzingNummer;Cliënt;Gemeente;Aanbieder;Product;Ingangsdatum;Einddatum;Omvang")
    assert len(regels) == 3 and all("02A01 Begeleiding individueel" in r for r in regels[1:])
    assert _http(wereld.monitoring).get("/voorzieningen/").status_code == 403


def test_the_message_list_export(wereld: Wereld) -> None:
    http = _http(wereld.backoffice)
    html = http.get("/berichten/", {"soort": "301", "sorteer": "oudste"}).content.decode()
    assert '<p id="totalen">3 berichten</p>' in html
    regels = http.get("/lijsten/berichten/csv/", {"soort": "301"}).content.decode("utf-8-sig").splitlines()
    assert regels[0].startswith("Bericht;Richting;Van;Aan;BerichtIdentificatie")
    assert len(regels) == 4 and "Weert (0988)" in regels[1] and "Zorg A (AGB " in regels[1]


@pytest.mark.parametrize("lijst", ["declaraties", "berichten", "clienten", "toewijzingen", "betaalbatches"])
def test_an_export_never_holds_what_the_user_may_not_see(wereld: Wereld, lijst: str) -> None:
    """Roermond's rows are out of the Weert staff's scope, also when asked for; monitoring sees no individual rows."""
    for gebruiker in (wereld.backoffice, wereld.consulent, wereld.monitoring):
        for keuze in ({}, {"gemeente": wereld.roermond.pk}):
            antwoord = _http(gebruiker).get(f"/lijsten/{lijst}/csv/", keuze)
            tekst = antwoord.content.decode("utf-8-sig")
            assert antwoord.status_code == 200 and "Roermond" not in tekst, (lijst, gebruiker.rol)
            if gebruiker == wereld.monitoring or keuze:
                assert len(tekst.splitlines()) == 1, (lijst, gebruiker.rol)  # the header only
    assert _http(wereld.backoffice).get(f"/lijsten/{lijst}/pdf/").status_code == 404


def test_a_large_export_is_made_on_the_worker_for_the_one_who_asked(
    wereld: Wereld, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from wmoketen.web import export

    monkeypatch.setattr(export, "DIRECT_EXPORTEREN_TOT", 1)
    http = _http(wereld.consulent)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = http.get("/lijsten/toewijzingen/csv/", {"gemeente": wereld.weert.pk})
    taak = Taak.objects.get(aangemaakt_door=wereld.consulent)
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(f"/taken/{taak.pk}/?terug=")
    taak.refresh_from_db()
    assert taak.status == "klaar" and taak.bestandsnaam == "toewijzingen.csv"
    assert len(bytes(taak.bestand).decode("utf-8-sig").splitlines()) == 4
    assert http.get(f"/taken/{taak.pk}/bestand/").status_code == 200
    assert _http(wereld.backoffice).get(f"/taken/{taak.pk}/bestand/").status_code == 404
    assert Verwerking.objects.filter(actie=Actie.EXPORTEREN, object_type="export toewijzingen").count() == 3
