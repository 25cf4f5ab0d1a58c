"""Issue 14, 'Done when': one month of work in the demo, a browser test per role (headless Chromium), each step
checking the state the next one needs.

1. the consultant takes a melding that waits for its beschikking to the beschikking (from the first day of last
   month, the month walked); the exchange sends the 301 (as the worker does) and the provider's 302 accepts it;
2. the provider answers with a 305, declares last month from the proposal unchanged and sees every line approved;
3. the back office builds a payment batch, a second person (functional management) reviews it per provider and per
   municipality and approves it, and downloads a pain.001 that validates against the official XSD;
4. the contract manager sees the provider in that month's dashboard.

The four tests run in this order on one demo and one live server built once for the module (the demo takes
minutes); what one role leaves behind is in `Maand`, and each test first asserts that its predecessor left it.
The module's database is emptied at the end (as a transactional test's is), so nothing leaks into later tests.
pytest-django's own `live_server` would empty the database after every test (it makes each test transactional), so
the module starts its own server, and overrides `db` (below). Run the module as a whole: a single role's test fails
on its missing predecessor.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sepaxml
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from lxml import etree

from tests.auth import code_voor
from wmoketen.accounts.demo import DEMO_WACHTWOORD
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.catalogus.models import Gemeente
from wmoketen.clienten.models import Client
from wmoketen.contracten.models import Aanbieder
from wmoketen.declaraties.models import Betaalbatch, Declaratie, Prestatie
from wmoketen.toegang.constants import Fase
from wmoketen.toegang.models import Melding
from wmoketen.toewijzingen.models import Start, Toewijzing

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("db")]
REGIO = "midden-limburg-2024"
PAIN001_XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


@dataclass
class Maand:
    """The month walked and what each role hands to the next."""

    basis: str
    vandaag: date
    eerste: date
    laatste: date
    melding: Melding
    client: Client
    aanbieder: Aanbieder
    gemeente: Gemeente
    ingang: date
    toewijzing: Toewijzing | None = None
    declaratie: Declaratie | None = None
    batch: Betaalbatch | None = None


@pytest.fixture
def db() -> None:
    """Named `db` so pytest-django sets the test database up for this module (it looks for that name), without
    what its own `db` does per test (a transaction rolled back after each test): the four tests share the state of
    `maand`, which is committed for the live server and emptied once at the end."""


@pytest.fixture(scope="module")
def maand(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Maand]:
    """The demo and a live server for the whole module; the database is emptied afterwards."""
    from pytest_django.live_server_helper import LiveServer

    from wmoketen.catalogus.services import leefgebieden_vastleggen

    uitwisseling = tmp_path_factory.mktemp("uitwisseling")
    controlepunten = tmp_path_factory.mktemp("logboek") / "controlepunten.jsonl"
    with (
        django_db_blocker.unblock(),
        override_settings(WMOKETEN_UITWISSELING_MAP=uitwisseling, WMOKETEN_AUDIT_CONTROLEPUNTEN=controlepunten),
    ):
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            leefgebieden_vastleggen()
            call_command("demo", regions=str(Path(django_settings.BASE_DIR) / "regions"), stdout=io.StringIO())
            vandaag = timezone.localdate()
            eerste = (vandaag.replace(day=1) - timedelta(days=1)).replace(day=1)  # the month walked: last month
            melding = Melding.objects.select_related("client__gemeente").get(regio__code=REGIO, fase=Fase.AANVRAAG)
            yield Maand(
                basis=server.url, vandaag=vandaag, eerste=eerste, laatste=vandaag.replace(day=1) - timedelta(days=1),
                melding=melding, client=melding.client, aanbieder=melding.plannen.get().aanbieder,
                gemeente=melding.client.gemeente, ingang=max(eerste, melding.melddatum),
            )  # fmt: skip
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", verbosity=0, interactive=False)  # as after a transactional test


def aanmelden(page: Any, basis: str, username: str) -> Any:
    """Sign in through the real forms, with a fresh second-factor code (as the `ingelogde_pagina` fixture does)."""
    from wmoketen.accounts.models import Gebruiker

    page.goto(f"{basis}/aanmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_WACHTWOORD)
    page.click("button[type=submit]")
    if "/aanmelden/code/" in page.url:
        geheim = page.text_content("#totp-geheim") if page.locator("#totp-geheim").count() else None
        page.fill("#id_code", code_voor(Gebruiker.objects.get(username=username), geheim))
        page.click("main button[type=submit]")
    return page


def afmelden(page: Any) -> None:
    page.click("button:has-text('Afmelden')")


def test_1_consultant_takes_the_melding_to_its_beschikking(page: Any, maand: Maand) -> None:
    m = maand
    # what the walk starts from: nothing of this provider declared or approved in that month there yet
    assert not Declaratie.objects.filter(
        aanbieder=m.aanbieder, gemeente=m.gemeente, periode_eind__gte=m.eerste
    ).exists()
    aanmelden(page, m.basis, f"consulent.{REGIO}")
    page.click("nav >> text=Werklijst")
    page.goto(f"{m.basis}/toegang/dossier/{m.melding.pk}/")
    assert page.locator("#fase").inner_text() == "Aanvraag ontvangen, beschikking te nemen"
    page.click("#acties >> text=Beschikking vaststellen")
    page.fill("#id_besluitdatum", f"{m.vandaag:%Y-%m-%d}")
    page.fill("#id_ingangsdatum", f"{m.ingang:%Y-%m-%d}")
    page.click("button:has-text('Beschikking vaststellen')")
    assert "Beschikking vastgesteld; 1 toewijzing(en) aangemaakt." in page.locator(".meldingen").inner_text()
    assert page.locator("#fase").inner_text() == "Beschikt"
    afmelden(page)
    toewijzing = Toewijzing.objects.get(beschikking__melding=m.melding)
    assert (toewijzing.aanbieder, toewijzing.ingangsdatum) == (m.aanbieder, m.ingang)

    # what the provider needs: the 301 out (the worker's exchange) and accepted by the provider's 302
    uitwisseling_verwerken()
    bericht_301 = Bericht.objects.filter(soort="301", richting="uit", client=m.client).latest("pk")
    assert bericht_301.status == "goedgekeurd", bericht_301.retour_codes
    assert not Start.objects.filter(toewijzing=toewijzing).exists()
    m.toewijzing = toewijzing


def test_2_provider_starts_and_declares_the_month_from_the_proposal(page: Any, maand: Maand) -> None:
    m = maand
    assert m.toewijzing is not None, "the consultant's step (test 1) left no accepted assignment"
    toewijzing = m.toewijzing
    aanmelden(page, m.basis, f"aanbieder.{m.aanbieder.agb_code}")
    page.goto(f"{m.basis}/berichten/portaal/")
    page.click(f"text={toewijzing.toewijzing_nummer}")
    assert page.locator("#levering").inner_text() == "niet gestart"
    page.fill("#start-form input[name=begindatum]", f"{m.ingang:%Y-%m-%d}")
    page.click("#start-form button[type=submit]")
    assert page.locator("h1").inner_text() == "WMO305 Start ondersteuning"
    uitwisseling_verwerken()
    assert Start.objects.get(toewijzing=toewijzing).begindatum == m.ingang
    page.reload()
    assert "Goedgekeurd" in page.locator("#status").inner_text()

    page.goto(f"{m.basis}/berichten/portaal/declareren/?gemeente={m.gemeente.cbs_code}&maand={m.eerste:%Y-%m}")
    assert page.locator("h2", has_text=f"Voorstel {m.eerste:%Y-%m}").count() == 1
    page.wait_for_selector("form[method=post] tbody tr")
    voorgesteld = page.locator("form[method=post] tbody tr").all_inner_texts()
    assert any(str(toewijzing.toewijzing_nummer) in r for r in voorgesteld), voorgesteld
    page.click("button:has-text('Versturen als WMO323')")
    assert page.locator("h1").inner_text() == "WMO323 Declaratie"
    uitwisseling_verwerken()
    declaratie = Declaratie.objects.get(aanbieder=m.aanbieder, gemeente=m.gemeente, periode_begin=m.eerste)
    prestaties = list(declaratie.prestaties.all())
    assert len(prestaties) == len(voorgesteld)
    assert {p.status for p in prestaties} == {"goedgekeurd"}
    page.goto(f"{m.basis}/declaraties/{declaratie.pk}/")
    assert "goedgekeurd" in page.locator("#uitkomst").inner_text().lower()
    totaal = sum(p.toegekend_cent for p in prestaties)
    assert declaratie.totaal_toegekend_cent == declaratie.totaal_ingediend_cent == totaal > 0
    afmelden(page)

    # what the back office needs: approved prestaties of the month, in no payment batch yet
    assert not Prestatie.objects.filter(declaratie=declaratie, betaalregel__isnull=False).exists()
    m.declaratie = declaratie


def test_3_back_office_builds_a_batch_a_second_person_approves_it_and_downloads_the_pain001(
    page: Any, maand: Maand
) -> None:
    from playwright.sync_api import expect

    m = maand
    assert m.declaratie is not None, "the provider's step (test 2) left no approved declaration"
    prestaties = {p.pk for p in m.declaratie.prestaties.all()}
    aanmelden(page, m.basis, f"backoffice.{REGIO}")
    page.goto(f"{m.basis}/declaraties/betalingen/")
    page.select_option("#gemeente", str(m.gemeente.pk))
    page.click("button:has-text('Nieuwe betaalbatch')")
    assert "aangemaakt; een collega moet hem goedkeuren" in page.locator(".meldingen").inner_text()
    afmelden(page)
    batch = Betaalbatch.objects.filter(gemeente=m.gemeente, status="concept").latest("pk")
    assert set(batch.regels.values_list("prestatie_id", flat=True)) >= prestaties

    page = aanmelden(page, m.basis, f"beheer.{REGIO}")
    page.goto(f"{m.basis}/declaraties/betalingen/{batch.pk}/")
    assert m.aanbieder.naam in page.locator("#per-aanbieder").inner_text()
    assert m.gemeente.naam in page.locator("#per-gemeente").inner_text()
    page.click("#goedkeuren")
    batch.refresh_from_db()
    assert batch.status == "goedgekeurd" and batch.goedgekeurd_door.username == f"beheer.{REGIO}"
    page.goto(f"{m.basis}/declaraties/betalingen/{batch.pk}/")
    page.click("#pain001")  # made on the worker; its page offers the download
    expect(page.locator(".voortgang-bestand")).to_be_visible(timeout=30_000)
    antwoord = page.request.get(f"{m.basis}{page.locator('.voortgang-bestand').get_attribute('href')}")
    assert antwoord.status == 200
    pain = antwoord.body()
    schema = etree.XMLSchema(etree.parse(str(PAIN001_XSD)))
    assert schema.validate(etree.fromstring(pain)), schema.error_log
    assert m.aanbieder.iban.replace(" ", "").encode() in pain
    afmelden(page)

    # what the contract manager needs: the month's prestaties of this provider paid in an approved batch
    assert not Prestatie.objects.filter(pk__in=prestaties).exclude(betaalregel__batch=batch).exists()
    m.batch = batch


def test_4_contract_manager_sees_the_month_in_the_dashboards(page: Any, maand: Maand) -> None:
    m = maand
    assert m.batch is not None, "the back office's step (test 3) left no approved batch"
    assert Prestatie.objects.filter(
        aanbieder=m.aanbieder, begindatum__gte=m.eerste, einddatum__lte=m.laatste, status="goedgekeurd"
    ).exists()
    aanmelden(page, m.basis, f"contractmanager.{REGIO}")
    page.goto(f"{m.basis}/monitoring/?van={m.eerste:%Y-%m-%d}&tot={m.laatste:%Y-%m-%d}&per=aanbieder")
    assert page.locator("h1").inner_text() == "Monitoring"
    page.wait_for_selector("#tabel-kosten")
    assert page.locator("#tabel-kosten tr", has_text=m.aanbieder.naam).count() == 1
