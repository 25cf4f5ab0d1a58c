from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from tests.auth import login_met_tweede_factor
from tests.factories import GebruikerFactory
from wmoketen.accounts.constants import Rol
from wmoketen.accounts.models import Gebruiker
from wmoketen.cli import resolve
from wmoketen.clienten.models import Client
from wmoketen.contracten.services import regio_laden
from wmoketen.core.bsn import is_test_bsn

KLEIN = Path(__file__).resolve().parents[2] / "contracten" / "tests" / "regiobestanden" / "klein.yaml"

pytestmark = pytest.mark.django_db


def login(rol: str = Rol.CONSULENT, **velden: object) -> HttpClient:
    return login_met_tweede_factor(HttpClient(), GebruikerFactory(rol=rol, **velden))


def test_home_lists_loaded_regions() -> None:
    regio_laden(pad=KLEIN)
    html = login().get("/regios/").content.decode()
    assert "Testregio" in html
    assert "Nederweert, Weert" in html


def test_catalogue_page_reads_like_a_catalogue() -> None:
    regio_laden(pad=KLEIN)
    html = login().get("/catalogus/testregio/").content.decode()
    assert "Segment BG · Begeleiding" in html
    assert "Perceel KDV · Kortdurend verblijf" in html
    assert "€ 60,50" in html and "€ 4.500,00" in html
    assert "Prijs x hoeveelheid (p x q), uur, per week" in html
    assert "Trajectprijs, euro&#x27;s, totaal binnen geldigheidsduur toewijzing" in html
    assert "kostprijs € 150,00 per 4 weken" in html
    assert "Kalendermaand naar rato" in html
    assert "€ 250.000,00" in html  # budget ceiling


def test_unknown_region_is_404() -> None:
    assert login().get("/catalogus/bestaat-niet/").status_code == 404


def test_admin_only_for_functioneel_beheer() -> None:
    assert login(Rol.CONSULENT).get("/beheer/").status_code == 302
    beheer = login(Rol.FUNCTIONEEL_BEHEER)
    response = beheer.get("/beheer/")
    assert response.status_code == 200
    assert "Catalogus, contracten en gebruikers" in response.content.decode()
    assert beheer.get("/beheer/catalogus/product/").status_code == 200
    assert login(Rol.CONTRACTMANAGER).get("/beheer/catalogus/product/").status_code == 302


def test_login_page_is_dutch() -> None:
    html = HttpClient().get("/aanmelden/").content.decode()
    assert "Aanmelden" in html and "Wachtwoord" in html


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["wmoketen", "region", "load", "a.yaml"], ["wmoketen", "region_load", "a.yaml"]),
        (["wmoketen", "validate", "x.xml"], ["wmoketen", "validate", "x.xml"]),
        (["wmoketen", "manage", "migrate"], ["wmoketen", "migrate"]),
        (["wmoketen"], ["wmoketen", "help"]),
    ],
)
def test_cli_maps_readable_names_onto_commands(argv: list[str], expected: list[str]) -> None:
    assert resolve(argv, {"region_load", "validate", "migrate"}) == expected


def test_demo_command_is_idempotent_and_uses_test_bsns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "klein.yaml").write_text(KLEIN.read_text())
    call_command("demo", regions=str(tmp_path))
    eerste = (Gebruiker.objects.count(), Client.objects.count())
    call_command("demo", regions=str(tmp_path))

    assert (Gebruiker.objects.count(), Client.objects.count()) == eerste
    assert eerste == (7, 24)  # 12 demo clients per municipality
    assert all(is_test_bsn(bsn) for bsn in Client.objects.values_list("bsn", flat=True))
    out = capsys.readouterr().out
    assert "consulent.testregio" in out and "wmoketen-demo" in out


def test_demo_code_only_for_demo_users_and_only_under_demo_settings(capsys: pytest.CaptureFixture[str]) -> None:
    import pyotp
    from django.core.management import CommandError
    from django.test import override_settings

    from wmoketen.accounts.demo import DEMO_TOTP_GEHEIM

    GebruikerFactory(username="beheer.x", rol=Rol.FUNCTIONEEL_BEHEER, totp_geheim=DEMO_TOTP_GEHEIM)
    GebruikerFactory(username="echt", rol=Rol.FUNCTIONEEL_BEHEER, totp_geheim=pyotp.random_base32())
    with override_settings(WMOKETEN_DEMO=False), pytest.raises(CommandError, match="alleen met de demo-instellingen"):
        call_command("demo_code", "beheer.x")
    with pytest.raises(CommandError, match="Geen demogebruiker"):
        call_command("demo_code", "echt")
    call_command("demo_code", "beheer.x")
    assert pyotp.TOTP(DEMO_TOTP_GEHEIM).verify(capsys.readouterr().out.strip(), valid_window=1)


def test_security_txt() -> None:
    response = HttpClient().get("/.well-known/security.txt")
    tekst = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "Contact: mailto:security@wmoketen.example" in tekst
    assert "Preferred-Languages: nl, en" in tekst
    assert "Expires: " in tekst and tekst.count("\n") == 4


def test_accessibility_statement_is_public_and_follows_the_register_format() -> None:
    html = HttpClient().get("/toegankelijkheid/").content.decode()
    # the sections of the government's model statement (toegankelijkheidsverklaring.nl)
    for kop in (
        "Nalevingsstatus",
        "Welke onderzoeken zijn uitgevoerd?",
        "Wat is er nog niet toegankelijk?",
        "Welke maatregelen zijn genomen?",
        "Contact en klachten",
    ):
        assert f">{kop}</h2>" in html
    assert "C: eerste maatregelen genomen" in html and "WCAG 2.1 niveau A en AA" in html
    assert 'href="/toegankelijkheid/"' in login().get("/regios/").content.decode()  # linked from every page
