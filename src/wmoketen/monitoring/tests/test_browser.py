"""The dashboard in headless Chromium: change a filter, the chart and the numbers follow."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol

from .wereld import bouw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filter_op_gemeente_werkt_grafiek_en_tabel_bij(ingelogde_pagina: Any, live_server: Any) -> None:
    w = bouw()
    GebruikerFactory(username="contract", rol=Rol.CONTRACTMANAGER)
    page = ingelogde_pagina("contract", "geheim-wachtwoord-1")
    page.goto(f"{live_server.url}/monitoring/?van=2024-01-01&tot=2024-12-31")
    assert page.locator("h1").inner_text() == "Monitoring"

    rij_a = page.locator("#tabel-clienten tr", has_text="Aanbieder A")
    assert rij_a.locator("td.in_zorg").inner_text() == "5"
    staven = page.locator("#grafiek-clienten rect.staaf")
    assert staven.count() == 1  # B has 2 clients: no bar, "< 5"
    assert page.locator("#grafiek-clienten text.onderdrukt").count() == 1
    assert page.locator("#tabel-kosten tr", has_text="Aanbieder A").locator("td.gemiddelde").inner_text() == (
        "€ 396,00"
    )

    page.select_option("#f-gemeente", str(w.nederweert.pk))
    page.click("#f-toon")
    page.wait_for_url(f"**gemeente={w.nederweert.pk}**")

    assert page.locator("#f-gemeente").input_value() == str(w.nederweert.pk)
    rij_a = page.locator("#tabel-clienten tr", has_text="Aanbieder A")
    assert rij_a.locator("td.in_zorg").inner_text() == "< 5"
    assert page.locator("#grafiek-clienten rect.staaf").count() == 0
    assert page.locator("#grafiek-clienten text.onderdrukt").count() == 1
    assert page.locator("#tabel-clienten tr", has_text="Aanbieder B").count() == 0

    page.select_option("#f-gemeente", "")
    page.select_option("#f-per", "gemeente")
    page.click("#f-toon")
    page.wait_for_url("**per=gemeente**")
    weert = page.locator("#tabel-clienten tr").filter(has=page.get_by_role("cell", name="Weert", exact=True))
    assert weert.locator("td.in_zorg").inner_text() == "5"
    assert page.locator("#grafiek-clienten rect.staaf").count() == 1
