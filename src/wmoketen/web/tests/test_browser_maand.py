"""Issue 14, 'Done when': one month of work in the demo, every role in a real browser (headless Chromium), each
step checking the state the next one needs.

The consultant takes a melding that waits for its beschikking to the beschikking (from the first day of last month,
the month walked); the exchange sends the 301 (as the worker does); the provider answers with a 305, declares last
month from the proposal unchanged and sees every line approved; the back office builds a payment batch, a second
person (functional management) reviews it per provider and approves it, and downloads a pain.001 that validates
against the official XSD; the contract manager sees the provider in that month's dashboard.

One test for the walk (the demo takes minutes to build; every role signs in through the real forms with a second
factor typed by the fixture)."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sepaxml
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from lxml import etree

from wmoketen.accounts.demo import DEMO_WACHTWOORD
from wmoketen.berichten.models import Bericht
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.declaraties.models import Betaalbatch, Declaratie, Prestatie
from wmoketen.toegang.constants import Fase
from wmoketen.toegang.models import Melding
from wmoketen.toewijzingen.models import Start, Toewijzing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REGIO = "midden-limburg-2024"
PAIN001_XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"


def afmelden(page: Any) -> None:
    page.click("button:has-text('Afmelden')")


def test_a_month_of_work_for_every_role(ingelogde_pagina: Any, live_server: Any, tmp_path: Path, settings: Any) -> None:
    from playwright.sync_api import expect

    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    call_command("demo", regions=str(Path(django_settings.BASE_DIR) / "regions"), stdout=io.StringIO())
    vandaag = timezone.localdate()
    eerste = (vandaag.replace(day=1) - timedelta(days=1)).replace(day=1)  # the month walked: last month
    laatste = vandaag.replace(day=1) - timedelta(days=1)

    melding = Melding.objects.get(regio__code=REGIO, fase=Fase.AANVRAAG)
    client = melding.client
    aanbieder = melding.plannen.get().aanbieder
    gemeente = client.gemeente
    ingang = max(eerste, melding.melddatum)
    # what the walk starts from: nothing of this provider declared or approved in that month there yet
    assert not Declaratie.objects.filter(aanbieder=aanbieder, gemeente=gemeente, periode_eind__gte=eerste).exists()

    # --- consultant: the beschikking -----------------------------------------------------------------------------
    page = ingelogde_pagina(f"consulent.{REGIO}", DEMO_WACHTWOORD)
    page.click("nav >> text=Werklijst")
    page.goto(f"{live_server.url}/toegang/dossier/{melding.pk}/")
    assert page.locator("#fase").inner_text() == "Aanvraag ontvangen, beschikking te nemen"
    page.click("#acties >> text=Beschikking vaststellen")
    page.fill("#id_besluitdatum", f"{vandaag:%Y-%m-%d}")
    page.fill("#id_ingangsdatum", f"{ingang:%Y-%m-%d}")
    page.click("button:has-text('Beschikking vaststellen')")
    assert "Beschikking vastgesteld; 1 toewijzing(en) aangemaakt." in page.locator(".meldingen").inner_text()
    assert page.locator("#fase").inner_text() == "Beschikt"
    afmelden(page)
    toewijzing = Toewijzing.objects.get(beschikking__melding=melding)
    assert (toewijzing.aanbieder, toewijzing.ingangsdatum) == (aanbieder, ingang)

    uitwisseling_verwerken()  # the worker: the 301 goes out, the provider's 302 comes back without error
    bericht_301 = Bericht.objects.filter(soort="301", richting="uit", client=client).latest("pk")
    assert bericht_301.status == "goedgekeurd", bericht_301.retour_codes

    # --- provider: the start (305), then last month declared from the proposal unchanged ------------------------
    page = ingelogde_pagina(f"aanbieder.{aanbieder.agb_code}", DEMO_WACHTWOORD)
    page.goto(f"{live_server.url}/berichten/portaal/")
    page.click(f"text={toewijzing.toewijzing_nummer}")
    assert page.locator("#levering").inner_text() == "niet gestart"
    page.fill("#start-form input[name=begindatum]", f"{ingang:%Y-%m-%d}")
    page.click("#start-form button[type=submit]")
    assert page.locator("h1").inner_text() == "WMO305 Start ondersteuning"
    uitwisseling_verwerken()
    assert Start.objects.get(toewijzing=toewijzing).begindatum == ingang
    page.reload()
    assert "Goedgekeurd" in page.locator("#status").inner_text()

    page.goto(f"{live_server.url}/berichten/portaal/declareren/?gemeente={gemeente.cbs_code}&maand={eerste:%Y-%m}")
    assert page.locator("h2", has_text=f"Voorstel {eerste:%Y-%m}").count() == 1
    voorgesteld = page.locator("form[method=post] tbody tr").all_inner_texts()
    assert any(str(toewijzing.toewijzing_nummer) in r for r in voorgesteld), voorgesteld
    page.click("button:has-text('Versturen als WMO323')")
    assert page.locator("h1").inner_text() == "WMO323 Declaratie"
    uitwisseling_verwerken()
    declaratie = Declaratie.objects.get(aanbieder=aanbieder, gemeente=gemeente, periode_begin=eerste)
    prestaties = list(declaratie.prestaties.all())
    assert len(prestaties) == len(voorgesteld)
    assert {p.status for p in prestaties} == {"goedgekeurd"}
    page.goto(f"{live_server.url}/declaraties/{declaratie.pk}/")
    assert "goedgekeurd" in page.locator("#uitkomst").inner_text().lower()
    totaal = sum(p.toegekend_cent for p in prestaties)
    assert declaratie.totaal_toegekend_cent == declaratie.totaal_ingediend_cent == totaal > 0
    afmelden(page)

    # --- back office builds the batch; a second person reviews and approves it and downloads the pain.001 -------
    page = ingelogde_pagina(f"backoffice.{REGIO}", DEMO_WACHTWOORD)
    page.goto(f"{live_server.url}/declaraties/betalingen/")
    page.select_option("#gemeente", str(gemeente.pk))
    page.click("button:has-text('Nieuwe betaalbatch')")
    assert "aangemaakt; een collega moet hem goedkeuren" in page.locator(".meldingen").inner_text()
    afmelden(page)
    batch = Betaalbatch.objects.filter(gemeente=gemeente, status="concept").latest("pk")
    assert set(batch.regels.values_list("prestatie_id", flat=True)) >= {p.pk for p in prestaties}

    page = ingelogde_pagina(f"beheer.{REGIO}", DEMO_WACHTWOORD)
    page.goto(f"{live_server.url}/declaraties/betalingen/{batch.pk}/")
    assert aanbieder.naam in page.locator("#per-aanbieder").inner_text()
    assert gemeente.naam in page.locator("#per-gemeente").inner_text()
    page.click("#goedkeuren")
    batch.refresh_from_db()
    assert batch.status == "goedgekeurd" and batch.goedgekeurd_door.username == f"beheer.{REGIO}"
    page.goto(f"{live_server.url}/declaraties/betalingen/{batch.pk}/")
    page.click("#pain001")  # made on the worker; its page offers the download
    expect(page.locator(".voortgang-bestand")).to_be_visible(timeout=30_000)
    antwoord = page.request.get(f"{live_server.url}{page.locator('.voortgang-bestand').get_attribute('href')}")
    assert antwoord.status == 200
    pain = antwoord.body()
    schema = etree.XMLSchema(etree.parse(str(PAIN001_XSD)))
    assert schema.validate(etree.fromstring(pain)), schema.error_log
    assert aanbieder.iban.replace(" ", "").encode() in pain
    afmelden(page)

    # --- contract manager: that month in the dashboards ---------------------------------------------------------
    assert Prestatie.objects.filter(aanbieder=aanbieder, begindatum__gte=eerste, einddatum__lte=laatste).exists()
    page = ingelogde_pagina(f"contractmanager.{REGIO}", DEMO_WACHTWOORD)
    page.goto(f"{live_server.url}/monitoring/?van={eerste:%Y-%m-%d}&tot={laatste:%Y-%m-%d}&per=aanbieder")
    assert page.locator("h1").inner_text() == "Monitoring"
    assert page.locator("#tabel-kosten tr", has_text=aanbieder.naam).count() == 1
