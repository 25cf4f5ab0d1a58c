"""The import pages pass axe-core (WCAG 2.1 A/AA, nothing serious or critical) in Chromium: the upload form, its
refusal of a wrong file, and the report of a dry run with refusals, money and the four-eyes button. The demo crawl
(web/tests/test_toegankelijkheid.py) reaches the upload form but no report (the demo imports nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.auth import code_voor
from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.catalogus.models import Regio
from wmoketen.contracten.services import regio_laden
from wmoketen.migratie.importeren import import_draaien, proefdraai_aanmaken
from wmoketen.migratie.proefarchief import proefarchief_schrijven
from wmoketen.web.tests.test_toegankelijkheid import _beschrijf, axe_bevindingen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_importpaginas_zonder_ernstige_bevindingen_van_axe(
    page: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    regio_laden(pad=Path(settings.BASE_DIR) / "regions" / "midden-limburg-2024.yaml")
    regio = Regio.objects.get(code="midden-limburg-2024")
    a = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio)
    b = GebruikerFactory(rol=Rol.FUNCTIONEEL_BEHEER, regio=regio)
    proefarchief_schrijven(regio=regio, doel=tmp_path / "archief", toewijzingen=4, maanden=2, slecht=True)
    proef = import_draaien(proefdraai_aanmaken(regio=regio, bron=tmp_path / "archief", door=a).pk)
    assert proef.afwijzingen.exists()

    page.goto(f"{live_server.url}/aanmelden/")
    page.fill("#id_username", b.username)
    page.fill("#id_password", "geheim-wachtwoord-1")
    page.click("button[type=submit]")
    page.fill("#id_code", code_voor(b))
    page.click("main button[type=submit]")
    assert "/aanmelden/" not in page.url

    bevindingen: list[str] = []
    for url in ("/migratie/", "/migratie/importeren/", f"/migratie/{proef.pk}/"):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_selector("main h1")
        bevindingen += [_beschrijf(b.username, url, v) for v in axe_bevindingen(page)]
    assert page.locator("#starten button").count() == 1  # the four-eyes button is on the checked page
    assert page.locator("#afwijzingen tbody tr").count() == proef.afwijzingen.count()

    fout = tmp_path / "programma.exe"
    fout.write_bytes(b"MZ\x90\x00")
    page.goto(f"{live_server.url}/migratie/importeren/")
    page.set_input_files("#bestand", str(fout))
    page.click("main button[type=submit]")
    page.wait_for_selector("div.fouten[role=alert]")
    bevindingen += [_beschrijf(b.username, "/migratie/importeren/ (geweigerd)", v) for v in axe_bevindingen(page)]
    assert bevindingen == [], "\n".join(bevindingen)
