"""In a real browser: refuse a melding and download the afwijzing letter; register a bezwaar and see its deadline on
the worklist."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories_toegang import client_in, toegangsregio
from tests.pdftekst import pdf_tekst
from wmoketen.toegang import services
from wmoketen.toegang.domain import bezwaartermijnen
from wmoketen.toegang.models import Brief

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WACHTWOORD = "geheim-wachtwoord-1"


def test_refuse_download_the_letter_and_object(ingelogde_pagina: Any, live_server: Any) -> None:
    t = toegangsregio()
    vandaag = timezone.localdate()
    m = services.melding_registreren(
        door=t.consulent, client=client_in(t), melddatum=vandaag - timedelta(days=20), omschrijving="Hulp thuis"
    )
    services.onderzoeksverslag_vastleggen(
        door=t.consulent, melding=m, gespreksdatum=vandaag - timedelta(days=10), bevindingen="Redt het met de buren."
    )

    page = ingelogde_pagina(t.consulent.username, WACHTWOORD)
    assert page.locator("h1").inner_text() == "Werklijst toegang"
    page.click("#werklijst >> text=A. Jansen")
    page.click("#acties >> text=Aanvraag vastleggen (ondertekend verslag)")
    page.click("button:has-text('Vastleggen')")
    assert "Aanvraag vastgelegd" in page.locator(".meldingen").inner_text()

    # refuse: nonsense first (no reasons), then properly
    page.click("#acties >> text=Aanvraag afwijzen")
    page.select_option("#id_grondslag", "eigen_kracht")
    page.click("button:has-text('Afwijzen en brief maken')")
    assert "Vul deze tekst in; hij staat in de brief." in page.locator("#veld-redenen").inner_text()
    page.fill("#id_redenen", "Uw buren doen de boodschappen; uw dochter helpt met de post.")
    page.click("button:has-text('Afwijzen en brief maken')")
    assert page.locator("#fase").inner_text() == "Afgewezen"
    assert "Grondslag: Eigen kracht" in page.locator("#afhandeling").inner_text().replace("grondslag", "Grondslag")
    rij = page.locator("#brieven tr", has_text="Beschikking: afwijzing")
    href = rij.locator("a", has_text="PDF").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    brief = Brief.objects.get(melding=m, soort="afwijzing")
    assert pdf.body() == bytes(brief.pdf)  # the stored letter, byte for byte
    tekst = pdf_tekst(pdf.body())
    assert "Wij wijzen uw aanvraag voor een maatwerkvoorziening af." in tekst and "Uw buren doen" in tekst
    assert not page.locator("#acties").count()  # nothing more to do on this melding

    # register a bezwaar against the refusal and see its deadline on the worklist
    rij.locator("a", has_text="bezwaar registreren").click()
    page.fill("#id_gronden", "Mijn buren verhuizen volgende maand.")
    page.click("button:has-text('Bezwaar vastleggen')")
    uiterlijk = bezwaartermijnen(verzonden_op=vandaag, ontvangen_op=vandaag).beslissen_uiterlijk
    assert uiterlijk.strftime("%Y") in page.locator("#beslistermijn").inner_text()
    page.click("nav >> text=Werklijst")
    bezwaar = page.locator("#bezwaren tbody tr", has_text="A. Jansen")
    assert uiterlijk.strftime("%d-%m-%Y") in bezwaar.inner_text()
    assert "Awb art. 7:10" in bezwaar.inner_text()
