"""In a real browser: the count of the task list in the navigation, the list itself with a link into the dossier,
and a rejected message marked as handled (issue 16 item 7)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import GebruikerFactory
from tests.factories_toegang import client_in, toegangsregio
from wmoketen.accounts.constants import Rol
from wmoketen.berichten.constants import Richting, Status
from wmoketen.signalen.models import Afgevinkt
from wmoketen.signalen.selectors import takenlijst
from wmoketen.signalen.tests.test_signalen import _bericht
from wmoketen.toegang import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WACHTWOORD = "geheim-wachtwoord-1"


def test_the_navigation_counts_the_list_links_into_the_dossier_and_a_rejection_is_ticked_off(
    ingelogde_pagina: Any,
) -> None:
    t = toegangsregio()
    vandaag = timezone.localdate()
    m = services.melding_registreren(
        door=t.consulent, client=client_in(t), melddatum=vandaag - timedelta(days=30), omschrijving="Hulp thuis"
    )
    verwacht = takenlijst(gebruiker=t.consulent, vandaag=vandaag).aantal
    assert verwacht >= 1  # a melding of 30 days without a home visit is overdue

    page = ingelogde_pagina(t.consulent.username, WACHTWOORD)
    assert page.locator("#te-doen-aantal").inner_text() == str(verwacht)
    page.click("#nav-te-doen")
    assert page.locator("h1").inner_text() == "Te doen"
    rij = page.locator("#tabel-termijn tbody tr", has_text="A. Jansen")
    assert "Te laat" in rij.inner_text()
    rij.locator("a").first.click()
    assert page.url.endswith(f"/toegang/dossier/{m.pk}/")
    page.click("button:has-text('Afmelden')")

    backoffice = GebruikerFactory(username="bo-0988", rol=Rol.BACKOFFICE, regio=t.regio, gemeenten=[t.gemeente])
    afgekeurd = _bericht("0988", Richting.UIT, "301", Status.AFGEKEURD, 1, client=m.client)
    _bericht("99000001", Richting.IN, "302", Status.ONTVANGEN, 2, heen=afgekeurd)
    page = ingelogde_pagina(backoffice.username, WACHTWOORD)
    assert page.locator("#te-doen-aantal").inner_text() == "1"
    page.click("#nav-te-doen")
    rij = page.locator("#tabel-retour_afgekeurd tbody tr")
    assert f"WMO301 {afgekeurd.identificatie}" in rij.inner_text() and "Afgekeurd" in rij.inner_text()
    rij.locator("button:has-text('Afgehandeld')").click()
    assert "Afgevinkt" in page.locator(".meldingen").inner_text()
    assert page.locator("#te-doen-aantal").inner_text() == "0"
    assert Afgevinkt.objects.get().door == backoffice
