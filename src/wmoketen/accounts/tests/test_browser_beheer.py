"""The beheerder of a region in the admin, in a real browser: only their own region, every page within the
Content-Security-Policy (the `page` fixture fails on any violation), a change saved and logged."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import GebruikerFactory, GemeenteFactory, RegioFactory
from wmoketen.accounts.constants import Rol
from wmoketen.audit.models import Verwerking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_manages_own_region_in_the_admin(ingelogde_pagina: Any, live_server: Any) -> None:
    weert, leudal = GemeenteFactory(cbs_code="0988", naam="Weert"), GemeenteFactory(cbs_code="1640", naam="Leudal")
    eigen, ander = RegioFactory(naam="Regio Eigen"), RegioFactory(naam="Regio Ander")
    eigen.gemeenten.add(weert)
    ander.gemeenten.add(leudal)
    GebruikerFactory(username="beheer", rol=Rol.FUNCTIONEEL_BEHEER, regio=eigen, gemeenten=[weert])
    GebruikerFactory(username="consulent.eigen", rol=Rol.CONSULENT, regio=eigen, gemeenten=[weert])
    GebruikerFactory(username="consulent.ander", rol=Rol.CONSULENT, regio=ander, gemeenten=[leudal])

    page = ingelogde_pagina("beheer", "geheim-wachtwoord-1")
    page.goto(f"{live_server.url}/beheer/accounts/gebruiker/")
    lijst = page.locator("#result_list").inner_text()
    assert "consulent.eigen" in lijst and "consulent.ander" not in lijst

    page.click("text=consulent.eigen")
    page.locator("#id_gemeenten").wait_for()  # the change page has loaded (count() and all_inner_texts() do not wait)
    assert page.locator("#id_is_superuser").count() == 0 and page.locator("#id_groups").count() == 0
    beschikbaar = page.locator("#id_gemeenten option").all_inner_texts()  # a plain labelled multiple select
    assert any("Weert" in t for t in beschikbaar) and not any("Leudal" in t for t in beschikbaar)
    page.fill("#id_first_name", "Femke")
    page.click("input[name=_save]")
    assert "met succes gewijzigd" in page.locator(".messagelist").inner_text()
    record = Verwerking.objects.get(object_type="accounts.Gebruiker")
    assert record.actie == "wijzigen" and record.toelichting == "consulent.eigen: voornaam: (leeg) → Femke"
