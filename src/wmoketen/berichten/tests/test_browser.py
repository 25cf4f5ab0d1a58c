"""A provider without iWmo software sends a start (305) from its portal and sees the 306 in the browser."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.factories_berichten import WACHTWOORD, keten
from wmoketen.berichten.uitwisseling.verwerken import uitwisseling_verwerken
from wmoketen.toewijzingen.models import Start
from wmoketen.toewijzingen.services import toewijzing_aanmaken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_sends_a_start_from_the_portal_and_sees_the_306(
    ingelogde_pagina: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    settings.WMOKETEN_UITWISSELING_MAP = tmp_path
    k = keten()
    t = toewijzing_aanmaken(
        client=k.client, aanbieder=k.aanbieder, product=k.totaal, ingangsdatum=date(2025, 1, 1), volume=40
    )
    uitwisseling_verwerken()  # the 301 goes out and the provider's 302 comes back

    page = ingelogde_pagina(k.medewerker.username, WACHTWOORD)
    page.goto(f"{live_server.url}/berichten/portaal/")
    assert page.locator("h1").inner_text() == f"Portaal {k.aanbieder.naam}"
    page.click(f"text={t.toewijzing_nummer}")
    assert page.locator("#levering").inner_text() == "niet gestart"
    page.fill("#start-form input[name=begindatum]", "2025-01-06")
    page.click("#start-form button[type=submit]")

    assert page.locator("h1").inner_text() == "WMO305 Start ondersteuning"
    assert "Goedgekeurd" in page.locator("#status").inner_text()
    page.click("a.retour")
    assert page.locator("h1").inner_text() == "WMO306 Start retour"
    assert page.locator("#retourcodes").inner_text() == "0200 Geen opmerking over deze berichtklasse"
    assert Start.objects.get().begindatum == date(2025, 1, 6)
