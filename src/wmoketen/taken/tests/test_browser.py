"""The progress bar in headless Chromium: it follows the task without reloading the page (the script comes from a
file: the Content-Security-Policy refuses inline script, and the `page` fixture fails on any refusal)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.taken.models import Taak, TaakStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bar_follows_the_task_without_reloading(ingelogde_pagina: Any, live_server: Any) -> None:
    from playwright.sync_api import expect

    gebruiker = GebruikerFactory(username="post", rol=Rol.BACKOFFICE)
    taak = Taak.objects.create(
        naam="toegang.brieven_bundelen", titel="Brieven voor de post", aangemaakt_door=gebruiker,
        status=TaakStatus.BEZIG, gedaan=1, totaal=4, stap="1 van 4 brieven",
    )  # fmt: skip
    page = ingelogde_pagina("post", "geheim-wachtwoord-1")
    page.goto(f"{live_server.url}/taken/{taak.pk}/")
    balk = page.locator(".voortgang progress")
    assert balk.get_attribute("value") == "25"
    page.evaluate("window.zelfdePagina = true")  # gone if the page were reloaded

    Taak.objects.filter(pk=taak.pk).update(gedaan=3, stap="3 van 4 brieven")
    expect(balk).to_have_attribute("value", "75", timeout=10_000)  # progress.value reflects to the attribute
    assert "3 van 4" in page.locator(".voortgang-tekst").inner_text()
    assert page.locator(".voortgang-bestand").is_hidden()

    Taak.objects.filter(pk=taak.pk).update(
        status=TaakStatus.KLAAR,
        gedaan=4,
        uitkomst="4 brieven in brieven.zip",
        bestand=b"PK",
        bestandsnaam="brieven.zip",
    )
    expect(page.locator(".voortgang")).to_have_attribute("data-status", "klaar", timeout=10_000)
    assert balk.get_attribute("value") == "100"
    assert page.locator(".voortgang-uitkomst").inner_text() == "4 brieven in brieven.zip"
    assert page.locator(".voortgang-bestand").get_attribute("href") == f"/taken/{taak.pk}/bestand/"
    assert page.locator(".voortgang-bestand").is_visible()
    assert page.evaluate("window.zelfdePagina") is True
