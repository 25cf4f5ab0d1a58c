"""In a real browser: the consultant finds a client by BSN and by name, ends the provision for death; the provider
sees the ending with its reason, the 301 that carried it, and up to which day it can still declare."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories_toegang import client_in, toegangsregio
from wmoketen.berichten.services import openstaande_301_verzenden
from wmoketen.toewijzingen.models import Toewijzing
from wmoketen.toewijzingen.services import toewijzing_aanmaken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WACHTWOORD = "geheim-wachtwoord-1"


def test_find_end_for_death_and_the_provider_sees_the_301(ingelogde_pagina: Any, live_server: Any) -> None:
    t = toegangsregio()
    vandaag = timezone.localdate()
    client = client_in(t)
    toewijzing = toewijzing_aanmaken(
        client=client, aanbieder=t.aanbieder, product=t.bgi1, ingangsdatum=vandaag - timedelta(days=60),
        einddatum=vandaag + timedelta(days=300), volume=3,
    )  # fmt: skip
    openstaande_301_verzenden()  # the provider has the assignment
    overleden = vandaag - timedelta(days=3)

    page = ingelogde_pagina(t.consulent.username, WACHTWOORD)
    page.click("nav >> text=Cliënt zoeken")
    page.fill("#id_q", client.bsn)
    page.click("button:has-text('Zoeken')")
    assert page.locator("#resultaten tbody tr").count() == 1
    assert client.bsn not in page.url
    page.fill("#id_q", "jansen")
    page.click("button:has-text('Zoeken')")
    page.click("#resultaten >> text=A. Jansen")
    assert page.locator("h1").inner_text().startswith("A. Jansen")
    assert str(toewijzing.toewijzing_nummer) in page.locator("#lopend").inner_text()

    page.click("#beeindigen")
    page.check("input[name=reden][value=overlijden]")
    page.fill("#id_per", overleden.isoformat())
    page.click("button:has-text('Beëindigen')")
    assert "OP186" in page.locator(".errorlist").first.inner_text()  # in the past: the provider must agree
    page.check("#id_akkoord_aanbieder")
    page.click("button:has-text('Beëindigen')")
    assert "1 voorziening(en) beëindigd" in page.locator(".meldingen").inner_text()
    assert "overleden" in page.locator("h1").inner_text()
    assert "02 Cliënt overleden" in page.locator("#beeindigd").inner_text()
    page.click("button:has-text('Afmelden')")

    page = ingelogde_pagina(t.aanbieder_gebruiker.username, WACHTWOORD)
    assert page.url.endswith("/berichten/portaal/")  # the provider's start page
    rij = page.locator("tr", has_text=str(toewijzing.toewijzing_nummer))
    assert "02 Cliënt overleden" in rij.inner_text()
    rij.locator(f"text={toewijzing.toewijzing_nummer}").click()
    assert overleden.strftime("%d-%m-%Y") in page.locator("#declareren-tot").inner_text()
    assert "TR308" in page.locator("#declareren-tot").inner_text()
    page.locator("#toewijzingsberichten a").first.click()
    inhoud = page.locator("main").inner_text()
    assert "RedenWijziging 02" in inhoud and f"Einddatum {overleden.isoformat()}" in inhoud
    assert Toewijzing.objects.get(pk=toewijzing.pk).einddatum == overleden
