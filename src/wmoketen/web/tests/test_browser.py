"""What a person sees in a real browser (headless Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.contracten.services import regio_laden

KLEIN = Path(__file__).resolve().parents[2] / "contracten" / "tests" / "regiobestanden" / "klein.yaml"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_read_a_region_catalogue(ingelogde_pagina: Any, live_server: Any) -> None:
    regio_laden(pad=KLEIN)
    GebruikerFactory(username="consulent", rol=Rol.CONSULENT)

    page = ingelogde_pagina("consulent", "geheim-wachtwoord-1")
    assert page.locator("h1").inner_text() == "Werklijst toegang"  # the consultant's start page
    page.click("nav >> text=Regio's")
    assert page.locator("h1").inner_text() == "Regio's"
    page.click("text=Testregio")

    assert page.locator("h1").inner_text() == "Testregio"
    rij = page.locator("tr", has_text="BGI Begeleiding individueel")
    assert "€ 60,50" in rij.inner_text()
    assert "€ 4.500,00" in rij.inner_text()
    assert page.locator("#segment-BG .wmoketen-demo").count() == 4


def test_wrong_password_shows_dutch_error(ingelogde_pagina: Any) -> None:
    GebruikerFactory(username="consulent", rol=Rol.CONSULENT)
    page = ingelogde_pagina("consulent", "fout")
    assert "Gebruikersnaam of wachtwoord onjuist" in page.locator(".fout").inner_text()
